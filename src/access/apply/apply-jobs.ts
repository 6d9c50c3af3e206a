import { CONNECTOR_ERROR_CODES, ConnectorError } from '../../integrations/connectors/index.js'
import type { Failure, JobHandler, LeasedJob } from '../../platform/jobs/index.js'
import type { Db } from '../../platform/store/index.js'
import { ApiError } from '../../shared/api-error.js'
import { err, ok } from '../../shared/result.js'
import { refreshPlanStatus, toOperation } from '../reconcile/index.js'
import { type ApplyDeps, PRIORITY, WORKER } from './apply-deps.js'
import { applyStore } from './apply-store.js'
import { type Applied, createPlanExecutor } from './executor.js'

type OperationJob = { planId: string; operationId: string; appId: string }
type RefreshJob = { planId: string; appId: string }

const dataOf = <T>(job: LeasedJob) => job.data as unknown as T & { workspaceId: string }

/**
 * The two job types of apply: `operation` (one plan operation through its connector) and
 * `refresh` (once an app's operations of a plan are finished: list its accounts into the graph
 * and reconcile it, so the next plan has no finding for what was applied).
 */
export function applyHandlers(deps: ApplyDeps) {
  const store = applyStore(deps.db)
  return {
    operation: operationHandler(deps, store),
    refresh: refreshHandler(deps, store),
  }
}

function operationHandler(
  deps: ApplyDeps,
  store: ReturnType<typeof applyStore>,
): JobHandler<Applied | { already: string }> {
  return {
    async run(job, signal) {
      const { operationId, workspaceId } = dataOf<OperationJob>(job)
      const row = await deps.db
        .selectFrom('plan_operations')
        .selectAll()
        .where('id', '=', operationId)
        .executeTakeFirst()
      // Settled together with its job, so this is a second plan's twin or a deleted plan.
      if (row?.status !== 'running') return ok({ already: row?.status ?? 'gone' })
      const executor = createPlanExecutor((appId) => deps.apps.connector(workspaceId, appId))
      return executor.apply(toOperation(row), { signal })
    },
    async succeeded(trx, job, value) {
      if ('already' in value) return
      const now = deps.clock.now().toISOString()
      const done = await store.finish(trx, job.key, {
        status: 'applied',
        result: value,
        attempts: job.attempt + 1,
        now,
      })
      // The refresh check before the events: appending one holds the event log's lock to commit.
      await afterSettled(deps, trx, job)
      await recordSettled(deps, trx, done, 'operation.applied', value)
    },
    async failed(trx, job, failure) {
      const { operationId } = dataOf<OperationJob>(job)
      const error = { ...failure.error.toJSON(), verdict: describe(failure) }
      if (failure.verdict.kind !== 'dead') {
        await store.noteAttempt(trx, operationId, job.attempt + 1, error)
        if (failure.verdict.kind === 'quarantine') await quarantined(deps, trx, job, failure)
        return
      }
      const now = deps.clock.now().toISOString()
      const done = await store.finish(trx, job.key, {
        status: 'failed',
        error: { ...error, reason: failure.verdict.reason },
        attempts: job.attempt + 1,
        now,
      })
      await afterSettled(deps, trx, job)
      await recordSettled(deps, trx, done, 'operation.failed', { reason: failure.verdict.reason })
    },
  }
}

function describe(failure: Failure): string {
  const v = failure.verdict
  if (v.kind === 'dead') return `dead: ${v.reason}`
  if (v.kind === 'quarantine') return `app quarantined: ${v.reason}`
  return `retry in ${v.delayMs} ms`
}

async function quarantined(deps: ApplyDeps, trx: Db, job: LeasedJob, failure: Failure) {
  const { appId, workspaceId } = dataOf<OperationJob>(job)
  const reason = failure.verdict.kind === 'quarantine' ? failure.verdict.reason : ''
  await deps.events.append(trx, {
    workspaceId,
    sourceId: null,
    type: 'app.quarantined',
    subject: { type: 'app', id: appId },
    data: { reason, error: failure.error.toJSON() },
  })
}

