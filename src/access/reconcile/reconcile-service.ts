import type { Actor } from '../../platform/audit/index.js'
import { type Db, decodeJson } from '../../platform/store/index.js'
import type { ApproverScope } from './approvals.js'
import { rememberRejections } from './decision-holds.js'
import { countFindings } from './findings-counts.js'
import { type FindingsQuery, listFindings } from './findings-query.js'
import { heldForReason, operationStatus } from './holds-store.js'
import type { MoverDiff } from './movers.js'
import { notesOf } from './plan-notes.js'
import { countsOf, planStore } from './plan-store.js'
import { listPlans, type PlansQuery, planSummary, planTitles } from './plans-query.js'
import { reconcileErrors } from './reconcile-errors.js'
import { executeRun, type ReconcileDeps, type RunOptions } from './reconcile-run.js'
import type { Operation, PlanSummary, RunReport, Scope } from './types.js'

/** What to plan for: the workspace, one app, one person (as they are, or leaving). */
export type PlanRequest = {
  readonly appId?: string
  /** A person id, email or userName. */
  readonly person?: string
  readonly offboard?: boolean
  /** Several apps at once (an on-demand run for one person: src/access/trace); with `appId`, both. */
  readonly appIds?: readonly string[]
}

/** A plan with (a page of) its operations and its held items (DESIGN: `rollcall plan --json`). */
export type PlanView = PlanSummary & {
  readonly operations: readonly Operation[]
  readonly held: ReadonlyArray<{ readonly operationId: string; readonly reason: string }>
  /** What the plan could not plan, in words ("Sana: accounts never read; refresh first"). */
  readonly notes: readonly string[]
  /**
   * Movers (issue 15): people whose grants change in several apps, or who leave some grants and
   * join others, each as one explained diff (`words`); the first 200, `moversTotal` counts all.
   */
  readonly movers: readonly MoverDiff[]
  readonly moversTotal: number
  /** The position to pass as `after` for the next page, when there is one. */
  readonly nextAfter?: number
}

export type ReconcileService = ReturnType<typeof createReconcileService>

/** Why, and for whom: an app owner's decision covers only their apps' operations. */
export type DecisionOptions = {
  readonly reason?: string
  readonly approver?: ApproverScope
  /** Only the operations held for exactly this reason (a departure burst's). */
  readonly holdReason?: string
}

/**
 * Use cases of reconciliation: run it (findings), make a plan (a dry run: computed, stored,
 * previewable, never applied here), show a plan, approve or reject its held operations, and
 * list findings. Applying plans is apply's (src/access/apply).
 */
