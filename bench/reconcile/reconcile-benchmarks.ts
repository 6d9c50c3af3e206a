import { spawn } from 'node:child_process'
import type { BenchContext, Benchmark, Measurement } from '../lib/benchmark.js'
import { startCpuWindow } from '../lib/cpu-usage.js'
import { REPO_ROOT } from '../lib/server-process.js'
import {
  type Dialect,
  postgresGraph,
  resetGraph,
  type SeededGraph,
  sqliteGraph,
} from './graph-fixture.js'
import type { ChildResult, Mode } from './reconcile-child.js'

/** People at scale 1 (issue 7: 1M people × 10 apps). */
export const FULL_PEOPLE = 1_000_000
export const APPS = 10
/** Targets (issue 7): peak RSS under 1 GB, time within 5× the plain SELECT of the same rows. */
export const MAX_RSS_MB = 1024
export const MAX_SLOWDOWN = 5

/** People at a scale (`--scale 0.01`: 10,000), at least 100. */
export const peopleAt = (scale: number) => Math.max(100, Math.round(FULL_PEOPLE * scale))

// One seeding per dialect and size per run of the runner, shared by that dialect's lines.
const graphs = new Map<string, Promise<SeededGraph>>()

function graphFor(dialect: Dialect, context: BenchContext): Promise<SeededGraph> {
  const people = peopleAt(context.scale)
  const key = `${dialect}:${people}`
  let graph = graphs.get(key)
  if (!graph) {
    graph = seeded(dialect, people, context)
    graphs.set(key, graph)
  }
  return graph
}

async function seeded(dialect: Dialect, people: number, context: BenchContext) {
  if (dialect === 'postgres' && !context.postgresUrl)
    throw new Error(
      'no PostgreSQL: pass --postgres-url or set ROLLCALL_BENCH_POSTGRES_URL (or ROLLCALL_TEST_POSTGRES_URL)',
    )
  const started = performance.now()
  const graph =
    dialect === 'sqlite'
      ? await sqliteGraph(people, APPS)
      : await postgresGraph(context.postgresUrl ?? '', people, APPS)
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  process.stderr.write(
    graph.seededNow
      ? `  seeded ${dialect} graph: ${people} people, ${graph.accounts} accounts in ${seconds} s\n`
      : `  reusing the cached ${dialect} graph: ${people} people, ${graph.accounts} accounts\n`,
  )
  return graph
}

/** Runs reconcile-child.ts once against the graph; its CPU share is measured over its life. */
export async function runChild(
  graph: SeededGraph,
  mode: Mode,
  extraArgs: readonly string[] = [],
): Promise<ChildResult & { cpu: ReturnType<ReturnType<typeof startCpuWindow>['stop']> }> {
  const args = [
    ...extraArgs,
    '--import',
    'tsx',
    'bench/reconcile/reconcile-child.ts',
    '--url',
    graph.url,
    '--workspace',
    graph.workspaceId,
    '--mode',
    mode,
    ...(graph.schema ? ['--schema', graph.schema] : []),
  ]
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const cpu = startCpuWindow(child.pid ?? 0)
  let out = ''
  let shares = {}
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    // The result line comes right after the work, while /proc still has the child's CPU time.
    if (out === '') shares = cpu.stop()
    out += chunk
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`reconcile-child --mode ${mode} failed (exit code ${code})`)
  const result = JSON.parse(out.trim().split('\n').at(-1) ?? '') as ChildResult
  return { ...result, cpu: shares }
}

const CLASSES = [
  ...['in_sync', 'missing', 'drifted', 'residual', 'orphan', 'ambiguous'],
  ...['missing_grant', 'excess_grant', 'privileged_grant', 'residual_grant'],
]

function describe(result: ChildResult): string {
  if (!result.classes)
    return `${result.rows.toLocaleString('en-US')} rows (people + accounts + grants)`
  const classes = CLASSES.flatMap((name) => {
    const n = result.classes?.[name] ?? 0
    return n > 0 ? [`${name} ${n.toLocaleString('en-US')}`] : []
  }).join(', ')
  const plan = result.plan
    ? `; plan ${result.plan.status}: ${Object.entries(result.plan.counts)
        .filter(([name, n]) => n > 0 && !['planned', 'held'].includes(name))
        .map(([name, n]) => `${name} ${n.toLocaleString('en-US')}`)
        .join(', ')}`
    : ''
  return `${classes}${plan}`
}

function batchBenchmark(dialect: Dialect, mode: Mode): Benchmark {
  const floor = `reconcile.${dialect}.floor`
  const summaries: Record<Mode, string> = {
    floor: `one plain SELECT streaming every person, account and grant (${dialect}): the floor`,
    findings: `\`rollcall reconcile\` of 1M people x 10 apps (${dialect}): findings stored`,
    plan: `\`rollcall plan\` of 1M people x 10 apps (${dialect}): findings + a dry-run plan`,
  }
  return {
    name: mode === 'floor' ? floor : `reconcile.${dialect}.${mode}`,
    summary: summaries[mode],
    kind: 'batch',
    ...(mode === 'floor'
      ? {}
      : {
          compare: {
            ceiling: floor,
            target: { kind: 'batch', maxSlowdown: MAX_SLOWDOWN, maxRssMb: MAX_RSS_MB },
          },
        }),
    async run(context): Promise<Measurement> {
      const graph = await graphFor(dialect, context)
      if (mode !== 'floor') await resetGraph(graph)
      const result = await runChild(graph, mode)
      const seconds = result.ms / 1000
      return {
        requestsPerSecond: result.rows / seconds,
        requests: result.rows,
        p50Ms: Number.NaN,
        p99Ms: Number.NaN,
        non2xx: 0,
        errors: 0,
        statusCodes: {},
        seconds,
        cpu: { server: result.cpu.server, other: result.cpu.other },
        fsyncMs: Number.NaN,
        batch: { ms: result.ms, maxRssMb: result.maxRssMb, detail: describe(result) },
      }
    },
  }
}

/**
 * `reconcile.<dialect>.floor | findings | plan`: each run in its own child process (its peak RSS
 * is its own) over a cached synthetic graph, judged against the floor of the same run.
 */
export const reconcileBenchmarks: readonly Benchmark[] = (['sqlite', 'postgres'] as const).flatMap(
  (dialect) =>
    (['floor', 'findings', 'plan'] as const).map((mode) => batchBenchmark(dialect, mode)),
)
