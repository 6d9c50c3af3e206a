import type { Clock } from '../../shared/clock.js'
import type { ClassifiedFailure } from '../../shared/failure.js'
import type { Logger } from '../../shared/logger.js'
import type { Result } from '../../shared/result.js'
import type { Db, Transact } from '../store/index.js'
import { recordDeadLetter } from './dead-letters-store.js'
import { MIN_WAKE_GAP_MS } from './interval-worker.js'
import { type Failure, type JobHandler, UnexpectedJobError } from './job-handler.js'
import type { QuarantineStore } from './quarantine-store.js'
import { type RetryPolicy, type Verdict, verdictFor } from './retry-policy.js'
import { createSuccessRecorder, type SuccessRecorder } from './success-recorder.js'

export { type Failure, type JobHandler, UnexpectedJobError }

import type { JobQueue, LeasedJob } from './types.js'

export type JobWorkerDeps = {
  readonly queue: JobQueue
  readonly transact: Transact
  readonly clock: Clock
  readonly log: Logger
  readonly random: () => number
  readonly quarantines: QuarantineStore
  // biome-ignore lint/suspicious/noExplicitAny: handlers of different result types share a map
  readonly handlers: Readonly<Record<string, JobHandler<any>>>
  /** Names this worker in leases. */
  readonly owner: string
  readonly settings: WorkerSettings
  /**
   * Asked before every round: may this process work the queue now? On SQLite only the holder
   * of the worker lease may (one process per database file); absent: always.
   */
  readonly gate?: () => Promise<boolean>
  /** Housekeeping of the job owner's (apply's sweep), run from the loop at most this often. */
  readonly maintenance?: { readonly everyMs: number; readonly run: () => Promise<void> }
}

export type WorkerSettings = {
  /** Jobs of one app (queue) at once; its token bucket paces the requests within that. */
  readonly concurrencyPerQueue: number
  /** Jobs at once across apps. */
  readonly concurrency: number
  readonly pollMs: number
  readonly leaseMs: number
  readonly retry: RetryPolicy
}

export type JobWorker = {
  start(): void
  /** Stops leasing, cancels the jobs in flight (they return to the queue) and waits for them. */
  stop(): Promise<void>
  /** One round now: lease what is ready and start it (tests, and `--wait` in the CLI). */
  tick(): Promise<void>
  /** Resolves when nothing is in flight. */
  idle(): Promise<void>
  /** Work may be waiting (another part of this process enqueued jobs): a round soon. */
  nudge(): void
  readonly running: boolean
}

/**
 * The worker loop shared by both queues: per app (queue) at most `concurrencyPerQueue` jobs, at
 * most `concurrency` overall, quarantined apps skipped, every attempt cancelled before its lease
 * runs out (so no other worker can get the job while this one still works on it).
 */
export function createJobWorker(deps: JobWorkerDeps): JobWorker {
  const inFlight = new Map<string, number>()
  const tasks = new Set<Promise<void>>()
  const stopping = new AbortController()
  let timer: NodeJS.Timeout | undefined
  let running = false
  let round: Promise<void> | undefined
  let lastReap = 0
  let lastMaintenance = 0
  const total = () => [...inFlight.values()].reduce((a, b) => a + b, 0)
  const successes = createSuccessRecorder(deps)

  async function leaseRound(): Promise<void> {
    if (deps.gate && !(await deps.gate())) return
    const nowMs = deps.clock.now().getTime()
    if (nowMs - lastReap >= deps.settings.leaseMs / 2) {
      lastReap = nowMs
      await deps.queue.reap()
    }
    if (deps.maintenance && nowMs - lastMaintenance >= deps.maintenance.everyMs) {
      lastMaintenance = nowMs
      await deps.maintenance.run()
    }
    const blocked = await deps.quarantines.blocked()
    for (const queue of await deps.queue.queues()) {
      if (blocked.has(queue) || stopping.signal.aborted) continue
      const free = Math.min(
        deps.settings.concurrencyPerQueue - (inFlight.get(queue) ?? 0),
        deps.settings.concurrency - total(),
      )
      if (free <= 0) continue
      for (const job of await deps.queue.lease(queue, free, deps.owner)) launch(job)
    }
  }

  function launch(job: LeasedJob): void {
    inFlight.set(job.queue, (inFlight.get(job.queue) ?? 0) + 1)
    const task = runJob(deps, successes, job, stopping.signal)
      .catch((error: unknown) => deps.log.error({ err: error, job: job.key }, 'job settle failed'))
      .finally(() => {
        inFlight.set(job.queue, (inFlight.get(job.queue) ?? 1) - 1)
        tasks.delete(task)
        wake()
      })
    tasks.add(task)
  }

  const tick = async () => {
    round ??= leaseRound()
      .catch((error: unknown) => deps.log.error({ err: error }, 'job worker round failed'))
      .finally(() => {
        round = undefined
      })
    await round
  }

  let dueAt = Number.POSITIVE_INFINITY
  /** The next round in `ms`, unless one is already due sooner. */
  function schedule(ms: number): void {
    if (!running) return
    const at = Date.now() + ms
    if (timer && dueAt <= at) return
    if (timer) clearTimeout(timer)
    dueAt = at
    timer = setTimeout(() => {
      timer = undefined
      dueAt = Number.POSITIVE_INFINITY
      void tick().finally(() => schedule(deps.settings.pollMs))
    }, ms)
    timer.unref()
  }

  function wake(): void {
    if (running && !round) schedule(0)
  }

  return {
    start() {
      if (running) return
      running = true
      schedule(0)
    },
    async stop() {
      running = false
      if (timer) clearTimeout(timer)
      stopping.abort()
      await round
      await Promise.all([...tasks])
    },
    tick,
    nudge() {
      // A write committed (store/commit-signal.ts): jobs may be waiting; not more often than this.
      if (running && !round) schedule(MIN_WAKE_GAP_MS)
    },
    async idle() {
      await Promise.all([...tasks])
    },
    get running() {
      return running
    },
  }
}

