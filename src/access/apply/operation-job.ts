import type { Failure, JobHandler, LeasedJob } from '../../platform/jobs/index.js'
import type { Db } from '../../platform/store/index.js'
import { ApiError } from '../../shared/api-error.js'
import { err, ok } from '../../shared/result.js'
import {
  findOperation,
  markApplied,
  markFailed,
  noteFailedAttempt,
  type SettledOperation,
} from '../reconcile/index.js'
import type { ApplyDeps } from './apply-deps.js'
import { ApplyFailure } from './apply-failures.js'
import { type Applied, createOperationExecutor } from './executor.js'
import { recordSettled, recordSettledMany, refreshIfAppDone } from './operation-settlement.js'

/** What an `operation` job carries: one plan operation of one app. */
export type OperationJob = {
  readonly planId: string
  readonly operationId: string
  readonly appId: string
  readonly workspaceId: string
}

export const operationJobOf = (job: LeasedJob) => job.data as unknown as OperationJob

/**
 * The `operation` job: carries one plan operation out through its app's connector (executor.ts)
 * and settles it, and every twin of its key, in the transaction that ends the job.
 */
export function operationHandler(deps: ApplyDeps): JobHandler<Applied | { already: string }> {
  return {
    async run(job, signal) {
      const { operationId, workspaceId } = operationJobOf(job)
      const operation = await findOperation(deps.db, operationId)
      // Settled together with its job, so this is a second plan's twin or a deleted plan.
      if (operation?.status !== 'running') return ok({ already: operation?.status ?? 'gone' })
      try {
        const executor = createOperationExecutor((appId) => deps.apps.connector(workspaceId, appId))
        return await executor.apply(operation, { signal })
      } catch (error) {
        // The app was removed after the plan was made: no connector, no retry can help.
        if (error instanceof ApiError && error.code === 'APP_NOT_FOUND')
          return err(new ApplyFailure('APPLY_APP_GONE', error.message))
        throw error
      }
    },
    succeeded: (trx, job, value) => recordApplied(deps, trx, [{ job, value }]),
    succeededMany: (trx, items) => recordApplied(deps, trx, items),
    async failed(trx, job, failure) {
      const { operationId } = operationJobOf(job)
      const error = { ...failure.error.toJSON(), verdict: describe(failure) }
      const attempts = job.attempt + 1
      if (failure.verdict.kind !== 'dead') {
        await noteFailedAttempt(trx, operationId, { attempts, error })
        if (failure.verdict.kind === 'quarantine') await quarantined(deps, trx, job, failure)
        return
      }
      const reason = failure.verdict.reason
      const now = deps.clock.now().toISOString()
      const done = await markFailed(trx, job.key, { error: { ...error, reason }, attempts, now })
      await refreshIfAppDone(deps, trx, operationJobOf(job))
      await recordSettled(deps, trx, done, 'operation.failed', { reason })
    },
  }
}

/**
 * Settles applied operations (and their twins) of a batch of jobs: the operations, one refresh
 * check per plan and app, then their audit entries and events in one insert each. A job whose
 * operation was no longer running (`already`) changes nothing.
 */
async function recordApplied(
  deps: ApplyDeps,
  trx: Db,
  items: ReadonlyArray<{ readonly job: LeasedJob; readonly value: Applied | { already: string } }>,
): Promise<void> {
  const now = deps.clock.now().toISOString()
  const settled: Array<{ operations: SettledOperation[]; detail: Applied }> = []
  const refs = new Map<string, OperationJob>()
  for (const { job, value } of items) {
    if ('already' in value) continue
    const attempts = job.attempt + 1
    const operations = await markApplied(trx, job.key, { result: value, attempts, now })
    settled.push({ operations, detail: value })
    refs.set(refKey(job), operationJobOf(job))
  }
  // The refresh checks before the events: appending one holds the event log's lock to commit.
  for (const ref of refs.values()) await refreshIfAppDone(deps, trx, ref)
  await recordSettledMany(deps, trx, 'operation.applied', settled)
}

/** One plan and app: what a refresh check is about. */
const refKey = (job: LeasedJob) => {
  const { planId, appId } = operationJobOf(job)
  return `${planId} ${appId}`
}

function describe(failure: Failure): string {
  const v = failure.verdict
  if (v.kind === 'dead') return `dead: ${v.reason}`
  if (v.kind === 'quarantine') return `app quarantined: ${v.reason}`
  return `retry in ${v.delayMs} ms`
}

async function quarantined(deps: ApplyDeps, trx: Db, job: LeasedJob, failure: Failure) {
  const { appId, workspaceId } = operationJobOf(job)
  const reason = failure.verdict.kind === 'quarantine' ? failure.verdict.reason : ''
  await deps.events.append(trx, {
    workspaceId,
    sourceId: null,
    type: 'app.quarantined',
    subject: { type: 'app', id: appId },
    data: { reason, error: failure.error.toJSON() },
  })
}
