import type { Benchmark, Comparison, Measurement } from './benchmark.js'
import { ratio } from './stats.js'
import { formatMs, formatNumber, formatPercent, formatRatio, renderTable } from './table.js'

/** What happened to one benchmark: a measurement, or the error that stopped it. */
export type Outcome = {
  readonly benchmark: Benchmark
  readonly measurement?: Measurement
  readonly failure?: string
}

/**
 * PASS/MISS: the target was met or not. FAIL: the benchmark is invalid (non-2xx answers,
 * socket errors, or it did not run). `-`: no target, or its reference did not run.
 */
export type Verdict = 'PASS' | 'MISS' | 'FAIL' | '-'

/** SHORT: the goal's ratio was measured and is below it; `-`: one side did not run cleanly. */
export type GoalVerdict = {
  readonly vs: string
  readonly min: number
  readonly ratio?: number
  readonly verdict: 'PASS' | 'SHORT' | '-'
}

export type ReportRow = {
  readonly name: string
  /** A batch benchmark (time and peak memory of one run): rendered in its own table. */
  readonly batch: boolean
  readonly measurement?: Measurement
  /** See serverMicrosPerRequest. */
  readonly serverMicrosPerRequest?: number
  readonly ceiling?: { readonly name: string; readonly ratio?: number }
  readonly also: readonly { readonly name: string; readonly ratio?: number }[]
  readonly goals: readonly GoalVerdict[]
  readonly target?: string
  readonly verdict: Verdict
  readonly failure?: string
}

/** `durable: false` (a --synchronous diagnostic run): write-rate targets are not judged. */
export function buildReport(
  outcomes: readonly Outcome[],
  options: { durable: boolean } = { durable: true },
): ReportRow[] {
  const clean = new Map(
    outcomes.flatMap((o) =>
      o.measurement && isClean(o.measurement) ? [[o.benchmark.name, o.measurement] as const] : [],
    ),
  )
  return outcomes.map((outcome) => toRow(outcome, clean, options.durable))
}

function toRow(
  { benchmark, measurement, failure }: Outcome,
  clean: Map<string, Measurement>,
  durable: boolean,
): ReportRow {
  const compare = benchmark.compare
  // A batch is compared by wall time (how many times its floor's it took), a rate by req/s.
  const against = (name: string) => ({
    name,
    ratio: measurement?.batch
      ? ratio(measurement.seconds, clean.get(name)?.seconds)
      : ratio(measurement?.requestsPerSecond, clean.get(name)?.requestsPerSecond),
  })
  const ceiling = compare?.ceiling ? against(compare.ceiling) : undefined
  const target = durable || compare?.target?.kind !== 'rate' ? compare?.target : undefined
  const why =
    failure ?? (measurement && !isClean(measurement) ? describeErrors(measurement) : undefined)
  return {
    name: benchmark.name,
    batch: benchmark.kind === 'batch',
    ...(measurement ? { measurement } : {}),
    ...(measurement && serverMicrosPerRequest(measurement) !== undefined
      ? { serverMicrosPerRequest: serverMicrosPerRequest(measurement) }
      : {}),
    ...(ceiling ? { ceiling } : {}),
    also: (compare?.alsoVs ?? []).map(against),
    goals: (compare?.goals ?? []).map(({ vs, min }) => {
      const { ratio: value } = against(vs)
      const clean = !why && measurement !== undefined
      const verdict = !clean || value === undefined ? '-' : value >= min ? 'PASS' : 'SHORT'
      return { vs, min, ...(value !== undefined ? { ratio: value } : {}), verdict }
    }),
    ...(target ? { target: describeTarget(target) } : {}),
    verdict: why || !measurement ? 'FAIL' : judge(target, measurement, ceiling?.ratio),
    ...(why ? { failure: why } : {}),
  }
}

type Target = NonNullable<Comparison['target']>

