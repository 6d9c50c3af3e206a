import type { FastifyInstance } from 'fastify'
import type { ManagementAuth } from '../workspace/index.js'
import type { PlanRequest, ReconcileService } from './reconcile-service.js'

export type ReconcileRoutesDeps = {
  readonly reconcile: Pick<
    ReconcileService,
    'reconcile' | 'createPlan' | 'getPlan' | 'approve' | 'reject' | 'findings'
  >
  readonly auth: ManagementAuth
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

const pageOf = (query: Page) => ({
  limit: Math.max(1, Math.min(Number(query.limit ?? PAGE) || PAGE, 10_000)),
  ...(query.after !== undefined && query.after !== '' ? { after: Number(query.after) } : {}),
})

/**
 * Reconciliation of the caller's workspace: `GET /api/findings`, `POST /api/reconcile`,
 * `POST /api/plans` (a dry run: computed and stored, never applied), `GET /api/plans/:id`, and
 * decisions on held operations, one by one (`/items/:opId/approve|reject`) or all at once
 * (`/approve|reject`).
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
    const appId = request.body?.app
    return deps.reconcile.reconcile(workspace.id, appId ? { appId } : {}, {
      trigger: 'api',
      actor: principal.actor,
    })
  })

  app.post<{ Body: PlanBody }>('/api/plans', async (request, reply) => {
    const { workspace, principal } = await deps.auth.authorize(request, manage)
    const body = request.body ?? {}
    const plan: PlanRequest = {
      ...(body.app ? { appId: body.app } : {}),
      ...(body.person ? { person: body.person } : {}),
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

  app.get<{ Params: { id: string }; Querystring: Page }>('/api/plans/:id', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    return deps.reconcile.getPlan(workspace.id, request.params.id, pageOf(request.query))
  })

  for (const decision of ['approve', 'reject'] as const) {
    app.post<{ Params: { id: string; opId: string } }>(
      `/api/plans/:id/items/:opId/${decision}`,
      async (request) => {
        const { workspace, principal } = await deps.auth.authorize(request, manage)
        const { id, opId } = request.params
        return deps.reconcile[decision](workspace.id, id, opId, principal.actor)
      },
    )
    app.post<{ Params: { id: string } }>(`/api/plans/:id/${decision}`, async (request) => {
      const { workspace, principal } = await deps.auth.authorize(request, manage)
      return deps.reconcile[decision](workspace.id, request.params.id, undefined, principal.actor)
    })
  }
}
