import { pino } from 'pino'

export type Logger = pino.Logger

/**
 * Paths that may carry a secret anywhere in a log line. Tokens, passwords and connector
 * credentials must never reach a log (DESIGN: secrets never in logs), so they are censored by
 * path rather than by trusting every call site.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'token',
  'password',
  'secret',
  'clientSecret',
  'authorization',
  '*.token',
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.client_secret',
  '*.authorization',
  '*.credentials',
  '*.*.token',
  '*.*.password',
  '*.*.clientSecret',
  // OAuth and console sessions (issue 3): never log a grant's secrets or a session's CSRF token.
  'csrfToken',
  '*.csrfToken',
  'client_secret',
  'access_token',
  'refresh_token',
  'id_token',
  'code_verifier',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  '*.code_verifier',
  // Connector credentials, wherever a header object or config lands in a log line.
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers.cookie',
  'apiKey',
  '*.apiKey',
  '*.privateKey',
]

export type LoggerOptions = { level: string; pretty?: boolean }

export function createLogger(options: LoggerOptions, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: 'rollcall' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ dest: 2, sync: false }),
  )
}

/** A logger that drops everything; for tests and for CLI commands that print JSON. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' })
}
