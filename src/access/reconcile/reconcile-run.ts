import type { Capability, ConnectorRegistry } from '../../integrations/connectors/index.js'
import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Db, Dialect, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { App, AppsService, SafetyThresholds } from '../apps/index.js'
import type { GraphService } from '../graph/index.js'
import { liveAccountsPerApp, liveEntitlements } from './app-reads-store.js'
import { type AppRules, compileAppRules, describeAssignment } from './app-rules.js'
import { inertRuleNotes } from './compiled-grants.js'
import { type EngineTotals, runEngine } from './engine.js'
import { addCounts } from './plan.js'
import { type HoldContext, type HoldDeps, holdPlan } from './plan-holds.js'
import { notePlan, planStore } from './plan-store.js'
import { runsStore } from './runs-store.js'
import { type AppRunSummary, emptyClassCounts, type RunReport, type Scope } from './types.js'
import { unreadApps } from './unread-apps.js'

export type ReconcileDeps = {
  readonly db: Db
  readonly dialect: Dialect
  readonly transact: Transact
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly events: EventLog
  readonly audit: AuditLog
  readonly apps: Pick<AppsService, 'list' | 'get' | 'connector'>
  readonly graph: Pick<GraphService, 'recorrelate' | 'resolvePerson'>
  readonly connectors: Pick<ConnectorRegistry, 'manifest'>
  readonly settings: {
    /** People per chunk. */
    readonly chunkSize: number
    /** The workspace-wide safety thresholds. */
    readonly safety: SafetyThresholds
    /** Hours a held operation waits for a decision before it expires (config `lifecycle`). */
    readonly approvalExpiryHours?: number
    /** Days a rejection answers the same operation in later plans (config `lifecycle`). */
    readonly rejectionMemoryDays?: number
  }
  /** The departure gate's holds (src/access/safety): see HoldDeps. */
  readonly departureHolds?: HoldDeps['departureHolds']
}

const DEFAULT_EXPIRY_HOURS = 72

export type RunOptions = {
  readonly trigger: 'cli' | 'api' | 'schedule'
  readonly actor: Actor
  readonly onProgress?: (people: number) => void
}

export type Executed = RunReport & { readonly planId?: string }

/**
 * One reconciliation over a scope: re-correlate unlinked accounts, stream the diff (storing
 * findings, and operations when it makes a plan), apply the safety rule to the plan, and record
 * the run (the next run's safety rule compares with it).
 */
