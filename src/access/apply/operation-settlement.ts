import type { Db } from '../../platform/store/index.js'
import {
  changedAccountsOf,
  hasPendingOperations,
  type SettledOperation,
} from '../reconcile/index.js'
import { type ApplyDeps, WORKER } from './apply-deps.js'
import { enqueueRefresh } from './apply-finish.js'

/** Audits and announces operations apply settled (one entry and one event per operation). */
export function recordSettled(
  deps: ApplyDeps,
  trx: Db,
  operations: readonly SettledOperation[],
  type: 'operation.applied' | 'operation.failed',
  detail: object,
): Promise<void> {
  return recordSettledMany(deps, trx, type, [{ operations, detail }])
}

/**
 * The same for a batch of jobs, each with its own detail (what the app answered): one insert
 * of audit entries and one of events for the whole batch.
 */
export async function recordSettledMany(
  deps: ApplyDeps,
  trx: Db,
  type: 'operation.applied' | 'operation.failed',
  settled: ReadonlyArray<{
    readonly operations: readonly SettledOperation[]
    readonly detail: object
  }>,
): Promise<void> {
  const each = settled.flatMap(({ operations, detail }) =>
    operations.map((op) => ({ op, data: { planId: op.planId, appId: op.appId, ...detail } })),
  )
  await deps.audit.recordMany(
    trx,
    each.map(({ op, data }) => ({
      workspaceId: op.workspaceId,
      actor: WORKER,
      action: type,
      target: { type: 'operation', id: op.id },
      after: data,
    })),
  )
  await deps.events.appendMany(
    trx,
    each.map(({ op, data }) => ({
      workspaceId: op.workspaceId,
      sourceId: null,
      type,
      subject: { type: 'operation', id: op.id },
      data,
    })),
  )
}

/**
 * When the app's last operation of the plan finished: queue the app's refresh. On PostgreSQL
 * the last two jobs settling at once may each still see the other running (neither committed);
 * `sweepApplies` catches that case within a second, without a lock on every settlement.
 */
export async function refreshIfAppDone(
  deps: ApplyDeps,
  trx: Db,
  job: { readonly planId: string; readonly appId: string; readonly workspaceId: string },
): Promise<void> {
  if (await hasPendingOperations(trx, job.planId, job.appId)) return
  if (!(await changedAccountsOf(trx, job.planId, job.appId))) return
  await enqueueRefresh(deps, trx, job)
}
