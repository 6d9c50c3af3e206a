import { CONNECTOR_ERROR_CODES, ConnectorError } from '../../integrations/connectors/index.js'
import type { JobHandler, LeasedJob } from '../../platform/jobs/index.js'
import type { Db } from '../../platform/store/index.js'
import { ApiError } from '../../shared/api-error.js'
import type { ClassifiedFailure } from '../../shared/failure.js'
import { err, ok, type Result } from '../../shared/result.js'
import type { RefreshReport } from '../graph/index.js'
import { grantRemovalsApplied } from '../reconcile/index.js'
import { type ApplyDeps, WORKER } from './apply-deps.js'
import { ApplyFailure } from './apply-failures.js'
import { finishIfDone } from './apply-finish.js'
import { lockApply, refreshedApps, saveRefreshedApps } from './apply-store.js'

type RefreshJob = { readonly planId: string; readonly appId: string; readonly workspaceId: string }

/** Grants the plan's applied operations removed in the app (reconcile's count by default). */
type RemovalsOf = (planId: string, appId: string) => Promise<number>

const refreshJobOf = (job: LeasedJob) => job.data as unknown as RefreshJob

/**
 * The `refresh` job: once an app's operations of a plan are finished, list its accounts into
 * the graph and reconcile it, so the next plan has no finding for what was applied.
 */
export function refreshHandler(
  deps: ApplyDeps,
  removalsOf: RemovalsOf = (planId, appId) => grantRemovalsApplied(deps.db, planId, appId),
): JobHandler<{ status: string }> {
  return {
    async run(job, signal) {
      const { appId, workspaceId, planId } = refreshJobOf(job)
      const expected = await removalsOf(planId, appId)
      return refreshAndReconcile(deps, { workspaceId, appId, planId }, expected, signal)
    },
    async succeeded(trx, job) {
      await refreshed(deps, trx, refreshJobOf(job))
    },
    async failed(trx, job, failure) {
      // A refresh that gives up must not keep the plan unfinished: the next scheduled one will do.
      if (failure.verdict.kind === 'dead') await refreshed(deps, trx, refreshJobOf(job))
    },
  }
}

/** The graph's refresh of the app, then its reconciliation; races classified as apply's. */
async function refreshAndReconcile(
  deps: ApplyDeps,
  { workspaceId, appId }: RefreshJob,
  expectedGrantRemovals: number,
  signal: AbortSignal,
): Promise<Result<{ status: string }, ClassifiedFailure>> {
  try {
    const report = await deps.graph.refreshApp(workspaceId, appId, {
      trigger: 'schedule',
      actor: WORKER,
      signal,
      expectedGrantRemovals,
    })
    if (report.status !== 'succeeded') return err(notRefreshed(report))
    await deps.reconcile.reconcile(workspaceId, { appId }, { trigger: 'schedule', actor: WORKER })
    return ok({ status: report.status })
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    // Another process refreshes the app right now: try again shortly.
    if (error.code === 'GRAPH_REFRESH_RUNNING')
      return err(new ApplyFailure('APPLY_REFRESH_BUSY', error.message))
    // The app was removed after its operations ran: nothing is left to refresh.
    if (error.code === 'APP_NOT_FOUND')
      return err(new ApplyFailure('APPLY_APP_GONE', error.message))
    throw error
  }
}

/** Why a refresh that ran did not succeed: a race or the safety rule, else the app's listing. */
function notRefreshed(report: RefreshReport): ClassifiedFailure {
  const detail = report.error?.message
  if (report.error?.code === 'GRAPH_LEASE_LOST')
    return new ApplyFailure('APPLY_REFRESH_TAKEN_OVER', detail)
  if (report.status === 'held') return new ApplyFailure('APPLY_REFRESH_HELD', detail)
  return new ConnectorError({
    class: 'transient',
    code: CONNECTOR_ERROR_CODES.transient,
    message: 'The refresh of the app after apply did not finish',
    detail: `refresh ${report.status}`,
  })
}

/** Adds the app to the plan's refreshed apps, then ends the apply if that was the last. */
async function refreshed(deps: ApplyDeps, trx: Db, job: RefreshJob): Promise<void> {
  const { planId, appId, workspaceId } = job
  // The row lock before the read: see lockApply.
  await lockApply(trx, planId)
  const apps = await refreshedApps(trx, planId)
  apps.add(appId)
  await saveRefreshedApps(trx, planId, apps)
  await finishIfDone(deps, trx, { planId, workspaceId, refreshed: apps })
}
