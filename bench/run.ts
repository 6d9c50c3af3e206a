// `npm run bench`: seeds a fresh SQLite hub, runs every registered benchmark against servers in
// child processes, and prints each figure with its ratio to the ceiling measured in the same run.
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { BenchContext, Measurement } from './lib/benchmark.js'
import { machineInfo } from './lib/machine.js'
import { type BenchOptions, parseOptions, USAGE } from './lib/options.js'
import { formatProfileSummary } from './lib/profile-summary.js'
import { buildReport, type Outcome, renderReport } from './lib/report.js'
import { formatMs, formatNumber } from './lib/table.js'
import { benchmarks, selectBenchmarks } from './registry.js'
import { type SeedFixture, seedFixture } from './scim/fixture.js'

const TMPFS_MAGIC = 0x01021994

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2))
  if (options.help) return print(USAGE)
  if (options.list) {
    const width = Math.max(...benchmarks.map((b) => b.name.length)) + 2
    return print(benchmarks.map((b) => `${b.name.padEnd(width)}${b.summary}`).join('\n'))
  }
  const selected = selectBenchmarks(options.only)
  const machine = machineInfo()
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-bench-'))
  const startedAt = new Date().toISOString()
  if (options.profileDir) mkdirSync(options.profileDir, { recursive: true })
  log(
    `rollcall bench ${startedAt}: ${selected.length} benchmarks, ${options.users} users, ` +
      `${options.connections} connections, ${options.warmupSeconds}s warm-up + ${options.durationSeconds}s each`,
  )
  log(
    `  data dir ${dataDir}${memoryBacked(dataDir) ? '  WARNING: tmpfs, fsync costs nothing here' : ''}`,
  )

  let fixture: Promise<SeedFixture> | undefined
  const context: BenchContext = {
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    synchronous: options.synchronous,
    scale: options.scale,
    ...(options.postgresUrl ? { postgresUrl: options.postgresUrl } : {}),
    samples: options.samples,
    fixture: () => {
      fixture ??= seed(dataDir, options)
      return fixture
    },
    ...(options.profileDir ? { profileDir: options.profileDir } : {}),
  }
  const outcomes: Outcome[] = []
  try {
    for (const benchmark of selected) {
      try {
        const measurement = await benchmark.run(context)
        outcomes.push({ benchmark, measurement })
        log(`  ${benchmark.name.padEnd(26)} ${progressLine(measurement)}`)
      } catch (error) {
        const failure = error instanceof Error ? error.message : String(error)
        outcomes.push({ benchmark, failure })
        log(`  ${benchmark.name.padEnd(26)} FAILED: ${failure}`)
      }
    }
  } finally {
    if (options.keepData) log(`  kept ${dataDir}`)
    else rmSync(dataDir, { recursive: true, force: true })
  }

  const rows = buildReport(outcomes, { durable: options.synchronous === 'full' })
  const seeded = fixture ? await fixture.catch(() => undefined) : undefined
  print(
    [
      '',
      renderReport(rows),
      '',
      `machine: ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGb} GB, ${machine.platform}; node ${machine.node}`,
      `commit:  ${machine.commit}${machine.dirty ? ' + uncommitted changes' : ''}; in src/: ${machine.srcChanges}; load average at start ${machine.loadAverage.join(' ')}`,
      `run:     ${options.users} users (seeded in ${seeded ? seeded.seedSeconds.toFixed(1) : '-'} s), -c ${options.connections}, ` +
        `${options.durationSeconds}s measured after ${options.warmupSeconds}s warm-up, directory profile ${options.directoryProfile}, ` +
        `reconciliation scale ${options.scale}` +
        (options.profileDir ? ', PROFILED (figures include profiler overhead)' : '') +
        (options.synchronous === 'full'
          ? ''
          : `, synchronous=${options.synchronous.toUpperCase()} (DIAGNOSTIC, NOT DURABLE: write targets not judged)`),
      'srv us/req: server CPU time per request (kernel time of its fsyncs and socket writes included); robust to noise.',
      'CPU: % of one core in the measured window (server, load generator, everything else: the noise gauge).',
      'fsync ms: median 4 KB append + fdatasync in the data dir just before the window (bounds serialized commits).',
    ].join('\n'),
  )
  for (const outcome of outcomes) {
    const profile = outcome.measurement?.profile
    if (profile)
      print(
        `\n${formatProfileSummary(outcome.benchmark.name, profile.summary)}\n  (${profile.file})`,
      )
  }
  if (options.jsonFile) {
    const json = { startedAt, machine, options, seedSeconds: seeded?.seedSeconds, results: rows }
    writeFileSync(options.jsonFile, `${JSON.stringify(json, null, 2)}\n`)
    log(`saved ${options.jsonFile}`)
  }
  return rows.some((row) => row.verdict === 'FAIL') ? 1 : 0
}

async function seed(dataDir: string, options: BenchOptions): Promise<SeedFixture> {
  log(`  seeding ${options.users} users through the SCIM service ...`)
  const fixture = await seedFixture({
    dataDir,
    users: options.users,
    profile: options.directoryProfile,
  })
  log(`  seeded in ${fixture.seedSeconds.toFixed(1)} s`)
  return fixture
}

function progressLine(m: Measurement): string {
  if (m.latency)
    return `  p50 ${formatMs(m.latency.p50Ms)} ms  p95 ${formatMs(m.latency.p95Ms)} ms  (${m.latency.samples} samples)`
  if (m.batch)
    return `${(m.batch.ms / 1000).toFixed(1).padStart(8)} s  peak RSS ${formatNumber(m.batch.maxRssMb)} MB`
  return (
    `${formatNumber(m.requestsPerSecond).padStart(8)} req/s` +
    `  p50 ${formatMs(m.p50Ms)} ms  p99 ${formatMs(m.p99Ms)} ms`
  )
}

/** Whether `dir` is in memory (tmpfs): durable-write figures would then be meaningless. */
function memoryBacked(dir: string): boolean {
  try {
    return statfsSync(dir).type === TMPFS_MAGIC
  } catch {
    return false
  }
}

function print(text: string): number {
  process.stdout.write(`${text}\n`)
  return 0
}

function log(text: string): void {
  process.stderr.write(`${text}\n`)
}

process.exitCode = await main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error))
  return 2
})
