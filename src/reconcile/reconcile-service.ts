import type { Actor } from '../audit/index.js'
import { type Db, decodeJson } from '../store/index.js'
import { type FindingsQuery, listFindings } from './findings-query.js'
import { planStore } from './plan-store.js'
import { reconcileErrors } from './reconcile-errors.js'
import { executeRun, type ReconcileDeps, type RunOptions } from './reconcile-run.js'
import type { Operation, PlanSummary, RunReport, Scope } from './types.js'

/** What to plan for: the workspace, one app, one person (as they are, or leaving). */
export type PlanRequest = {
  readonly appId?: string
  /** A person id, email or userName. */
  readonly person?: string
  readonly offboard?: boolean
}

/** A plan with (a page of) its operations and its held items (DESIGN: `rollcall plan --json`). */
export type PlanView = PlanSummary & {
  readonly operations: readonly Operation[]
  readonly held: ReadonlyArray<{ readonly operationId: string; readonly reason: string }>
  /** The position to pass as `after` for the next page, when there is one. */
  readonly nextAfter?: number
}

export type ReconcileService = ReturnType<typeof createReconcileService>

/**
 * Use cases of reconciliation: run it (findings), make a plan (a dry run: computed, stored,
 * previewable, never applied here), show a plan, approve or reject its held operations, and
 * list findings. Applying plans is the apply issue's `PlanExecutor`.
 */
export function createReconcileService(deps: ReconcileDeps) {
  const plans = planStore(deps.db)

  async function scopeOf(workspaceId: string, request: PlanRequest): Promise<Scope> {
    if (request.offboard && !request.person)
      throw reconcileErrors.error('PLAN_SCOPE_INVALID', 'An offboarding preview needs a person.')
    const appIds = request.appId
      ? [(await deps.apps.get(workspaceId, request.appId)).id]
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
    const held = await plans.operations(planId, { status: 'held' })
    return {
      id: row.id,
      runId: row.run_id,
      status: row.status as PlanSummary['status'],
      scope: decodeJson<Scope>(row.scope),
      createdAt: row.created_at,
      counts: decodeJson<PlanSummary['counts']>(row.counts),
      operations: shown,
      held: held.map((op) => ({ operationId: op.id, reason: op.holdReason ?? '' })),
      ...(more ? { nextAfter: shown.at(-1)?.position ?? 0 } : {}),
    }
  }

  async function decide(
    workspaceId: string,
    planId: string,
    operationId: string | undefined,
    status: 'approved' | 'rejected',
    actor: Actor,
  ): Promise<PlanView> {
    await view(workspaceId, planId, { limit: 1 })
    const now = deps.clock.now().toISOString()
    await deps.transact(async (trx) => {
      const changed = await planStore(trx).decide(
        trx,
        { planId, status, ...(operationId ? { operationId } : {}) },
        actor,
        now,
      )
      if (operationId && changed === 0) await explainNothingDecided(trx, planId, operationId)
      await planStore(trx).finalize(trx, planId, now)
      await deps.audit.record(trx, {
        workspaceId,
        actor,
        action: status === 'approved' ? 'plan.operations_approved' : 'plan.operations_rejected',
        target: { type: 'plan', id: planId },
        after: { operationId: operationId ?? 'all held', changed },
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
    approve: (workspaceId: string, planId: string, operationId: string | undefined, actor: Actor) =>
      decide(workspaceId, planId, operationId, 'approved', actor),
    reject: (workspaceId: string, planId: string, operationId: string | undefined, actor: Actor) =>
      decide(workspaceId, planId, operationId, 'rejected', actor),

    findings: (workspaceId: string, query: FindingsQuery) =>
      listFindings(deps.db, workspaceId, query),
  }
}

async function explainNothingDecided(trx: Db, planId: string, operationId: string): Promise<never> {
  const row = await trx
    .selectFrom('plan_operations')
    .select('status')
    .where('plan_id', '=', planId)
    .where('id', '=', operationId)
    .executeTakeFirst()
  if (!row)
    throw reconcileErrors.error(
      'PLAN_OPERATION_NOT_FOUND',
      `No operation '${operationId}' in plan ${planId}.`,
    )
  throw reconcileErrors.error(
    'PLAN_OPERATION_NOT_HELD',
    `Operation ${operationId} is ${row.status}, not held.`,
  )
}
