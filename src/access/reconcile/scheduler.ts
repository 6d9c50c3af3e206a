import type { Actor } from '../../platform/audit/index.js'
import { type BackgroundWorker, intervalWorker } from '../../platform/jobs/index.js'
import type { Db } from '../../platform/store/index.js'
import { ApiError } from '../../shared/api-error.js'
import type { Clock } from '../../shared/clock.js'
import type { Logger } from '../../shared/logger.js'
import type { AppsService } from '../apps/index.js'
import type { GraphService } from '../graph/index.js'
import { appsByAge } from './app-reads-store.js'
import type { ReconcileService } from './reconcile-service.js'

/** A failed refresh is tried again (and resumes) this soon, whatever the app's interval. */
const RETRY_FAILED_MS = 5 * 60_000
const SCHEDULER: Actor = { type: 'system', id: 'graph-scheduler' }

export type GraphSchedulerDeps = {
  readonly db: Db
  readonly clock: Clock
  readonly log: Logger
  readonly apps: Pick<AppsService, 'get'>
  readonly graph: Pick<GraphService, 'refreshApp' | 'latestSnapshot'>
  readonly reconcile: Pick<ReconcileService, 'reconcile'>
  readonly intervalMs: number
}

/**
 * Whether an app's accounts are due for a refresh (pure): its interval has passed since the
 * last one started, or 5 minutes since one failed (or started, if it died); never when the
 * interval is null. A failed refresh resumes its snapshot, which keeps its first start time, so
 * the retry wait counts from when the last attempt ended: otherwise, once 5 minutes had passed,
 * every round would try again.
 */
export function refreshDue(
  refreshMinutes: number | null,
  last: { status: string; startedAt: string; finishedAt?: string | null } | undefined,
  nowMs: number,
): boolean {
  if (refreshMinutes === null) return false
  if (!last) return true
  const unfinished = last.status === 'failed' || last.status === 'running'
  if (!unfinished) return nowMs - Date.parse(last.startedAt) >= refreshMinutes * 60_000
  const wait = Math.min(RETRY_FAILED_MS, refreshMinutes * 60_000)
  return nowMs - Date.parse(last.finishedAt ?? last.startedAt) >= wait
}

/**
 * The server's graph scheduler: each round refreshes the accounts of every app that is due
 * (its policy's `refreshMinutes`) and, when the refresh succeeded, reconciles that app so its
 * findings are current. Refreshes take a lease, so two servers never list one app at once.
 */
export function createGraphScheduler(deps: GraphSchedulerDeps): BackgroundWorker {
  return intervalWorker('graph-scheduler', deps.intervalMs, deps.log, async () => {
    for (const app of await appsByAge(deps.db)) await refreshIfDue(deps, app.workspaceId, app.id)
  })
}

async function refreshIfDue(deps: GraphSchedulerDeps, workspaceId: string, appId: string) {
  const app = await deps.apps.get(workspaceId, appId)
  const last = await deps.graph.latestSnapshot(appId)
  const previous = last && {
    status: last.status,
    startedAt: last.started_at,
    finishedAt: last.finished_at,
  }
  if (!refreshDue(app.policy.refreshMinutes, previous, deps.clock.now().getTime())) return
  try {
    const report = await deps.graph.refreshApp(workspaceId, appId, {
      trigger: 'schedule',
      actor: SCHEDULER,
    })
    deps.log.info({ appId, status: report.status, counts: report.counts }, 'scheduled refresh')
    if (report.status !== 'succeeded') return
    await deps.reconcile.reconcile(
      workspaceId,
      { appId },
      { trigger: 'schedule', actor: SCHEDULER },
    )
  } catch (error) {
    // Another process refreshes it right now: its turn, not ours.
    if (error instanceof ApiError && error.code === 'GRAPH_REFRESH_RUNNING') return
    throw error
  }
}
