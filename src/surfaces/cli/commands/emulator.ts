import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { CliError } from '../output.js'

const EMULATORS = ['sana', 'stensul', 'okta'] as const

/** Options passed through to the emulator runner (test/emulators/serve.ts). */
const PASSED = [
  ['--port <n>', 'port (default 0: any free one)'],
  ['--host <host>', 'address (default 127.0.0.1)'],
  ['--users <n>', 'accounts to start with'],
  ['--rate-limit <n>', 'requests per second before 429 + Retry-After'],
  ['--error-rate <x>', 'share of requests answered 5xx'],
  ['--reset-rate <x>', 'share of connections reset'],
  ['--slow-rate <x>', 'share of slow answers'],
  ['--slow-ms <n>', 'how slow'],
  ['--short-page-rate <x>', 'share of list pages that come back short'],
  ['--seed <n>', 'seed of the fault dice'],
] as const

/**
 * `rollcall emulator <sana|stensul|okta>`: starts an emulated SaaS app for demos. The emulators
 * live in src/dev/emulators; their command-line runner (test/emulators/serve.ts) ships with a
 * checkout, runs in a child process and prints a ready `connection` block for app.json.
 */
export function registerEmulator(program: Command): void {
  const command = program
    .command('emulator <name>')
    .description(`run an emulated app (${EMULATORS.join(', ')}) with optional injected faults`)
  for (const [flags, description] of PASSED) command.option(flags, description)
  command.action(async (name: string, options: Record<string, string | undefined>) => {
    if (!(EMULATORS as readonly string[]).includes(name)) {
      throw new CliError('USAGE', `The emulators are ${EMULATORS.join(', ')}.`)
    }
    const script = fileURLToPath(new URL('../../../../test/emulators/serve.ts', import.meta.url))
    if (!existsSync(script)) {
      throw new CliError('EMULATOR_MISSING', 'The emulators ship with a source checkout only.')
    }
    const args = Object.entries(options).flatMap(([key, value]) =>
      value === undefined ? [] : [`--${kebab(key)}`, value],
    )
    const code = await runChild(process.execPath, ['--import', 'tsx', script, name, ...args])
    if (code !== 0) throw new CliError('EMULATOR_FAILED', `The emulator exited with code ${code}.`)
  })
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)
}

/** Runs the emulator in the foreground; Ctrl-C stops it and then the CLI. */
function runChild(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' })
    const stop = () => child.kill('SIGTERM')
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(code ?? (signal === 'SIGTERM' ? 0 : 1))
    })
  })
}
