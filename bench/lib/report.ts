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

export type ReportRow = {
  readonly name: string
  readonly measurement?: Measurement
  /** See serverMicrosPerRequest. */
  readonly serverMicrosPerRequest?: number
  readonly ceiling?: { readonly name: string; readonly ratio?: number }
  readonly also: readonly { readonly name: string; readonly ratio?: number }[]
  readonly target?: string
  readonly verdict: Verdict
  readonly failure?: string
}

/** `durable: false` (a --synchronous diagnostic run): write-rate targets are not judged. */
export function buildReport(
  outcomes: readonly Outcome[],
  options: { durable: boolean } = { durable: true },
): ReportRow[] {
  const rates = new Map(
    outcomes.flatMap((o) =>
      o.measurement && isClean(o.measurement)
        ? [[o.benchmark.name, o.measurement.requestsPerSecond] as const]
        : [],
    ),
  )
  return outcomes.map((outcome) => toRow(outcome, rates, options.durable))
}

function toRow(
  { benchmark, measurement, failure }: Outcome,
  rates: Map<string, number>,
  durable: boolean,
): ReportRow {
  const compare = benchmark.compare
  const against = (name: string) => ({
    name,
    ratio: ratio(measurement?.requestsPerSecond, rates.get(name)),
  })
  const ceiling = compare?.ceiling ? against(compare.ceiling) : undefined
  const target = durable || compare?.target?.kind !== 'rate' ? compare?.target : undefined
  const why =
    failure ?? (measurement && !isClean(measurement) ? describeErrors(measurement) : undefined)
  return {
    name: benchmark.name,
    ...(measurement ? { measurement } : {}),
    ...(measurement && serverMicrosPerRequest(measurement) !== undefined
      ? { serverMicrosPerRequest: serverMicrosPerRequest(measurement) }
      : {}),
    ...(ceiling ? { ceiling } : {}),
    also: (compare?.alsoVs ?? []).map(against),
    ...(target ? { target: describeTarget(target) } : {}),
    verdict: why || !measurement ? 'FAIL' : judge(target, measurement, ceiling?.ratio),
    ...(why ? { failure: why } : {}),
  }
}

type Target = NonNullable<Comparison['target']>

function judge(target: Target | undefined, m: Measurement, ceilingRatio?: number): Verdict {
  if (target?.kind === 'rate') return m.requestsPerSecond >= target.min ? 'PASS' : 'MISS'
  if (target?.kind === 'ratio' && ceilingRatio !== undefined)
    return ceilingRatio >= target.min ? 'PASS' : 'MISS'
  return '-'
}

function describeTarget(target: Target): string {
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
  const failures = rows
    .filter((row) => row.failure)
    .map((row) => `FAIL ${row.name}: ${row.failure}`)
  return [table, ...failures].join('\n')
}
