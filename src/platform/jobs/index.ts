/**
 * Durable jobs: one queue interface with two stores (a table with leases on SQLite, pg-boss on
 * PostgreSQL), the worker loop (per-app concurrency, quarantine, priorities), retries by error
 * class with jittered backoff honouring Retry-After, and dead letters with the reason.
 * @example
 * const queue = createJobQueue({ store, clock, ids, log, leaseMs: 30_000 })
 * await queue.start()
 * const worker = createJobWorker({ queue, transact: store.transact, handlers: { operation }, … })
 * worker.start()
 */
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Logger } from '../../shared/logger.js'
import type { Store } from '../store/index.js'
import { createPgBossQueue } from './pg-boss-queue.js'
import { createTableQueue } from './table-queue-store.js'
import type { JobQueue } from './types.js'

export { createPgBossQueue } from './pg-boss-queue.js'
export { type Quarantine, type QuarantineStore, quarantineStore } from './quarantine-store.js'
export {
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  type Verdict,
  verdictFor,
} from './retry-policy.js'
export { createTableQueue } from './table-queue-store.js'
export type { JobData, JobQueue, LeasedJob, NewJob, RetryRequest } from './types.js'
export {
  createJobWorker,
  type Failure,
  type JobHandler,
  type JobWorker,
  type JobWorkerDeps,
  type WorkerSettings,
} from './worker.js'

/** The queue for the store's dialect. */
export function createJobQueue(deps: {
  store: Pick<Store, 'db' | 'dialect' | 'transact'>
  clock: Clock
  ids: IdGenerator
  log: Logger
  leaseMs: number
}): JobQueue {
  return deps.store.dialect === 'postgres'
    ? createPgBossQueue({ db: deps.store.db, log: deps.log, leaseMs: deps.leaseMs })
    : createTableQueue({
        db: deps.store.db,
        transact: deps.store.transact,
        clock: deps.clock,
        ids: deps.ids,
        leaseMs: deps.leaseMs,
      })
}
/**
 * The two pieces every background loop is built from: a timer loop and leases in the database
 * (who runs a loop or a sync right now; a dead holder's lease expires).
 * @example const worker = intervalWorker('graph-refresh', 60_000, log, async () => { … })
 */
export { type BackgroundWorker, intervalWorker } from './interval-worker.js'
export { createLeases, type Leases } from './leases-store.js'
