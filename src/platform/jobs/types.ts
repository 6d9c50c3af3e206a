import type { Db } from '../store/index.js'

/** What a job carries: which handler runs it and the ids it needs (never secrets). */
export type JobData = {
  readonly type: string
  readonly workspaceId: string
  readonly [field: string]: unknown
}

/** A job to enqueue. `key` is its idempotency key: a key already enqueued is left alone. */
export type NewJob = {
  readonly key: string
  /** Jobs of one queue share one app's concurrency and rate budget (a queue per app). */
  readonly queue: string
  /** Higher runs first within a queue (offboarding ahead of bulk sync). */
  readonly priority: number
  readonly data: JobData
  readonly runAt?: Date
  /**
   * Set when the key may have had a job that already ended (a second plan asking for the same
   * intent): a finished job with this key runs again instead of swallowing the new one, which
   * would leave its operation waiting for a job that never comes. Same round, same job.
   */
  readonly round?: string
}

/** A job this worker holds a lease on until it settles it or the lease expires. */
export type LeasedJob = {
  readonly id: string
  readonly key: string
  readonly queue: string
  readonly priority: number
  readonly data: JobData
  /** Attempts before this one that ended in a retry (crashed attempts are not counted). */
  readonly attempt: number
  /** pg-boss: how many times the job was re-inserted (each retry is a new row). */
  readonly generation?: number
  /** pg-boss: the round it was enqueued in (kept by its retries). */
  readonly round?: string
}

/**
 * The durable queue, one interface for both stores: a table with leases on SQLite (one worker
 * process), pg-boss on PostgreSQL (many processes; `SKIP LOCKED` hands a job to one of them).
 * Every settling call takes the caller's transaction, so the job and what the job did (the
 * operation's status, the audit entry) commit together or not at all.
 */
export interface JobQueue {
  readonly kind: 'table' | 'pg-boss'
  start(): Promise<void>
  stop(): Promise<void>
  enqueue(trx: Db, jobs: readonly NewJob[]): Promise<void>
  /**
   * The keys among these that have a job still to run: queued, waiting to retry, or leased. Read
   * through `db`: the caller's transaction when it has one (SQLite has a single connection).
   */
  live(db: Db, keys: readonly string[]): Promise<Set<string>>
  /** Queues that may have work (cheap; the worker asks each one for jobs). */
  queues(): Promise<string[]>
  /** Leases up to `limit` ready jobs of one queue, highest priority first. */
  lease(queue: string, limit: number, owner: string): Promise<LeasedJob[]>
  complete(trx: Db, job: LeasedJob, owner: string): Promise<void>
  /** Completes a batch of this owner's jobs (of any queues) in a few statements. */
  completeMany(trx: Db, jobs: readonly LeasedJob[], owner: string): Promise<void>
  /** Runs the job again after `delayMs`; `counted` false keeps its attempt (a quarantine wait). */
  retry(trx: Db, job: LeasedJob, retry: RetryRequest, owner: string): Promise<void>
  /** Ends the job for good; the dead letter (with the reason) is written by the worker. */
  bury(trx: Db, job: LeasedJob, owner: string): Promise<void>
  /** Returns jobs whose lease expired (their worker died) to the queue. */
  reap(): Promise<void>
}

export type RetryRequest = {
  readonly delayMs: number
  readonly counted: boolean
  readonly error: unknown
}
