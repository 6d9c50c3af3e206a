import { loadConfig, type ResolvedConfig, resolveSecretKey } from '../../platform/config/index.js'
import { createLogger } from '../../shared/logger.js'
import { createServices, type Services } from '../http/index.js'
import { createOutput, type Output } from './output.js'

/** Options every command accepts (they override the config file and environment). */
export type GlobalOptions = {
  config?: string
  dataDir?: string
  databaseUrl?: string
  json?: boolean
}

/** Loads the configuration exactly as the server does, with command-line overrides on top. */
export function resolveConfig(
  options: GlobalOptions,
  extra: Record<string, unknown> = {},
): ResolvedConfig {
  const loaded = loadConfig({
    ...(options.config ? { file: options.config } : {}),
    overrides: { dataDir: options.dataDir, 'database.url': options.databaseUrl, ...extra },
  })
  if (!loaded.ok) throw loaded.error
  return loaded.value
}

/**
 * Runs a command with the services open on the configured database, and always closes them.
 * The CLI logs only warnings, to stderr, so stdout stays clean for --json.
 */
export async function withServices<T>(
  options: GlobalOptions,
  run: (services: Services, output: Output) => Promise<T>,
): Promise<T> {
  const config = resolveConfig(options)
  announceNewSecretKey(config)
  const services = await createServices(config, { log: createLogger({ level: 'warn' }) })
  try {
    return await run(services, createOutput(options.json === true))
  } finally {
    await services.store.close()
  }
}

/**
 * Makes the data dir's secret key before the services would, so its creation is said in words on
 * stderr (once, on the first run) instead of as a JSON log line; the services then find the file.
 */
export function announceNewSecretKey(
  config: ResolvedConfig,
  stderr: { write(text: string): unknown } = process.stderr,
): void {
  const secret = resolveSecretKey(config.secretKey, config.dataDir)
  if (!secret.generated) return
  stderr.write(
    `rollcall: created a secret key in ${secret.file}. It encrypts the apps' credentials stored in this data dir: back it up with the database (or set ROLLCALL_SECRET_KEY).\n`,
  )
}
