import type { ClassifiedFailure } from '../../shared/failure.js'
import type { Logger } from '../../shared/logger.js'
import type { Result } from '../../shared/result.js'
import type { Db, Transact } from '../store/index.js'
import { type JobHandler, UnexpectedJobError } from './job-handler.js'
import type { QuarantineStore } from './quarantine-store.js'
import type { JobQueue, LeasedJob } from './types.js'

/** What recording needs of the worker's dependencies. */
export type SuccessRecorderDeps = {
  readonly queue: JobQueue
  readonly transact: Transact
  readonly log: Logger
  readonly quarantines: QuarantineStore
  readonly owner: string
}

/** Successes recorded in one transaction at most: bounds how long the write lock is held. */
const MAX_BATCH = 128

type Waiting = {
  readonly job: LeasedJob
  // biome-ignore lint/suspicious/noExplicitAny: handlers of different result types share a batch
  readonly handler: JobHandler<any>
  readonly value: unknown
  readonly resolve: (outcome: Result<void, ClassifiedFailure>) => void
}

export type SuccessRecorder = {
  /** Resolves once the job is recorded done (durable), or with why recording it failed. */
  record<T>(
    job: LeasedJob,
    handler: JobHandler<T>,
    value: T,
  ): Promise<Result<void, ClassifiedFailure>>
}

/**
 * Records successful jobs in batches (issue 16): the jobs that finish while one batch commits
 * are recorded together in the next transaction: one completion statement, one quarantine lift
 * per app, and each handler's `succeededMany` (the operations, their audit entries and events in
 * a few statements). Each job is still done exactly when its outcome is: both are in the same
 * transaction. A batch that fails is recorded again one job at a time, so one bad record cannot
 * hold back the others; a job that fails alone counts as a failed attempt (retried, then
 * dead-lettered), as before.
 */
export function createSuccessRecorder(deps: SuccessRecorderDeps): SuccessRecorder {
  const waiting: Waiting[] = []
  let flushing = false

  async function flush(): Promise<void> {
    // Let the successes of this turn of the event loop join the first batch.
    await new Promise((resolve) => setImmediate(resolve))
    try {
      while (waiting.length > 0) await recordBatch(waiting.splice(0, MAX_BATCH))
    } finally {
      flushing = false
    }
  }

  async function recordBatch(batch: readonly Waiting[]): Promise<void> {
    try {
      await deps.transact((trx) => recordAll(deps, trx, batch))
      for (const item of batch) item.resolve({ ok: true, value: undefined })
    } catch (error) {
      if (batch.length > 1) {
        for (const item of batch) await recordBatch([item])
        return
      }
      const item = batch[0] as Waiting
      deps.log.error({ err: error, job: item.job.key }, 'recording a job as done failed')
      item.resolve({ ok: false, error: new UnexpectedJobError(error) })
    }
  }

  return {
    record(job, handler, value) {
      return new Promise((resolve) => {
        waiting.push({ job, handler, value, resolve })
        if (flushing) return
        flushing = true
        void flush()
      })
    },
  }
}

async function recordAll(
  deps: SuccessRecorderDeps,
  trx: Db,
  batch: readonly Waiting[],
): Promise<void> {
  await deps.queue.completeMany(
    trx,
    batch.map((item) => item.job),
    deps.owner,
  )
  for (const queue of new Set(batch.map((item) => item.job.queue)))
    await deps.quarantines.lift(trx, queue)
  const byHandler = new Map<Waiting['handler'], Waiting[]>()
  for (const item of batch)
    byHandler.set(item.handler, [...(byHandler.get(item.handler) ?? []), item])
  for (const [handler, items] of byHandler) {
    if (handler.succeededMany) await handler.succeededMany(trx, items)
    else for (const item of items) await handler.succeeded(trx, item.job, item.value)
  }
}
