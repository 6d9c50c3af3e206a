import path from 'node:path'
import type { SeedFixture } from '../scim/fixture.js'
import { type CpuShares, startCpuWindow } from './cpu-usage.js'
import { probeFsyncMs } from './fsync-probe.js'
import { type LoadResult, preflight, type RequestPlan, runLoad } from './load.js'
import type { Synchronous } from './options.js'
import { type ProfileSummary, summarizeProfile } from './profile-summary.js'
import { type ServerSpec, startServerProcess } from './server-process.js'

/** What every benchmark of a run shares. */
export type BenchContext = {
  readonly connections: number
  readonly durationSeconds: number
  readonly warmupSeconds: number
  /** SQLite durability of the servers under test ('full' unless a diagnostic run). */
  readonly synchronous: Synchronous
  /** The seeded hub data dir; seeded once per run, on first use. */
  fixture(): Promise<SeedFixture>
  /** When set, each server's measured window is CPU-profiled into this directory. */
  readonly profileDir?: string
  /** Size of the reconciliation graph: 1 = 1M people × 10 apps (`--scale`). */
  readonly scale: number
  /** The PostgreSQL server the reconciliation benchmarks seed a schema of. */
  readonly postgresUrl?: string
  /** Measured samples of a latency benchmark (`--samples`). */
  readonly samples: number
}

export type Measurement = LoadResult & {
  /** CPU use during the measured window, in % of one core (cpu-usage.ts). */
  readonly cpu: CpuShares
  /** One 4 KB append + fdatasync in the data dir just before the window, ms (fsync-probe.ts). */
  readonly fsyncMs: number
  readonly profile?: { readonly file: string; readonly summary: ProfileSummary }
  /**
   * A batch benchmark (one run of a job, not a request rate): its wall time and the peak RSS of
   * its process; requestsPerSecond is then rows per second and `seconds` the wall time.
   */
  readonly batch?: { readonly ms: number; readonly maxRssMb: number; readonly detail: string }
  /** A latency benchmark (one event's way through the hub, sampled): exact percentiles, ms. */
  readonly latency?: {
    readonly samples: number
    readonly p50Ms: number
    readonly p95Ms: number
    readonly maxMs: number
    readonly detail: string
  }
}

/** How a benchmark's figure is judged against the references measured in the same run. */
export type Comparison = {
  /** The benchmark whose requests/s is this one's ceiling (the ratio's denominator). */
  readonly ceiling?: string
  /** Other references whose ratio is shown for information. */
  readonly alsoVs?: readonly string[]
  /**
   * Goals of an issue, each a ratio to a reference of the same run (req/s ≥ min × the
   * reference's): one PASS/SHORT line each under the table. Their references run with `--only`.
   */
  readonly goals?: readonly Goal[]
  /**
   * `ratio`: requests/s ≥ min × the ceiling's; `rate`: requests/s ≥ min; `batch`: wall time ≤
   * maxSlowdown × the ceiling's (a floor: the same rows read plainly) and peak RSS < maxRssMb.
   */
  readonly target?:
    | { readonly kind: 'ratio'; readonly min: number }
    | { readonly kind: 'rate'; readonly min: number }
    | { readonly kind: 'batch'; readonly maxSlowdown: number; readonly maxRssMb: number }
    /** `latency`: the p95 of the samples < maxP95Ms. */
    | { readonly kind: 'latency'; readonly maxP95Ms: number }
}

export type Goal = { readonly vs: string; readonly min: number }

/** One named entry of the runner's registry. */
export type Benchmark = {
  readonly name: string
  /** One line: what is measured. */
  readonly summary: string
  readonly compare?: Comparison
  /** `batch`: one run of a job (time and peak memory), reported in a table of its own. */
  /** `latency`: sampled end-to-end times (p50/p95), reported in a table of its own. */
  readonly kind?: 'batch' | 'latency'
  run(context: BenchContext): Promise<Measurement>
}

export type HttpBenchmarkDefinition = {
  readonly name: string
  readonly summary: string
  readonly compare?: Comparison
  readonly server: (fixture: SeedFixture, context: BenchContext) => ServerSpec
  /** `details`: what the server child reported when ready (a peer's own ids and secret). */
  readonly plan: (fixture: SeedFixture, details: unknown) => RequestPlan
}

/**
 * An HTTP benchmark: start its server in a child process, check a few requests, warm up, then
 * measure (and optionally profile) one window, and stop the server. A fresh server per benchmark
 * keeps one benchmark's garbage and JIT state out of the next one's figures.
 */
export function httpBenchmark(definition: HttpBenchmarkDefinition): Benchmark {
  return {
    name: definition.name,
    summary: definition.summary,
    ...(definition.compare ? { compare: definition.compare } : {}),
    async run(context) {
      const fixture = await context.fixture()
      const server = await startServerProcess(definition.server(fixture, context))
      try {
        const plan = definition.plan(fixture, server.details)
        await preflight(server.url, plan)
        const load = { url: server.url, plan, connections: context.connections }
        await runLoad({ ...load, durationSeconds: context.warmupSeconds })
        const profileFile = context.profileDir
          ? path.join(context.profileDir, `${definition.name}.cpuprofile`)
          : undefined
        const fsyncMs = probeFsyncMs(fixture.dataDir)
        if (profileFile) await server.startProfile()
        const cpu = startCpuWindow(server.pid)
        const result = await runLoad({ ...load, durationSeconds: context.durationSeconds })
        const shares = cpu.stop()
        if (profileFile) await server.stopProfile(profileFile)
        return {
          ...result,
          cpu: shares,
          fsyncMs,
          ...(profileFile
            ? { profile: { file: profileFile, summary: summarizeProfile(profileFile) } }
            : {}),
        }
      } finally {
        await server.stop()
      }
    },
  }
}
