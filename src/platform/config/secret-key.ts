import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export type SecretKeySource = { key: string; generated: boolean; file?: string }

/**
 * The key that encrypts secrets at rest: ROLLCALL_SECRET_KEY when set, otherwise a random key
 * generated once into <dataDir>/secret.key (mode 0600) and reused by the server and the CLI.
 */
export function resolveSecretKey(configured: string | undefined, dataDir: string): SecretKeySource {
  if (configured) return { key: configured, generated: false }
  const file = path.join(dataDir, 'secret.key')
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), generated: false, file }
  mkdirSync(dataDir, { recursive: true })
  const key = randomBytes(32).toString('base64url')
  // 'wx' fails if another process (the CLI beside the server) created it first; read theirs then.
  try {
    writeFileSync(file, `${key}\n`, { flag: 'wx', mode: 0o600 })
    chmodSync(file, 0o600)
    return { key, generated: true, file }
  } catch {
    return { key: readFileSync(file, 'utf8').trim(), generated: false, file }
  }
}
