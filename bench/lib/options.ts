import { parseArgs } from 'node:util'

export type BenchOptions = {
  readonly users: number
  readonly durationSeconds: number
  readonly warmupSeconds: number
  readonly connections: number
  readonly only?: readonly string[]
  readonly jsonFile?: string
  /** Directory profile of the seeded SCIM directory (standard: PATCH answers 200 with the user). */
  readonly directoryProfile: 'standard' | 'okta' | 'entra'
  /**
   * SQLite `synchronous` of the servers under test. `full` is what the hub ships; `normal` and
   * `off` are diagnostics that show what durability costs (the write targets then do not apply).
   */
  readonly synchronous: Synchronous
  /** CPU-profile each server's measured window into this directory (figures then include overhead). */
  readonly profileDir?: string
  readonly keepData: boolean
  /** Size of the reconciliation graph: 1 = 1M people × 10 apps. */
  readonly scale: number
  /** PostgreSQL for the reconciliation benchmarks (its database gets a cached schema). */
  readonly postgresUrl?: string
  /** Measured samples of the latency benchmarks (offboarding). */
  readonly samples: number
  readonly list: boolean
  readonly help: boolean
}

export const SYNCHRONOUS = ['full', 'normal', 'off'] as const
export type Synchronous = (typeof SYNCHRONOUS)[number]

export const USAGE = `Usage: npm run bench -- [options]

  --users <n>            users seeded into SQLite before the run        (100000)
  --duration <s>         measured seconds per benchmark                  (10)
  --warmup <s>           warm-up seconds per benchmark, not measured     (3)
  --connections <n>      concurrent keep-alive connections (autocannon -c) (16)
  --only <names>         comma-separated names or prefixes (scim, baseline.json);
                         the references their ratios need run too
  --json <file>          also save the results, machine and commit as JSON
  --directory-profile <p> standard | okta | entra                        (standard)
  --profile <dir>        CPU-profile every server's measured window into <dir> and print
                         where the time goes (profiling slows the server: compare ratios
                         only between runs that both profile, or neither)
  --synchronous <mode>   full | normal | off: SQLite durability of the servers under test
                         (full). Not full = a diagnostic of what fsync costs; not durable,
                         so the write targets are not judged
  --keep                 keep the seeded data dir (its path is printed)
  --scale <x>            size of the reconciliation graph: 1 = 1M people x 10 apps,
                         0.01 = 10,000 people (1); seeded graphs are cached in
                         bench/results/reconcile/ and in PostgreSQL schemas bench_reconcile_*
  --postgres-url <url>   PostgreSQL of the reconciliation benchmarks (default
                         ROLLCALL_BENCH_POSTGRES_URL, then ROLLCALL_TEST_POSTGRES_URL)
  --samples <n>          measured samples of the offboarding latency (40)
  --list                 list the benchmarks and exit`

/** Parses the runner's argv; throws with the usage text on anything it does not know. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      users: { type: 'string', default: '100000' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '16' },
      only: { type: 'string' },
      json: { type: 'string' },
      'directory-profile': { type: 'string', default: 'standard' },
      profile: { type: 'string' },
      synchronous: { type: 'string', default: 'full' },
      keep: { type: 'boolean', default: false },
      scale: { type: 'string', default: '1' },
      'postgres-url': { type: 'string' },
      samples: { type: 'string', default: '40' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  })
  const profile = values['directory-profile']
  if (profile !== 'standard' && profile !== 'okta' && profile !== 'entra') {
    throw new Error(`--directory-profile must be standard, okta or entra\n\n${USAGE}`)
  }
  const synchronous = SYNCHRONOUS.find((s) => s === values.synchronous)
  const postgresUrl =
    values['postgres-url'] ??
    process.env.ROLLCALL_BENCH_POSTGRES_URL ??
    process.env.ROLLCALL_TEST_POSTGRES_URL
  if (!synchronous) throw new Error(`--synchronous must be full, normal or off\n\n${USAGE}`)
  return {
    users: positiveInteger('users', values.users),
    durationSeconds: positiveInteger('duration', values.duration),
    warmupSeconds: positiveInteger('warmup', values.warmup),
    connections: positiveInteger('connections', values.connections),
    ...(values.only
      ? {
          only: values.only
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        }
      : {}),
    ...(values.json ? { jsonFile: values.json } : {}),
    directoryProfile: profile,
    synchronous,
    ...(values.profile ? { profileDir: values.profile } : {}),
    keepData: values.keep,
    scale: positiveNumber('scale', values.scale),
    ...(postgresUrl ? { postgresUrl } : {}),
    samples: positiveInteger('samples', values.samples),
    list: values.list,
    help: values.help,
  }
}

function positiveNumber(name: string, raw: string | undefined): number {
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`--${name} must be a positive number, got '${raw}'\n\n${USAGE}`)
  }
  return value
}

function positiveInteger(name: string, raw: string | undefined): number {
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`--${name} must be a positive integer, got '${raw}'\n\n${USAGE}`)
  }
  return value
}
