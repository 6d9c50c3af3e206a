import path from 'node:path'
import { loadConfig, type ResolvedConfig } from '../../src/platform/config/index.js'

/** The SQLite file of a bench data dir (what the hub opens by default for that dir). */
export const databaseFile = (dataDir: string) => path.join(dataDir, 'rollcall.db')

/**
 * The hub's configuration for a bench data dir: defaults, as `npm start` would run, except a
 * fixed secret key (no key file, no warning), warnings-only logs, and no config file or
 * environment, so a stray ROLLCALL_* variable cannot change what is measured.
 */
export function hubConfig(
  dataDir: string,
  port = 0,
  extra: Readonly<Record<string, unknown>> = {},
): ResolvedConfig {
  const loaded = loadConfig({
    env: {},
    file: false,
    overrides: {
      dataDir,
      'server.port': port,
      'database.url': `sqlite:${databaseFile(dataDir)}`,
      secretKey: 'bench-secret-key-that-is-long-enough-0123456789',
      'log.level': 'warn',
      ...extra,
    },
  })
  if (!loaded.ok) throw loaded.error
  return loaded.value
}