export async function executeRun(
  deps: ReconcileDeps,
  workspaceId: string,
  scope: Scope,
  options: RunOptions & { readonly plan: boolean },
): Promise<Executed> {
  const apps = scope.appIds
    ? await Promise.all(scope.appIds.map((id) => deps.apps.get(workspaceId, id)))
    : await deps.apps.list(workspaceId)
  // Apps whose account list is unknown are planned nothing, and the plan says why (issue 19).
  const unread = await unreadApps(deps.db, workspaceId, apps, deps.clock.now().toISOString())
  const entitlements = await liveEntitlements(
    deps.db,
    workspaceId,
    apps.map((a) => a.id),
  )
  const rules = await Promise.all(
    apps
      .filter((app) => !unread.has(app.id))
      .map(async (app) =>
        compileAppRules(app, await capabilitiesOf(deps, app), entitlements.get(app.id)),
      ),
  )
  const appIds = apps.map((a) => a.id)
  if (scope.personId === undefined) await deps.graph.recorrelate(workspaceId, appIds)
  const now = deps.clock.now().toISOString()
  const runId = deps.ids.next()
  const runs = runsStore(deps.db)
  await runs.start({ id: runId, workspaceId, scope, trigger: options.trigger, now })
  const planId = options.plan ? deps.ids.next() : undefined
  const plans = planStore(deps.db)
  if (planId) {
    await plans.create({ id: planId, workspaceId, runId, scope, createdBy: options.actor, now })
  }
  try {
    const totals = await runEngine(
      { ...deps, chunkSize: deps.settings.chunkSize },
      {
        workspaceId,
        runId,
        now,
        rules,
        scope,
        writeFindings: scope.offboard !== true,
        ...(planId ? { plan: { id: planId, workspaceId } } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      },
    )
    if (planId)
      await notePlan(deps.db, planId, [...unread.values(), ...inertRuleNotes(rules)], {
        movers: totals.movers,
        total: totals.moversTotal,
      })
    const summaries = await summarize(deps, workspaceId, rules, totals)
    const counts = emptyClassCounts()
    for (const s of summaries) addCounts(counts, s.counts)
    const report: Executed = {
      runId,
      scope,
      counts,
      apps: summaries,
      ...(planId ? { planId } : {}),
    }
    if (planId)
      await holdPlan(deps, holdContext(deps, { workspaceId, planId, scope, summaries, rules }))
    await deps.transact(async (trx) => {
      if (planId)
        await finishPlan(deps, trx, { workspaceId, planId, runId, scope, rules }, options.actor)
      await runs.finish(
        trx,
        runId,
        'succeeded',
        { counts, apps: summaries },
        deps.clock.now().toISOString(),
      )
      await deps.audit.record(trx, {
        workspaceId,
        actor: options.actor,
        action: 'reconcile.completed',
        target: { type: 'reconcile_run', id: runId },
        after: { scope, counts, planId: planId ?? null, trigger: options.trigger },
      })
    })
    return report
  } catch (error) {
    if (planId) await plans.remove(planId)
    await deps.transact((trx) =>
      runs.finish(trx, runId, 'failed', undefined, deps.clock.now().toISOString()),
    )
    throw error
  }
}

/** What the app's connector can do; the catalog's manifest when it cannot be built now. */
async function capabilitiesOf(deps: ReconcileDeps, app: App): Promise<Capability[]> {
  const built = await deps.apps.connector(app.workspaceId, app.id)
  if (built.ok) return [...built.value.manifest.capabilities]
  const manifest = deps.connectors.manifest(app.catalogId)
  return manifest.ok ? [...manifest.value.capabilities] : []
}

async function summarize(
  deps: ReconcileDeps,
  workspaceId: string,
  rules: readonly AppRules[],
  totals: EngineTotals,
): Promise<AppRunSummary[]> {
  const accounts = await liveAccountsPerApp(
    deps.db,
    workspaceId,
    rules.map((r) => r.app.id),
  )
  return rules.map((r) => {
    const app = totals.perApp.get(r.app.id)
    return {
      appId: r.app.id,
      name: r.app.name,
      assignment: r.assignment,
      entitled: app?.entitled ?? 0,
      accounts: accounts.get(r.app.id) ?? 0,
      counts: app?.counts ?? emptyClassCounts(),
      removals: app?.removals ?? 0,
      grants: app?.grants ?? 0,
      grantRemovals: app?.grantRemovals ?? 0,
    }
  })
}

type PlanContext = {
  workspaceId: string
  planId: string
  runId: string
  scope: Scope
  rules: readonly AppRules[]
}

/** Counts the plan (held by holdPlan before) and raises `plan.created` with its audit entry. */
async function finishPlan(
  deps: ReconcileDeps,
  trx: Db,
  plan: PlanContext,
  actor: Actor,
): Promise<void> {
  const store = planStore(trx)
  const now = deps.clock.now().toISOString()
  const { status, counts } = await store.finalize(trx, plan.planId, now)
  const data = { planId: plan.planId, runId: plan.runId, scope: plan.scope, status, counts }
  await deps.events.append(trx, {
    workspaceId: plan.workspaceId,
    sourceId: null,
    type: 'plan.created',
    subject: { type: 'plan', id: plan.planId },
    data,
  })
  await deps.audit.record(trx, {
    workspaceId: plan.workspaceId,
    actor,
    action: 'plan.created',
    target: { type: 'plan', id: plan.planId },
    after: { ...data, assignments: plan.rules.map((r) => describeAssignment(r.assignment)) },
  })
}

function holdContext(
  deps: ReconcileDeps,
  plan: Omit<HoldContext, 'expiresAt' | 'personId'> & { readonly scope: Scope },
): HoldContext {
  const expiryMs = (deps.settings.approvalExpiryHours ?? DEFAULT_EXPIRY_HOURS) * 3_600_000
  const { scope, ...rest } = plan
  return {
    ...rest,
    ...(scope.personId !== undefined ? { personId: scope.personId } : {}),
    expiresAt: new Date(deps.clock.now().getTime() + expiryMs).toISOString(),
  }
}