export async function recordSettled(
  deps: ApplyDeps,
  trx: Db,
  operations: Awaited<ReturnType<ReturnType<typeof applyStore>['finish']>>,
  type: 'operation.applied' | 'operation.failed',
  detail: unknown,
): Promise<void> {
  for (const op of operations) {
    await deps.audit.record(trx, {
      workspaceId: op.workspaceId,
      actor: WORKER,
      action: type,
      target: { type: 'operation', id: op.id },
      after: { planId: op.planId, appId: op.appId, ...(detail as object) },
    })
  }
  await deps.events.appendMany(
    trx,
    operations.map((op) => ({
      workspaceId: op.workspaceId,
      sourceId: null,
      type,
      subject: { type: 'operation', id: op.id },
      data: { planId: op.planId, appId: op.appId, ...(detail as object) },
    })),
  )
}

/**
 * When the app's last operation of the plan finished: queue the app's refresh. On PostgreSQL
 * the last two jobs settling at once may each still see the other running (neither committed);
 * `sweepApplies` catches that case within a second, without a lock on every settlement.
 */
async function afterSettled(deps: ApplyDeps, trx: Db, job: LeasedJob): Promise<void> {
  const { planId, appId, workspaceId } = dataOf<OperationJob>(job)
  const store = applyStore(trx)
  if ((await store.pendingIn(trx, planId, appId)) > 0) return
  if (!(await store.touchesAccounts(trx, planId, appId))) return
  await enqueueRefresh(deps, trx, { planId, appId, workspaceId })
}

async function enqueueRefresh(
  deps: ApplyDeps,
  trx: Db,
  job: { planId: string; appId: string; workspaceId: string },
): Promise<void> {
  await deps.queue.enqueue(trx, [
    {
      key: `refresh:${job.planId}:${job.appId}`,
      queue: job.appId,
      priority: PRIORITY.refresh,
      data: { type: 'refresh', ...job },
    },
  ])
}

/**
 * The worker's sweep over unfinished applies: an app whose operations all finished gets its
 * refresh queued (idempotent by key), and a plan whose apps are all refreshed is finished.
 */
export async function sweepApplies(deps: ApplyDeps): Promise<void> {
  const open = await deps.db
    .selectFrom('plan_applies')
    .select(['plan_id', 'workspace_id', 'refreshed'])
    .where('finished_at', 'is', null)
    .execute()
  const store = applyStore(deps.db)
  for (const row of open) {
    const counts = await store.counts(deps.db, row.plan_id)
    const running = new Set(counts.filter((c) => c.status === 'running').map((c) => c.appId))
    const refreshed = new Set(parseIds(row.refreshed))
    const due = new Set(
      [...touchedApps(counts)].filter((appId) => !running.has(appId) && !refreshed.has(appId)),
    )
    const plan = { planId: row.plan_id, workspaceId: row.workspace_id }
    await deps.transact(async (trx) => {
      for (const appId of due) await enqueueRefresh(deps, trx, { ...plan, appId })
      await finishIfDone(deps, trx, store, plan)
    })
  }
}

function refreshHandler(
  deps: ApplyDeps,
  store: ReturnType<typeof applyStore>,
): JobHandler<{ status: string }> {
  return {
    async run(job, signal) {
      const { appId, workspaceId } = dataOf<RefreshJob>(job)
      try {
        const report = await deps.graph.refreshApp(workspaceId, appId, {
          trigger: 'schedule',
          actor: WORKER,
          signal,
        })
        if (report.status !== 'succeeded') return err(refreshFailed(`refresh ${report.status}`))
        await deps.reconcile.reconcile(
          workspaceId,
          { appId },
          { trigger: 'schedule', actor: WORKER },
        )
        return ok({ status: report.status })
      } catch (error) {
        // Another process refreshes the app right now: try again shortly.
        if (error instanceof ApiError && error.code === 'GRAPH_REFRESH_RUNNING')
          return err(refreshFailed(error.message))
        throw error
      }
    },
    async succeeded(trx, job) {
      await refreshed(deps, trx, job, store)
    },
    async failed(trx, job, failure) {
      // A refresh that gives up must not keep the plan unfinished: the next scheduled one will do.
      if (failure.verdict.kind === 'dead') await refreshed(deps, trx, job, store)
    },
  }
}

