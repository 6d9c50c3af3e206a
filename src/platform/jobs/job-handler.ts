import type { ClassifiedFailure } from '../../shared/failure.js'
import type { Result } from '../../shared/result.js'
import type { Db } from '../store/index.js'
import type { Verdict } from './retry-policy.js'
import type { LeasedJob } from './types.js'

/** How a failed attempt ended: what the worker did with the job. */
export type Failure = {
  readonly error: ClassifiedFailure
  readonly verdict: Verdict
}

/**
 * Runs one type of job. `run` does the work (it may be repeated after a crash, so it must be
 * idempotent); `succeeded` and `failed` record the outcome in the transaction that settles the
 * job, so the two never disagree.
 */
export interface JobHandler<T = unknown> {
  run(job: LeasedJob, signal: AbortSignal): Promise<Result<T, ClassifiedFailure>>
  succeeded(trx: Db, job: LeasedJob, value: T): Promise<void>
  /**
   * Records a batch of successes in one transaction (success-recorder.ts); without it, each is
   * recorded by `succeeded`, in the same transaction.
   */
  succeededMany?(
    trx: Db,
    items: ReadonlyArray<{ readonly job: LeasedJob; readonly value: T }>,
  ): Promise<void>
  failed(trx: Db, job: LeasedJob, failure: Failure): Promise<void>
}

export class UnexpectedJobError extends Error implements ClassifiedFailure {
  readonly class = 'transient' as const
  readonly code = 'JOB_FAILED'

  constructor(cause: unknown) {
    super('The job failed unexpectedly', { cause })
    this.name = 'UnexpectedJobError'
  }

  toJSON(): Record<string, unknown> {
    return { class: this.class, code: this.code, message: this.message }
  }
}