/** One attempt: run it under a deadline before the lease ends, then settle it. */
async function runJob(
  deps: JobWorkerDeps,
  successes: SuccessRecorder,
  job: LeasedJob,
  stopping: AbortSignal,
): Promise<void> {
  const handler = deps.handlers[job.data.type]
  if (!handler) {
    deps.log.error({ type: job.data.type }, 'no handler for job type; leaving it queued')
    return
  }
  const deadline = AbortSignal.timeout(Math.floor(deps.settings.leaseMs * 0.8))
  const signal = AbortSignal.any([deadline, stopping])
  const result = await attempt(handler, job, signal)
  const outcome = result.ok ? await successes.record(job, handler, result.value) : result
  if (outcome.ok) return
  // Shutting down: the job goes back as it was; the next worker runs it.
  const verdict: Verdict = stopping.aborted
    ? { kind: 'retry', delayMs: 0, counted: false }
    : verdictFor(outcome.error, job.attempt, deps.settings.retry, deps.random, deps.clock.now())
  await deps.transact((trx) => settleFailure(deps, trx, handler, job, outcome.error, verdict))
}

async function settleFailure(
  deps: JobWorkerDeps,
  trx: Db,
  handler: JobHandler,
  job: LeasedJob,
  error: ClassifiedFailure,
  verdict: Verdict,
): Promise<void> {
  const publicError = error.toJSON()
  if (verdict.kind === 'dead') {
    await deps.queue.bury(trx, job, deps.owner)
    await recordDeadLetter(trx, {
      key: job.key,
      queue: job.queue,
      data: JSON.stringify(job.data),
      reason: verdict.reason,
      error: JSON.stringify(publicError),
      attempts: job.attempt + 1,
      at: deps.clock.now().toISOString(),
    })
  } else {
    const counted = verdict.kind === 'retry' && verdict.counted
    await deps.queue.retry(
      trx,
      job,
      { delayMs: verdict.delayMs, counted, error: publicError },
      deps.owner,
    )
  }
  if (verdict.kind === 'quarantine')
    await deps.quarantines.put(trx, {
      appId: job.queue,
      workspaceId: job.data.workspaceId,
      reason: verdict.reason,
      error: publicError,
      until: verdict.until?.toISOString() ?? null,
    })
  await handler.failed(trx, job, { error, verdict })
}

async function attempt<T>(
  handler: JobHandler<T>,
  job: LeasedJob,
  signal: AbortSignal,
): Promise<Result<T, ClassifiedFailure>> {
  try {
    return await handler.run(job, signal)
  } catch (error) {
    return { ok: false, error: unexpected(error) }
  }
}

/**
 * A thrown error (or a success that could not be recorded: a bug, a constraint) is a bug or an
 * outage of our own database, not the app's answer: it is worth another try, and is recorded as
 * the job's own failure (JOB_FAILED), never as a connector's; so the job's work is settled one
 * way or the other instead of coming back after every lease for ever.
 */
function unexpected(error: unknown): ClassifiedFailure {
  return new UnexpectedJobError(error)
}