function refreshFailed(detail: string): ConnectorError {
  return new ConnectorError({
    class: 'transient',
    code: CONNECTOR_ERROR_CODES.transient,
    message: 'The refresh of the app after apply did not finish',
    detail,
  })
}

async function refreshed(
  deps: ApplyDeps,
  trx: Db,
  job: LeasedJob,
  store: ReturnType<typeof applyStore>,
): Promise<void> {
  const { planId, appId, workspaceId } = dataOf<RefreshJob>(job)
  // Lock the row before reading the list: two apps' refreshes settling at once on PostgreSQL
  // (read committed) would otherwise each add to the list they read and one would be lost,
  // leaving the plan unfinished for ever. The no-op update takes the row lock on both dialects.
  await trx
    .updateTable('plan_applies')
    .set((eb) => ({ workspace_id: eb.ref('workspace_id') }))
    .where('plan_id', '=', planId)
    .execute()
  const apps = await refreshedOf(trx, planId)
  apps.add(appId)
  await trx
    .updateTable('plan_applies')
    .set({ refreshed: JSON.stringify([...apps]) })
    .where('plan_id', '=', planId)
    .execute()
  await finishIfDone(deps, trx, store, { planId, workspaceId, refreshed: apps })
}

async function refreshedOf(trx: Db, planId: string): Promise<Set<string>> {
  const row = await trx
    .selectFrom('plan_applies')
    .select('refreshed')
    .where('plan_id', '=', planId)
    .executeTakeFirst()
  return new Set(parseIds(row?.refreshed ?? '[]'))
}

function parseIds(value: unknown): string[] {
  const parsed = typeof value === 'string' ? JSON.parse(value) : value
  return Array.isArray(parsed) ? parsed.map(String) : []
}

/** Apps whose accounts the plan changed through their API: those are refreshed after apply. */
function touchedApps(
  counts: ReadonlyArray<{ status: string; kind: string; appId: string }>,
): Set<string> {
  return new Set(
    counts
      .filter((c) => (c.status === 'applied' || c.status === 'failed') && c.kind !== 'task')
      .map((c) => c.appId),
  )
}

/** The plan's apply is finished when no operation runs and every touched app was refreshed. */
export async function finishIfDone(
  deps: ApplyDeps,
  trx: Db,
  store: ReturnType<typeof applyStore>,
  plan: { planId: string; workspaceId: string; refreshed?: ReadonlySet<string> },
): Promise<void> {
  const refreshedApps = plan.refreshed ?? (await refreshedOf(trx, plan.planId))
  const counts = await store.counts(trx, plan.planId)
  if (counts.some((c) => c.status === 'running')) return
  const now = deps.clock.now().toISOString()
  // Every operation is settled: the plan says so (applied, partly applied, failed). Always
  // after any write to plan_applies in this transaction: one lock order, no deadlock.
  const touched = touchedApps(counts)
  if ([...touched].some((appId) => !refreshedApps.has(appId))) {
    await refreshPlanStatus(trx, plan.planId, now)
    return
  }
  const updated = await trx
    .updateTable('plan_applies')
    .set({ finished_at: now })
    .where('plan_id', '=', plan.planId)
    .where('finished_at', 'is', null)
    // `apply` may still be queueing operations: only it can say all of them are in.
    .where('enqueued_at', 'is not', null)
    .executeTakeFirst()
  await refreshPlanStatus(trx, plan.planId, now)
  if (Number(updated.numUpdatedRows) === 0) return
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
