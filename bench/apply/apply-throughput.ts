// The apply benchmark (issue 16): how many plan operations per second the hub carries out
// against apps that are not its bottleneck, and how close it runs to apps that are.
//   node --import tsx bench/apply/apply-throughput.ts [--dialect sqlite|postgres] [--people 2000]
//        [--apps 10] [--rate-limit 0] [--latency-ms 0] [--postgres-url <url>]
// The hub runs in this process with its default job settings (as `npm start` would, minus the
// HTTP server); the apps run in a child process (emulators-child.ts), so they never share the
// hub's event loop. The baseline is a bare client doing what one create operation does to the
// app (a lookup by userName, then a POST) with the hub's concurrency, against the same apps in
// the same run: the rate the apps themselves allow.
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { parseArgs } from 'node:util'
import type { ApplyProgress } from '../../src/access/apply/index.js'
import { freePort } from '../../src/dev/emulators/http.js'
import { type LifecycleHarness, openLifecycle, SYSTEM } from '../../test/helpers/lifecycle.js'
import { startServerProcess } from '../lib/server-process.js'
import { benchDatabase } from './bench-database.js'

export type ApplyBenchOptions = {
  readonly dialect: 'sqlite' | 'postgres'
  readonly people: number
  readonly apps: number
  /** Requests per second each app admits (a token bucket in the emulator); 0: no limit. */
  readonly rateLimit: number
  readonly latencyMs: number
  readonly postgresUrl?: string
  readonly config?: Readonly<Record<string, unknown>>
  /** Also measures the bare client against the same apps, after the apply. */
  readonly withBareClient?: boolean
  /** CPU-profiles the apply (only) into this file. */
  readonly profileFile?: string
}

export type ApplyBenchResult = {
  readonly operations: number
  readonly applied: number
  readonly planMs: number
  readonly applyMs: number
  readonly verifyMs: number
  readonly opsPerSecond: number
  /** The hub process's CPU time (user + system) per applied operation, ms. */
  readonly cpuMsPerOperation: number
  /** The bare client's operations per second against the same apps. */
  readonly bareOpsPerSecond: number
  readonly duplicates: number
  /** 429s the apps answered (pacing, not failure) and requests they admitted per second. */
  readonly rateLimited: number
  readonly admittedPerSecond: number
  readonly maxRssMb: number
}

type AppStats = {
  creations: number
  duplicates: number
  faults: { rateLimited: number; admitted: number }
}

const userName = (i: number) => `p${String(i).padStart(7, '0')}@acme.test`

export async function runApplyBench(options: ApplyBenchOptions): Promise<ApplyBenchResult> {
  const token = randomBytes(18).toString('base64url')
  const ports = await freePorts(options.apps)
  const emulators = await startServerProcess({
    entry: 'bench/apply/emulators-child.ts',
    args: [
      ...['--ports', ports.join(','), '--token', token],
      ...['--rate-limit', String(options.rateLimit), '--latency-ms', String(options.latencyMs)],
    ],
  })
  const apps = appsAt(ports)
  const database = benchDatabase(options.dialect, options.postgresUrl)
  const h = await openLifecycle(database, { ...options.config })
  try {
    return await measure(h, options, apps, token)
  } finally {
    await h.services.stopJobs()
    await h.close()
    await database.dispose()
    await emulators.stop()
  }
}

type App = { readonly baseUrl: string; readonly statsUrl: string }

/** The bare client alone against fresh apps (the `apply.bare-client` line). */
export async function runBareOnly(options: ApplyBenchOptions): Promise<ApplyBenchResult> {
  const token = randomBytes(18).toString('base64url')
  const ports = await freePorts(options.apps)
  const emulators = await startServerProcess({
    entry: 'bench/apply/emulators-child.ts',
    args: ['--ports', ports.join(','), '--token', token],
  })
  try {
    const started = performance.now()
    const rate = await bareClient(appsAt(ports), token, options)
    const operations = options.people * options.apps
    return {
      ...{ operations, applied: operations, planMs: 0, verifyMs: 0, duplicates: 0 },
      ...{ applyMs: performance.now() - started, opsPerSecond: rate, bareOpsPerSecond: rate },
      ...{ rateLimited: 0, admittedPerSecond: 2 * rate, cpuMsPerOperation: Number.NaN },
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }
  } finally {
    await emulators.stop()
  }
}

const appsAt = (ports: readonly number[]): App[] =>
  ports.map((port, i) => ({
    baseUrl: `http://127.0.0.1:${port}/t/app${i + 1}/scim/v2`,
    statsUrl: `http://127.0.0.1:${port}/_emulator/stats`,
  }))