export function createReconcileService(deps: ReconcileDeps) {
  const plans = planStore(deps.db)

  async function scopeOf(workspaceId: string, request: PlanRequest): Promise<Scope> {
    if (request.offboard && !request.person)
      throw reconcileErrors.error('PLAN_SCOPE_INVALID', 'An offboarding preview needs a person.')
    const refs = [...(request.appId ? [request.appId] : []), ...(request.appIds ?? [])]
    const appIds =
      refs.length > 0
        ? [
            ...new Set(
              await Promise.all(
                refs.map(async (ref) => (await deps.apps.get(workspaceId, ref)).id),
              ),
            ),
          ]
        : undefined
    const person = request.person
      ? await deps.graph.resolvePerson(workspaceId, request.person)
      : undefined
    return {
      ...(appIds ? { appIds } : {}),
      ...(person ? { personId: person.id } : {}),
      ...(request.offboard ? { offboard: true } : {}),
    }
  }

  async function view(
    workspaceId: string,
    planId: string,
    page: { after?: number; limit?: number } = {},
  ): Promise<PlanView> {
    const row = await plans.find(workspaceId, planId)
    if (!row || row.status === 'building')
      throw reconcileErrors.error('PLAN_NOT_FOUND', `No plan '${planId}' in this workspace.`)
    const limit = page.limit === undefined ? undefined : Math.max(1, Math.min(page.limit, 10_000))
    const operations = await plans.operations(planId, {
      ...(page.after !== undefined ? { after: page.after } : {}),
      ...(limit !== undefined ? { limit: limit + 1 } : {}),
    })
    const more = limit !== undefined && operations.length > limit
    const shown = more ? operations.slice(0, limit) : operations
    const held = await plans.held(planId)
    const scope = decodeJson<Scope>(row.scope)
    const [title] = await planTitles(deps.db, workspaceId, [scope])
    return {
      // Live counts: the status and headline say where the apply stands right now.
      ...planSummary(row, title ?? '', await countsOf(deps.db, planId)),
      operations: shown,
      held,
      ...notesOf(row.notes),
      ...(more ? { nextAfter: shown.at(-1)?.position ?? 0 } : {}),
    }
  }

  async function decide(
    workspaceId: string,
    planId: string,
    operationId: string | undefined,
    status: 'approved' | 'rejected',
    actor: Actor,
    options: DecisionOptions = {},
  ): Promise<PlanView> {
    await view(workspaceId, planId, { limit: 1 })
    const now = deps.clock.now().toISOString()
    const appIds =
      options.approver && 'appIds' in options.approver ? options.approver.appIds : undefined
    const decision = {
      planId,
      status,
      ...(operationId ? { operationId } : {}),
      ...(options.reason ? { reason: options.reason } : {}),
      ...(appIds ? { appIds } : {}),
      ...(options.holdReason !== undefined ? { holdReason: options.holdReason } : {}),
    }
    await deps.transact(async (trx) => {
      const decided = await planStore(trx).decide(trx, decision, actor, now)
      if (operationId && decided.length === 0)
        await explainNothingDecided(trx, planId, operationId, appIds)
      if (!operationId && decided.length === 0 && appIds)
        throw reconcileErrors.error(
          'PLAN_APPROVAL_FORBIDDEN',
          'None of the held operations belongs to an app you own.',
        )
      if (status === 'rejected')
        await rememberRejections(trx, {
          ...{ workspaceId, actor, now, ids: deps.ids },
          operationIds: decided.map((op) => op.id),
          reason: options.reason ?? 'no reason given',
          expiresAt: rejectionExpiry(now, deps.settings.rejectionMemoryDays),
        })
      await planStore(trx).finalize(trx, planId, now)
      await recordDecision(deps, trx, {
        ...{ workspaceId, planId, status, actor, decided, appIds },
        ...(operationId ? { operationId } : {}),
        ...(options.reason ? { reason: options.reason } : {}),
      })
    })
    return view(workspaceId, planId)
  }

  return {
    /** Reconciles the workspace (or one app) and stores the findings; no plan. */
    async reconcile(
      workspaceId: string,
      request: { appId?: string },
      options: RunOptions,
    ): Promise<RunReport> {
      return executeRun(deps, workspaceId, await scopeOf(workspaceId, request), {
        ...options,
        plan: false,
      })
    },

    /** A dry run: reconciles the scope and stores the plan, with held items explained. */
    async createPlan(
      workspaceId: string,
      request: PlanRequest,
      options: RunOptions,
      page: { limit?: number } = {},
    ): Promise<PlanView> {
      const scope = await scopeOf(workspaceId, request)
      const executed = await executeRun(deps, workspaceId, scope, { ...options, plan: true })
      return view(workspaceId, executed.planId ?? '', page)
    },

    getPlan: view,
    approve: (
      workspaceId: string,
      planId: string,
      operationId: string | undefined,
      actor: Actor,
      options?: DecisionOptions,
    ) => decide(workspaceId, planId, operationId, 'approved', actor, options),
    reject: (
      workspaceId: string,
      planId: string,
      operationId: string | undefined,
      actor: Actor,
      options?: DecisionOptions,
    ) => decide(workspaceId, planId, operationId, 'rejected', actor, options),

    /**
     * Decides, in every plan of the workspace, the operations held for exactly this reason (a
     * departure burst approved or rejected at once); returns the plans and people touched.
     */
    async decideHeld(
      workspaceId: string,
      holdReason: string,
      status: 'approved' | 'rejected',
      actor: Actor,
      options: DecisionOptions = {},
    ): Promise<{ planIds: string[]; personIds: string[] }> {
      const rows = await heldForReason(deps.db, workspaceId, holdReason)
      const planIds = [...new Set(rows.map((r) => r.planId))]
      for (const planId of planIds)
        await decide(workspaceId, planId, undefined, status, actor, { ...options, holdReason })
      const personIds = [...new Set(rows.flatMap((r) => (r.personId ? [r.personId] : [])))]
      return { planIds, personIds }
    },

    findings: (workspaceId: string, query: FindingsQuery) =>
      listFindings(deps.db, workspaceId, query),

    /** Open findings by kind and app (the dashboard's card). */
    findingCounts: (workspaceId: string) => countFindings(deps.db, workspaceId),

    /** The workspace's plans, newest first, without their operations (the console's list). */
    plans: (workspaceId: string, query: PlansQuery) => listPlans(deps.db, workspaceId, query),
  }
}

const DEFAULT_REJECTION_MEMORY_DAYS = 90

function rejectionExpiry(now: string, days = DEFAULT_REJECTION_MEMORY_DAYS): string {
  return new Date(Date.parse(now) + days * 86_400_000).toISOString()
}

/** A decision's trail: an `operation.<status>` event per operation, one audit entry with why. */
async function recordDecision(
  deps: Pick<ReconcileDeps, 'events' | 'audit'>,
  trx: Db,
  d: {
    workspaceId: string
    planId: string
    status: 'approved' | 'rejected'
    actor: Actor
    decided: ReadonlyArray<{ id: string; app_id: string; kind: string }>
    appIds: readonly string[] | undefined
    operationId?: string
    reason?: string
  },
): Promise<void> {
  await deps.events.appendMany(
    trx,
    d.decided.map((op) => ({
      workspaceId: d.workspaceId,
      sourceId: op.app_id,
      type: `operation.${d.status}`,
      subject: { type: 'operation', id: op.id },
      data: {
        planId: d.planId,
        operationId: op.id,
        appId: op.app_id,
        kind: op.kind,
        reason: d.reason ?? null,
      },
    })),
  )
  await deps.audit.record(trx, {
    workspaceId: d.workspaceId,
    actor: d.actor,
    action: d.status === 'approved' ? 'plan.operations_approved' : 'plan.operations_rejected',
    target: { type: 'plan', id: d.planId },
    after: {
      operationId: d.operationId ?? 'all held',
      operationIds: d.decided.map((op) => op.id),
      changed: d.decided.length,
      reason: d.reason ?? null,
      ...(d.appIds ? { asOwnerOf: d.appIds } : {}),
    },
  })
}

async function explainNothingDecided(
  trx: Db,
  planId: string,
  operationId: string,
  appIds: readonly string[] | undefined,
): Promise<never> {
  const row = await operationStatus(trx, planId, operationId)
  if (!row)
    throw reconcileErrors.error(
      'PLAN_OPERATION_NOT_FOUND',
      `No operation '${operationId}' in plan ${planId}.`,
    )
  if (appIds && !appIds.includes(row.appId))
    throw reconcileErrors.error(
      'PLAN_APPROVAL_FORBIDDEN',
      `Operation ${operationId} belongs to an app you do not own.`,
    )
  throw reconcileErrors.error(
    'PLAN_OPERATION_NOT_HELD',
    `Operation ${operationId} is ${row.status}, not held.`,
  )
}
