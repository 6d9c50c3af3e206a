import { applyProgressCounts } from '../reconcile/index.js'
import type { ApplyDeps } from './apply-deps.js'
import { enqueueRefresh, finishIfDone, touchedApps } from './apply-finish.js'
import { openApplies } from './apply-store.js'

/**
 * The worker's sweep over unfinished applies: an app whose operations all finished gets its
 * refresh queued (idempotent by key), and a plan whose apps are all refreshed is finished.
 */
export async function sweepApplies(deps: ApplyDeps): Promise<void> {
  for (const apply of await openApplies(deps.db)) {
    const counts = await applyProgressCounts(deps.db, apply.planId)
    const running = new Set(counts.filter((c) => c.status === 'running').map((c) => c.appId))
    const due = [...touchedApps(counts)].filter(
      (appId) => !running.has(appId) && !apply.refreshed.has(appId),
    )
    const plan = { planId: apply.planId, workspaceId: apply.workspaceId }
    await deps.transact(async (trx) => {
      for (const appId of due) await enqueueRefresh(deps, trx, { ...plan, appId })
      await finishIfDone(deps, trx, plan)
    })
  }
}
