import { ConfigError } from '../../platform/config/index.js'
import { ApiError } from '../../shared/api-error.js'

/** Exit codes scripts can trust: 0 done, 1 the operation failed, 2 the command line was wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

export type Output = {
  readonly json: boolean
  /** The command's result: one JSON object with --json, else human-readable lines. */
  result(value: unknown, human: () => string): void
  /** Progress and notes for humans; never on stdout with --json. */
  note(text: string): void
  /** Something the person must act on: on stderr, with --json too (scripts read stdout only). */
  warn(text: string): void
}

export function createOutput(
  json: boolean,
  streams = { stdout: process.stdout, stderr: process.stderr },
): Output {
  return {
    json,
    result(value, human) {
      streams.stdout.write(json ? `${JSON.stringify(value)}\n` : `${human()}\n`)
    },
    note(text) {
      if (!json) streams.stderr.write(`${text}\n`)
    },
    warn(text) {
      streams.stderr.write(`rollcall: ${text}\n`)
    },
  }
}

/**
 * Reports a failure: with --json a `{"error":{"code","message"}}` object on stdout (scripts parse
 * one stream), otherwise the message and the next step on stderr. Returns the exit code.
 */
export function reportError(
  error: unknown,
  json: boolean,
  streams = { stdout: process.stdout, stderr: process.stderr },
): number {
  const { code, message } = describe(error)
  const usage =
    code === 'USAGE' ||
    code.endsWith('_NOT_FOUND') ||
    (error instanceof ApiError && error.status === 404)
  if (json) streams.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`)
  else streams.stderr.write(`rollcall: ${message}\n`)
  // A wrong command line (a missing option, an id or name that matches nothing: a 404 here is
  // always something typed) is usage, as the help says; everything else is the operation failing.
  return usage ? EXIT.usage : EXIT.failed
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof ApiError) return { code: error.code, message: error.message }
  if (error instanceof ConfigError) return { code: 'CONFIG_INVALID', message: error.message }
  if (error instanceof CliError) return { code: error.code, message: error.message }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) }
}

/** A CLI-level failure with a stable code and a message that says what to do next. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'CliError'
  }
}