async function measure(
  h: LifecycleHarness,
  options: ApplyBenchOptions,
  apps: readonly App[],
  token: string,
): Promise<ApplyBenchResult> {
  const people = Array.from({ length: options.people }, (_, i) => ({ email: userName(i) }))
  await h.setPeople(people)
  const limit = options.rateLimit > 0 ? options.rateLimit : 100_000
  for (const [i, app] of apps.entries()) {
    await h.services.apps.connect(
      h.workspace.id,
      {
        catalogId: 'sana-labs',
        name: `App ${i + 1}`,
        connection: {
          baseUrl: app.baseUrl,
          auth: { type: 'bearer', token },
          // Told the app's limit, the connection uses 95% of it (as `connector.scim-throughput`):
          // running at 100% meets the app's own bucket in jitter, and each 429 slows it down.
          rateLimit: { requests: limit, windowMs: 1000, share: options.rateLimit > 0 ? 0.95 : 1 },
        },
        assignment: { all: true },
      },
      SYSTEM,
    )
  }
  await h.refresh()
  const planStarted = performance.now()
  const plan = await h.services.reconcile.createPlan(
    h.workspace.id,
    {},
    { trigger: 'cli', actor: SYSTEM },
  )
  const planMs = performance.now() - planStarted
  const profiler = await startProfile(options.profileFile)
  const applyStarted = performance.now()
  const cpuBefore = process.cpuUsage()
  const progress = await applyAll(h, plan.id)
  const applyMs = performance.now() - applyStarted
  const cpu = process.cpuUsage(cpuBefore)
  await profiler?.()
  const verifyStarted = performance.now()
  await h.refresh()
  const verifyMs = performance.now() - verifyStarted
  const stats = await Promise.all(
    apps.map(async (app) => (await fetchJson(app.statsUrl)) as AppStats),
  )
  const bare = await bareClient(apps, token, options)
  return {
    operations: plan.counts.create,
    applied: progress.applied,
    planMs,
    applyMs,
    verifyMs,
    opsPerSecond: progress.applied / (applyMs / 1000),
    cpuMsPerOperation: (cpu.user + cpu.system) / 1000 / Math.max(1, progress.applied),
    bareOpsPerSecond: bare,
    duplicates: stats.reduce((n, s) => n + s.duplicates, 0),
    rateLimited: stats.reduce((n, s) => n + s.faults.rateLimited, 0),
    admittedPerSecond: stats.reduce((n, s) => n + s.faults.admitted, 0) / (applyMs / 1000),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }
}

async function applyAll(h: LifecycleHarness, planId: string): Promise<ApplyProgress> {
  const worker = h.services.apply.createWorker(`bench-${process.pid}`)
  worker.start()
  try {
    await h.services.apply.apply(h.workspace.id, planId, { actor: SYSTEM })
    for (;;) {
      const progress = await h.services.apply.progress(h.workspace.id, planId)
      if (progress.status !== 'running') return progress
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  } finally {
    await worker.stop()
  }
}

/**
 * What the apps allow: `concurrency` workers each doing a lookup by userName and a POST per
 * operation, spread over the apps, as many operations as the hub's line applies.
 */
async function bareClient(
  apps: readonly App[],
  token: string,
  options: ApplyBenchOptions,
): Promise<number> {
  const total = options.people * options.apps
  const concurrency = Number(options.config?.['jobs.concurrency'] ?? 16)
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }
  let next = 0
  const worker = async () => {
    for (let i = next++; i < total; i = next++) {
      const app = apps[i % apps.length] as App
      const name = `bare${i}@acme.test`
      const filter = encodeURIComponent(`userName eq "${name}"`)
      await fetchJson(`${app.baseUrl}/Users?filter=${filter}`, { headers })
      await fetchJson(`${app.baseUrl}/Users`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: name,
          active: true,
        }),
      })
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, worker))
  return total / ((performance.now() - started) / 1000)
}

async function fetchJson(url: string, init: RequestInit = {}): Promise<unknown> {
  for (;;) {
    const response = await fetch(url, init)
    const text = await response.text()
    if (response.status === 429) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      continue
    }
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text}`)
    return text ? JSON.parse(text) : undefined
  }
}

/** The inspector's CPU profiler over the apply alone; the returned function saves it. */
async function startProfile(file: string | undefined) {
  if (!file) return undefined
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 250 })
  await session.post('Profiler.start')
  return async () => {
    const { profile } = await session.post('Profiler.stop')
    writeFileSync(file, JSON.stringify(profile))
    session.disconnect()
  }
}

async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>()
  while (ports.size < n) ports.add(await freePort())
  return [...ports]
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dialect: { type: 'string', default: 'sqlite' },
      people: { type: 'string', default: '2000' },
      apps: { type: 'string', default: '10' },
      'rate-limit': { type: 'string', default: '0' },
      'latency-ms': { type: 'string', default: '0' },
      'postgres-url': { type: 'string' },
      profile: { type: 'string' },
      'bare-only': { type: 'boolean', default: false },
      /** Job settings to try (`jobs.concurrency`, `jobs.concurrencyPerApp`); default: the hub's. */
      concurrency: { type: 'string' },
      'per-app': { type: 'string' },
    },
  })
  const postgresUrl =
    values['postgres-url'] ??
    process.env.ROLLCALL_BENCH_POSTGRES_URL ??
    process.env.ROLLCALL_TEST_POSTGRES_URL
  const run = values['bare-only'] ? runBareOnly : runApplyBench
  const result = await run({
    dialect: values.dialect === 'postgres' ? 'postgres' : 'sqlite',
    people: Number(values.people),
    apps: Number(values.apps),
    rateLimit: Number(values['rate-limit']),
    latencyMs: Number(values['latency-ms']),
    ...(postgresUrl ? { postgresUrl } : {}),
    ...(values.profile ? { profileFile: values.profile } : {}),
    config: {
      ...(values.concurrency ? { 'jobs.concurrency': Number(values.concurrency) } : {}),
      ...(values['per-app'] ? { 'jobs.concurrencyPerApp': Number(values['per-app']) } : {}),
    },
  })
  console.log(JSON.stringify(result, null, 2))
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