function judge(target: Target | undefined, m: Measurement, ceilingRatio?: number): Verdict {
  if (target?.kind === 'batch') {
    if (m.batch && m.batch.maxRssMb >= target.maxRssMb) return 'MISS'
    if (ceilingRatio === undefined) return '-'
    return ceilingRatio <= target.maxSlowdown ? 'PASS' : 'MISS'
  }
  if (target?.kind === 'latency')
    return m.latency && m.latency.p95Ms < target.maxP95Ms ? 'PASS' : 'MISS'
  if (target?.kind === 'rate') return m.requestsPerSecond >= target.min ? 'PASS' : 'MISS'
  if (target?.kind === 'ratio' && ceilingRatio !== undefined)
    return ceilingRatio >= target.min ? 'PASS' : 'MISS'
  return '-'
}

function describeTarget(target: Target): string {
  if (target.kind === 'latency') return `p95 < ${formatNumber(target.maxP95Ms)} ms`
  if (target.kind === 'batch')
    return `<= ${target.maxSlowdown}x time, < ${formatNumber(target.maxRssMb)} MB`
  return target.kind === 'rate' ? `>= ${formatNumber(target.min)}/s` : `>= ${target.min}x`
}

/**
 * Server CPU time per request, in µs: unlike req/s it barely moves when a neighbour takes CPU
 * away (the server then does the same work, only slower), so it compares across noisy runs.
 */
export function serverMicrosPerRequest(m: Measurement): number | undefined {
  if (m.cpu.server === undefined || m.requestsPerSecond === 0) return undefined
  return ((m.cpu.server / 100) * 1e6) / m.requestsPerSecond
}

function isClean(measurement: Measurement): boolean {
  return measurement.non2xx === 0 && measurement.errors === 0 && measurement.requests > 0
}

function describeErrors(m: Measurement): string {
  const codes = Object.entries(m.statusCodes)
    .map(([code, count]) => `${code}: ${count}`)
    .join(', ')
  return `${m.non2xx} non-2xx and ${m.errors} socket errors/timeouts of ${m.requests} requests (status codes ${codes})`
}

export function renderReport(rows: readonly ReportRow[]): string {
  const latencies = rows.filter((row) => row.measurement?.latency)
  const rates = rows.filter((row) => !row.batch && !row.measurement?.latency)
  const batches = rows.filter((row) => row.batch)
  const failures = rows
    .filter((row) => row.failure)
    .map((row) => `FAIL ${row.name}: ${row.failure}`)
  const goals = rows.flatMap((row) => row.goals.map((goal) => renderGoal(row.name, goal)))
  const tables = [
    ...(rates.length > 0 ? [renderRates(rates)] : []),
    ...(goals.length > 0 ? [['goals (issue 16), ratios of this run:', ...goals].join('\n')] : []),
    ...(batches.length > 0 ? [renderBatches(batches)] : []),
    ...(latencies.length > 0 ? [renderLatencies(latencies)] : []),
  ]
  return [tables.join('\n\n'), ...failures].join('\n')
}

/**
 * Batch lines: wall time of the job, peak RSS of its process, rows per second (people +
 * accounts read for a floor, (person, app) pairs classified for a reconciliation), CPU of the
 * job's process and of everything else (on PostgreSQL the database server is "other"), and
 * how many times its floor's time it took.
 */
function renderBatches(rows: readonly ReportRow[]): string {
  const table = renderTable(
    [
      { title: 'benchmark' },
      { title: 'time s', align: 'right' },
      { title: 'rows', align: 'right' },
      { title: 'rows/s', align: 'right' },
      { title: 'peak RSS MB', align: 'right' },
      { title: 'CPU job', align: 'right' },
      { title: 'CPU other', align: 'right' },
      { title: 'vs floor' },
      { title: 'target' },
      { title: 'result' },
    ],
    rows.map((row) => {
      const m = row.measurement
      return [
        row.name,
        m ? m.seconds.toFixed(1) : '-',
        formatNumber(m?.requests),
        formatNumber(m?.requestsPerSecond),
        formatNumber(m?.batch?.maxRssMb),
        formatPercent(m?.cpu.server),
        formatPercent(m?.cpu.other),
        row.ceiling ? `${formatRatio(row.ceiling.ratio)} ${row.ceiling.name}` : '',
        row.target ?? '',
        row.verdict,
      ]
    }),
  )
  const details = rows.flatMap((row) =>
    row.measurement?.batch ? [`  ${row.name}: ${row.measurement.batch.detail}`] : [],
  )
  return [table, ...details].join('\n')
}

