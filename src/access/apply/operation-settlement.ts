import type { Db } from '../../platform/store/index.js'
import { changedAccountsOf, pendingOperations, type SettledOperation } from '../reconcile/index.js'
import { type ApplyDeps, WORKER } from './apply-deps.js'
import { enqueueRefresh } from './apply-finish.js'

/** Audits and announces operations apply settled (one entry and one event per operation). */
export async function recordSettled(
  deps: ApplyDeps,
  trx: Db,
  operations: readonly SettledOperation[],
  type: 'operation.applied' | 'operation.failed',
  detail: object,
): Promise<void> {
  for (const op of operations) {
    await deps.audit.record(trx, {
      workspaceId: op.workspaceId,
      actor: WORKER,
      action: type,
      target: { type: 'operation', id: op.id },
      after: { planId: op.planId, appId: op.appId, ...detail },
    })
  }
  await deps.events.appendMany(
    trx,
    operations.map((op) => ({
      workspaceId: op.workspaceId,
      sourceId: null,
      type,
      subject: { type: 'operation', id: op.id },
      data: { planId: op.planId, appId: op.appId, ...detail },
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
  if ((await pendingOperations(trx, job.planId, job.appId)) > 0) return
  if (!(await changedAccountsOf(trx, job.planId, job.appId))) return
  await enqueueRefresh(deps, trx, job)
}
