import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import { err, ok, type Result } from '../../shared/result.js'
import { type Config, configSchema, ENV_KEYS } from './schema.js'

/** Settings after defaults are resolved: the database URL and public URL are always known. */
export type ResolvedConfig = Readonly<
  Omit<Config, 'database' | 'server'> & {
    server: Readonly<Config['server'] & { publicUrl: string }>
    database: Readonly<Config['database'] & { url: string; dialect: 'sqlite' | 'postgres' }>
  }
>

export type LoadOptions = {
  env?: Readonly<Record<string, string | undefined>>
  /** Path of a JSON config file; defaults to ./rollcall.config.json when it exists; false: none. */
  file?: string | false
  /** Highest-precedence overrides, e.g. from CLI flags, as dotted keys. */
  overrides?: Readonly<Record<string, unknown>>
  cwd?: string
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/**
 * Loads the configuration: defaults < rollcall.config.json < env < overrides. Every invalid key
 * is reported at once, with where it came from, so a bad deploy is fixed in one go.
 */
export function loadConfig(options: LoadOptions = {}): Result<ResolvedConfig, ConfigError> {
  const env = options.env ?? process.env
  const cwd = options.cwd ?? process.cwd()
  const raw: Record<string, unknown> = {}
  const origin = new Map<string, string>()
  const problems: string[] = []

  const filePath = options.file || env.ROLLCALL_CONFIG || path.join(cwd, 'rollcall.config.json')
  if (options.file !== false && (options.file || env.ROLLCALL_CONFIG || existsSync(filePath))) {
    const fileResult = readConfigFile(filePath)
    if (fileResult.ok) mergeDeep(raw, fileResult.value)
    else problems.push(fileResult.error)
  }
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name]
    if (value === undefined || value === '') continue
    setPath(raw, key, value)
    origin.set(key, `env ${name}`)
  }
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue
    setPath(raw, key, value)
    origin.set(key, 'command line')
  }

  const parsed = configSchema.safeParse(raw)
  if (!parsed.success) problems.push(...describeIssues(parsed.error.issues, origin))
  if (problems.length > 0 || !parsed.success) return err(new ConfigError(problems))
  return ok(deepFreeze(resolve(parsed.data, cwd)))
}

function resolve(config: Config, cwd: string): ResolvedConfig {
  const dataDir = path.resolve(cwd, config.dataDir)
  const url = config.database.url ?? `sqlite:${path.join(dataDir, 'rollcall.db')}`
  const dialect = url.startsWith('sqlite:') ? 'sqlite' : 'postgres'
  const publicUrl = (config.server.publicUrl ?? `http://127.0.0.1:${config.server.port}`).replace(
    /\/+$/,
    '',
  )
  return {
    ...config,
    dataDir,
    server: { ...config.server, publicUrl },
    database: { ...config.database, url, dialect },
  }
}

function readConfigFile(filePath: string): Result<Record<string, unknown>, string> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(filePath, 'utf8'))
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return err(`${filePath}: must contain a JSON object`)
    }
    return ok(parsed as Record<string, unknown>)
  } catch (error) {
    return err(`${filePath}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

function describeIssues(issues: readonly z.core.$ZodIssue[], origin: Map<string, string>) {
  return issues.map((issue) => {
    const key = issue.path.join('.')
    const from = origin.get(key)
    const where = from ? ` (from ${from})` : ''
    if (issue.code === 'unrecognized_keys') {
      const prefix = key ? `${key}.` : ''
      return `unknown key(s): ${issue.keys.map((k) => prefix + k).join(', ')}`
    }
    return `${key || '(root)'}${where}: ${issue.message}`
  })
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.')
  let node = target
  for (const key of keys.slice(0, -1)) {
    const next = node[key]
    if (typeof next !== 'object' || next === null) node[key] = {}
    node = node[key] as Record<string, unknown>
  }
  node[keys[keys.length - 1] as string] = value
}

function mergeDeep(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key]
    if (isPlainObject(value) && isPlainObject(existing)) mergeDeep(existing, value)
    else target[key] = value
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}
