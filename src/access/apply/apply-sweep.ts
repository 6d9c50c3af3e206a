import { changedAccountsOf, hasPendingOperations, planAppIds } from '../reconcile/index.js'
import type { ApplyDeps } from './apply-deps.js'
import { enqueueRefresh, finishIfDone } from './apply-finish.js'
import { openApplies } from './apply-store.js'

/**
 * The worker's sweep over unfinished applies, every second: an app whose operations all finished
 * gets its refresh queued (idempotent by key), and a plan whose apps are all done is finished.
 * It probes each app of the plan through the (plan, app, status) index instead of counting the
 * plan's operations: a plan of 100,000 operations costs the same to sweep as one of ten.
 */
export function createApplySweep(deps: ApplyDeps): () => Promise<void> {
  const appsOfPlan = new Map<string, readonly string[]>()
  return async () => {
    const open = await openApplies(deps.db)
    const openIds = new Set(open.map((apply) => apply.planId))
    for (const planId of appsOfPlan.keys()) if (!openIds.has(planId)) appsOfPlan.delete(planId)
    for (const apply of open) {
      let apps = appsOfPlan.get(apply.planId)
      if (!apps) {
        apps = await planAppIds(deps.db, apply.planId)
        appsOfPlan.set(apply.planId, apps)
      }
      await sweepOne(deps, { ...apply, apps })
    }
  }
}

async function sweepOne(
  deps: ApplyDeps,
  apply: {
    planId: string
    workspaceId: string
    refreshed: ReadonlySet<string>
    apps: readonly string[]
  },
): Promise<void> {
  const { planId } = apply
  let running = 0
  const due: string[] = []
  for (const appId of apply.apps) {
    if (await hasPendingOperations(deps.db, planId, appId)) running += 1
    else if (!apply.refreshed.has(appId) && (await changedAccountsOf(deps.db, planId, appId)))
      due.push(appId)
  }
  if (running > 0 && due.length === 0) return
  const plan = { planId, workspaceId: apply.workspaceId }
  await deps.transact(async (trx) => {
    for (const appId of due) await enqueueRefresh(deps, trx, { ...plan, appId })
    if (running === 0) await finishIfDone(deps, trx, plan)
  })
}