/**
 * Latency lines: one event's way through the hub, sampled one after another: exact p50, p95 and
 * maximum over the samples, CPU of the hub and of everything else over the measured samples.
 */
function renderLatencies(rows: readonly ReportRow[]): string {
  const table = renderTable(
    [
      { title: 'benchmark' },
      { title: 'samples', align: 'right' },
      { title: 'p50 ms', align: 'right' },
      { title: 'p95 ms', align: 'right' },
      { title: 'max ms', align: 'right' },
      { title: 'CPU srv', align: 'right' },
      { title: 'CPU other', align: 'right' },
      { title: 'target' },
      { title: 'result' },
    ],
    rows.map((row) => {
      const m = row.measurement
      return [
        row.name,
        formatNumber(m?.latency?.samples),
        formatMs(m?.latency?.p50Ms),
        formatMs(m?.latency?.p95Ms),
        formatMs(m?.latency?.maxMs),
        formatPercent(m?.cpu.server),
        formatPercent(m?.cpu.other),
        row.target ?? '',
        row.verdict,
      ]
    }),
  )
  const details = rows.flatMap((row) =>
    row.measurement?.latency ? [`  ${row.name}: ${row.measurement.latency.detail}`] : [],
  )
  return [table, ...details].join('\n')
}

/** `PASS  scim.get 0.62x baseline.sqlite-get (goal >= 0.5x)`: one line per goal. */
function renderGoal(name: string, goal: GoalVerdict): string {
  const verdict = goal.verdict === '-' ? 'NOT RUN' : goal.verdict
  return `  ${verdict.padEnd(7)} ${name} ${formatRatio(goal.ratio)} ${goal.vs} (goal >= ${goal.min}x)`
}

function renderRates(rows: readonly ReportRow[]): string {
  const table = renderTable(
    [
      { title: 'benchmark' },
      { title: 'req/s', align: 'right' },
      { title: 'p50 ms', align: 'right' },
      { title: 'p99 ms', align: 'right' },
      { title: 'non-2xx', align: 'right' },
      { title: 'errors', align: 'right' },
      { title: 'srv us/req', align: 'right' },
      { title: 'CPU srv', align: 'right' },
      { title: 'CPU gen', align: 'right' },
      { title: 'CPU other', align: 'right' },
      { title: 'fsync ms', align: 'right' },
      { title: 'vs ceiling' },
      { title: 'target' },
      { title: 'result' },
      { title: 'also vs' },
    ],
    rows.map((row) => {
      const m = row.measurement
      return [
        row.name,
        formatNumber(m?.requestsPerSecond),
        formatMs(m?.p50Ms),
        formatMs(m?.p99Ms),
        formatNumber(m?.non2xx),
        formatNumber(m?.errors),
        formatNumber(row.serverMicrosPerRequest),
        formatPercent(m?.cpu.server),
        formatPercent(m?.cpu.loadGenerator),
        formatPercent(m?.cpu.other),
        formatMs(m?.fsyncMs),
        row.ceiling ? `${formatRatio(row.ceiling.ratio)} ${row.ceiling.name}` : '',
        row.target ?? '',
        row.verdict,
        row.also.map((a) => `${formatRatio(a.ratio)} ${a.name}`).join(', '),
      ]
    }),
  )
  return table
}
