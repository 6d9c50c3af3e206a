import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ManagementAuth } from '../../platform/auth/index.js'
import { type ApproverPorts, resolveApprover } from './approvals.js'
import { reconcileErrors } from './reconcile-errors.js'
import type { PlanRequest, ReconcileService } from './reconcile-service.js'

export type ReconcileRoutesDeps = {
  readonly reconcile: Pick<
    ReconcileService,
    | 'reconcile'
    | 'createPlan'
    | 'getPlan'
    | 'approve'
    | 'reject'
    | 'findings'
    | 'findingCounts'
    | 'plans'
  >
  readonly auth: ManagementAuth
  /** The apply domain's progress of a plan (a port: apply depends on reconcile, not back). */
  readonly applyProgress?: (workspaceId: string, planId: string) => Promise<unknown>
  /** Tells admins from app owners for approvals. */
  readonly approvers: ApproverPorts
}

type FindingsQuery = {
  app?: string
  kind?: string
  person?: string
  after?: string
  limit?: string
}
type PlanBody = { app?: string; person?: string; offboard?: boolean }
type Page = { after?: string; limit?: string }

/** Operations per page of a plan in the API (the CLI prints them all). */
const PAGE = 1000

const pageOf = (query: Page) => {
  const after = query.after === undefined || query.after === '' ? undefined : Number(query.after)
  if (after !== undefined && !Number.isInteger(after))
    throw reconcileErrors.error('RECONCILE_QUERY_INVALID', 'after is a position (an integer).')
  return {
    limit: Math.max(1, Math.min(Number(query.limit ?? PAGE) || PAGE, 10_000)),
    ...(after !== undefined ? { after } : {}),
  }
}

/** A body field that must be text when given (a number or an object is a client mistake). */
function textOf(body: unknown, name: string): string | undefined {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string')
    throw reconcileErrors.error('RECONCILE_QUERY_INVALID', `${name} is a string.`)
  return value
}

/**
 * Reconciliation of the caller's workspace: `GET /api/findings`, `POST /api/reconcile`,
 * `POST /api/plans` (a dry run: computed and stored, never applied), `GET /api/plans/:id`, and
 * decisions on held operations, one by one (`/items/:opId/approve|reject`) or all at once
 * (`/approve|reject`), with `{"reason"}`, by a workspace admin or owner, or by the owner of the
 * operations' app (for that app's operations only).
 */
export async function reconcileRoutes(
  app: FastifyInstance,
  deps: ReconcileRoutesDeps,
): Promise<void> {
  const read = { scope: 'integrations:read' } as const
  const manage = { scope: 'integrations:manage' } as const

  app.get<{ Querystring: FindingsQuery }>('/api/findings', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    const { app: appId, kind, person, after, limit } = request.query
    return deps.reconcile.findings(workspace.id, {
      ...(appId ? { appId } : {}),
      ...(kind ? { kind } : {}),
      ...(person ? { personId: person } : {}),
      ...(after ? { after } : {}),
      ...(limit ? { limit: Number(limit) || 100 } : {}),
    })
  })

  app.post<{ Body: { app?: string } }>('/api/reconcile', async (request) => {
    const { workspace, principal } = await deps.auth.authorize(request, manage)
    const appId = textOf(request.body, 'app')
    return deps.reconcile.reconcile(workspace.id, appId ? { appId } : {}, {
      trigger: 'api',
      actor: principal.actor,
    })
  })

  app.post<{ Body: PlanBody }>('/api/plans', async (request, reply) => {
    const { workspace, principal } = await deps.auth.authorize(request, manage)
    const body = request.body ?? {}
    if (body.offboard !== undefined && typeof body.offboard !== 'boolean')
      throw reconcileErrors.error('RECONCILE_QUERY_INVALID', 'offboard is true or false.')
    const appId = textOf(body, 'app')
    const person = textOf(body, 'person')
    const plan: PlanRequest = {
      ...(appId ? { appId } : {}),
      ...(person ? { person } : {}),
      ...(body.offboard === true ? { offboard: true } : {}),
    }
    const created = await deps.reconcile.createPlan(
      workspace.id,
      plan,
      { trigger: 'api', actor: principal.actor },
      { limit: PAGE },
    )
    return reply.code(201).send(created)
  })

  app.get('/api/findings/counts', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    return deps.reconcile.findingCounts(workspace.id)
  })

  // The plans, newest first: `?status=held` for those waiting on a person, `before` to page.
  app.get<{ Querystring: { status?: string; before?: string; limit?: string } }>(
    '/api/plans',
    async (request) => {
      const { workspace } = await deps.auth.authorize(request, read)
      const { status, before, limit } = request.query
      return deps.reconcile.plans(workspace.id, {
        ...(status ? { status } : {}),
        ...(before ? { before } : {}),
        ...(limit ? { limit: Number(limit) || 50 } : {}),
      })
    },
  )

  app.get<{ Params: { id: string }; Querystring: Page }>('/api/plans/:id', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    const plan = await deps.reconcile.getPlan(
      workspace.id,
      request.params.id,
      pageOf(request.query),
    )
    // How far applying it got (src/access/apply), when the composition root plugs it in.
    return deps.applyProgress
      ? { ...plan, apply: await deps.applyProgress(workspace.id, plan.id) }
      : plan
  })

  // Members may read; who may decide is settled below (admins, or the app's owner).
  for (const decision of ['approve', 'reject'] as const) {
    const decide = async (request: FastifyRequest, planId: string, opId?: string) => {
      const { workspace, principal } = await deps.auth.authorize(request, read)
      const reason = reasonOf(request.body)
      const approver = await resolveApprover(deps.approvers, workspace.id, principal)
      return deps.reconcile[decision](workspace.id, planId, opId, principal.actor, {
        reason,
        approver,
      })
    }
    app.post<{ Params: { id: string; opId: string } }>(
      `/api/plans/:id/items/:opId/${decision}`,
      async (request) => decide(request, request.params.id, request.params.opId),
    )
    app.post<{ Params: { id: string } }>(`/api/plans/:id/${decision}`, async (request) =>
      decide(request, request.params.id),
    )
  }
}

/** `{"reason": "..."}`: every decision says why (it is audited with who decided). */
function reasonOf(body: unknown): string {
  const reason =
    typeof body === 'object' && body !== null && 'reason' in body
      ? (body as { reason: unknown }).reason
      : undefined
  if (typeof reason !== 'string' || reason.trim() === '' || reason.length > 2000)
    throw reconcileErrors.error('PLAN_DECISION_INVALID')
  return reason.trim()
}
