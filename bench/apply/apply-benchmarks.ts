import { spawn } from 'node:child_process'
import type { BenchContext, Benchmark, Measurement } from '../lib/benchmark.js'
import { REPO_ROOT } from '../lib/server-process.js'
import type { ApplyBenchResult } from './apply-throughput.js'

/** Issue 16: at least this many operations per second when the apps are not the limit. */
export const MIN_OPS_PER_SECOND = 1000
/** Each app's limit in the rate-limited line, requests per second. */
export const APP_LIMIT = 50
export const APPS = 10
/** People per line: 10 apps each, so 20,000 operations (`--apply-people` changes it). */
const PEOPLE = 2000

/** Runs bench/apply/apply-throughput.ts in its own process: its peak RSS is the line's own. */
function runChild(args: readonly string[]): Promise<ApplyBenchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/apply/apply-throughput.ts', ...args],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
    })
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`apply-throughput exited with ${code}`))
      resolve(JSON.parse(out) as ApplyBenchResult)
    })
  })
}

function measurement(result: ApplyBenchResult, rate: number, detail: string): Measurement {
  if (result.duplicates > 0) throw new Error(`${result.duplicates} accounts created twice`)
  if (result.applied !== result.operations)
    throw new Error(`${result.applied} of ${result.operations} operations applied`)
  return {
    requestsPerSecond: rate,
    requests: result.applied,
    p50Ms: Number.NaN,
    p99Ms: Number.NaN,
    non2xx: 0,
    errors: 0,
    statusCodes: { applied: result.applied, '429': result.rateLimited },
    seconds: result.applyMs / 1000,
    cpu: {},
    fsyncMs: Number.NaN,
    batch: { ms: result.applyMs, maxRssMb: result.maxRssMb, detail },
  }
}

const words = (r: ApplyBenchResult) =>
  `${r.operations} creates in ${APPS} apps; plan ${(r.planMs / 1000).toFixed(1)} s, apply ${(r.applyMs / 1000).toFixed(1)} s, verify ${(r.verifyMs / 1000).toFixed(1)} s; peak RSS ${r.maxRssMb.toFixed(0)} MB`

function applyLine(dialect: 'sqlite' | 'postgres'): Benchmark {
  return {
    name: `apply.${dialect}`,
    kind: 'batch',
    summary: `apply: operations/s into ${APPS} apps with no rate limit, ${dialect} (target ≥ ${MIN_OPS_PER_SECOND}/s)`,
    compare: { ceiling: 'apply.bare-client', target: { kind: 'rate', min: MIN_OPS_PER_SECOND } },
    async run(context: BenchContext) {
      const result = await runChild([
        ...['--dialect', dialect, '--people', String(PEOPLE), '--apps', String(APPS)],
        ...postgresArgs(context),
      ])
      return measurement(result, result.opsPerSecond, words(result))
    },
  }
}

const postgresArgs = (context: BenchContext) =>
  context.postgresUrl ? ['--postgres-url', context.postgresUrl] : []

/**
 * `apply.bare-client`: what the apps themselves allow: a bare client doing one create's requests
 * (a lookup, then a POST) with the hub's concurrency, as many as the hub's line applies, so the
 * two times compare ("vs floor": how many times the bare client's time the hub took).
 */
export const bareClient: Benchmark = {
  name: 'apply.bare-client',
  kind: 'batch',
  summary: `a bare client's creates/s (lookup + POST) into the same ${APPS} emulated apps: the apps' own ceiling`,
  async run() {
    const result = await runChild([
      ...['--people', String(PEOPLE), '--apps', String(APPS), '--bare-only'],
    ])
    return measurement(result, result.bareOpsPerSecond, 'lookup + POST per operation, 16 at once')
  },
}

/** `apply.rate-limited.<dialect>`: each app admits 50 requests/s; the hub should use ≥ 0.9 of it. */
function rateLimitedLine(dialect: 'sqlite' | 'postgres'): Benchmark {
  const limit = APP_LIMIT * APPS
  return {
    name: `apply.rate-limited.${dialect}`,
    kind: 'batch',
    summary: `apply: requests/s the ${APPS} apps admitted, each limiting at ${APP_LIMIT}/s, ${dialect} (target ≥ 0.9 × ${limit})`,
    compare: { target: { kind: 'rate', min: 0.9 * limit } },
    async run(context: BenchContext) {
      const result = await runChild([
        ...['--dialect', dialect, '--people', '300', '--apps', String(APPS)],
        ...['--rate-limit', String(APP_LIMIT)],
        ...postgresArgs(context),
      ])
      return measurement(result, result.admittedPerSecond, words(result))
    },
  }
}

export const applyBenchmarks: readonly Benchmark[] = [
  bareClient,
  applyLine('sqlite'),
  applyLine('postgres'),
  rateLimitedLine('sqlite'),
  rateLimitedLine('postgres'),
]
