// Runs one emulator until stopped: `tsx test/emulators/serve.ts <sana|stensul|okta> [--port N] ...`
// (also `rollcall emulator <name>`). Prints one JSON line with the base URL and a ready
// app.json `connection` block, then serves until SIGINT/SIGTERM.
import { parseArgs } from 'node:util'
import type { FaultOptions } from './faults.js'
import { startOktaEmulator } from './okta.js'
import { startSanaEmulator } from './sana.js'
import { startStensulEmulator } from './stensul.js'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    users: { type: 'string' },
    'rate-limit': { type: 'string' },
    'error-rate': { type: 'string' },
    'reset-rate': { type: 'string' },
    'slow-rate': { type: 'string' },
    'slow-ms': { type: 'string' },
    'short-page-rate': { type: 'string' },
    seed: { type: 'string' },
  },
})

const number = (value: string | undefined) => (value === undefined ? undefined : Number(value))

function faultOptions(): FaultOptions {
  const entries = {
    seed: number(values.seed),
    rateLimitPerSecond: number(values['rate-limit']),
    errorRate: number(values['error-rate']),
    resetRate: number(values['reset-rate']),
    slowRate: number(values['slow-rate']),
    slowMs: number(values['slow-ms']),
    shortPageRate: number(values['short-page-rate']),
  }
  for (const [key, value] of Object.entries(entries)) {
    if (value !== undefined && !Number.isFinite(value)) throw new Error(`--${key} must be a number`)
  }
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined))
}

/** An Okta org: its users, its groups, and a source.json / app.json ready to paste. */
async function serveOkta(): Promise<void> {
  const okta = await startOktaEmulator({
    port: number(values.port) ?? 0,
    ...(values.host ? { host: values.host } : {}),
    ...(values['rate-limit']
      ? { rateLimit: { limit: Number(values['rate-limit']) * 60, windowMs: 60_000 } }
      : {}),
  })
  const users = number(values.users) ?? 0
  const ids = okta.seedUsers(
    Array.from({ length: users }, (_, i) => `user${String(i + 1).padStart(5, '0')}@example.com`),
  )
  if (ids.length > 0) okta.seedGroup('Engineering', ids.slice(0, Math.ceil(ids.length / 2)))
  const source = { orgUrl: okta.orgUrl, token: okta.token }
  process.stdout.write(
    `${JSON.stringify({ emulator: 'okta', orgUrl: okta.orgUrl, source, connection: okta.connection })}\n`,
  )
  const stop = async () => {
    await okta.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

async function main(): Promise<void> {
  const name = positionals[0]
  if (name === 'okta') return serveOkta()
  const common = {
    ...(values.host ? { host: values.host } : {}),
    port: number(values.port) ?? 0,
    faults: faultOptions(),
  }
  const emulator =
    name === 'sana'
      ? await startSanaEmulator(common)
      : name === 'stensul'
        ? await startStensulEmulator(common)
        : undefined
  if (!emulator)
    throw new Error('usage: serve.ts <sana|stensul|okta> [--port N] [--users N] [faults]')
  const users = number(values.users) ?? 0
  emulator.seed(
    Array.from({ length: users }, (_, i) => `user${String(i + 1).padStart(5, '0')}@example.com`),
  )
  process.stdout.write(
    `${JSON.stringify({ emulator: name, baseUrl: emulator.baseUrl, connection: emulator.connection })}\n`,
  )
  const stop = async () => {
    await emulator.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
