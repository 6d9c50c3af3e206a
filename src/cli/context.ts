import { createServices, type Services } from '../app/index.js'
import { loadConfig, type ResolvedConfig } from '../config/index.js'
import { createLogger } from '../shared/logger.js'
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
  const services = await createServices(config, { log: createLogger({ level: 'warn' }) })
  try {
    return await run(services, createOutput(options.json === true))
  } finally {
    await services.store.close()
  }
}
