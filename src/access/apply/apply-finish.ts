import type { Db } from '../../platform/store/index.js'
import { type ApplyCount, applyProgressCounts, refreshPlanStatus } from '../reconcile/index.js'
import { type ApplyDeps, PRIORITY } from './apply-deps.js'
import { markApplyFinished, refreshedApps } from './apply-store.js'

/** What a plan's apply needs to know to end: which plan, of which workspace. */
export type ApplyRef = { readonly planId: string; readonly workspaceId: string }

/** Apps whose accounts the plan changed through their API: those are refreshed after apply. */
export function touchedApps(counts: readonly ApplyCount[]): Set<string> {
  return new Set(
    counts
      .filter((c) => (c.status === 'applied' || c.status === 'failed') && c.kind !== 'task')
      .map((c) => c.appId),
  )
}

/** Queues the refresh of one app after the plan's operations on it finished (one per key). */
export async function enqueueRefresh(
  deps: ApplyDeps,
  trx: Db,
  job: ApplyRef & { readonly appId: string },
): Promise<void> {
  await deps.queue.enqueue(trx, [
    {
      key: `refresh:${job.planId}:${job.appId}`,
      queue: job.appId,
      priority: PRIORITY.refresh,
      data: { type: 'refresh', planId: job.planId, appId: job.appId, workspaceId: job.workspaceId },
    },
  ])
}

/** The plan's apply is finished when no operation runs and every touched app was refreshed. */
export async function finishIfDone(
  deps: ApplyDeps,
  trx: Db,
  plan: ApplyRef & { readonly refreshed?: ReadonlySet<string> },
): Promise<void> {
  const refreshed = plan.refreshed ?? (await refreshedApps(trx, plan.planId))
  const counts = await applyProgressCounts(trx, plan.planId)
  if (counts.some((c) => c.status === 'running')) return
  const now = deps.clock.now().toISOString()
  // Every operation is settled: the plan says so (applied, partly applied, failed). Always
  // after any write to plan_applies in this transaction: one lock order, no deadlock.
  if ([...touchedApps(counts)].some((appId) => !refreshed.has(appId))) {
    await refreshPlanStatus(trx, plan.planId, now)
    return
  }
  const ended = await markApplyFinished(trx, plan.planId, now)
  await refreshPlanStatus(trx, plan.planId, now)
  if (!ended) return
  const sum = (status: string) =>
    counts.filter((c) => c.status === status).reduce((n, c) => n + c.n, 0)
  await deps.events.append(trx, {
    workspaceId: plan.workspaceId,
    sourceId: null,
    type: sum('failed') > 0 ? 'plan.apply_failed' : 'plan.applied',
    subject: { type: 'plan', id: plan.planId },
    data: { applied: sum('applied'), failed: sum('failed'), skipped: sum('skipped') },
  })
}
