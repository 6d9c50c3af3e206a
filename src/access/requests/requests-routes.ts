import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ManagementAuth, Principal } from '../../platform/auth/index.js'
import type { RequestPolicies } from './request-policies.js'
import type { Caller } from './request-policy.js'
import type { RequestsService } from './requests-service.js'

export type RequestsRoutesDeps = {
  readonly requests: RequestsService
  readonly policies: RequestPolicies
  readonly auth: ManagementAuth
  /** The member behind a console session (their email: policies name members by it). */
  readonly members: {
    findById(id: string): Promise<{ id: string; email: string; workspaceId: string } | undefined>
  }
}

type Id = { Params: { id: string } }
type ListQuery = {
  Querystring: {
    mine?: string
    toApprove?: string
    'to-approve'?: string
    status?: string
    appId?: string
    limit?: string
  }
}

/** Who calls, for the policies: admin rights from the scopes, the member from the session. */
export async function callerOf(
  deps: Pick<RequestsRoutesDeps, 'members'>,
  principal: Principal,
): Promise<Caller> {
  const isAdmin = principal.scopes.includes('integrations:manage')
  const { actor } = principal
  if (actor.type !== 'user' || actor.id === null) return { actor, isAdmin }
  const member = await deps.members.findById(actor.id)
  if (!member || member.workspaceId !== principal.workspaceId) return { actor, isAdmin }
  return { actor, isAdmin, member: { id: member.id, email: member.email } }
}

/**
 * Access requests (issue 18). Members (`integrations:read`) file, list and decide them as the
 * request's policy allows; revoking granted access early needs an admin; an app's policies are
 * read with `integrations:read` and set with `integrations:manage`.
 * `POST /api/access-requests` {appId, entitlementId?, personId?, reason, duration} → 201;
 * `GET /api/access-requests?mine=true&toApprove=true&status=&appId=&limit=` → {items};
 * `GET /api/access-requests/:id`; `POST /api/access-requests/:id/approve|reject|cancel|revoke`
 * {reason}; `GET|PUT /api/apps/:id/request-policies`.
 */
export async function requestsRoutes(app: FastifyInstance, deps: RequestsRoutesDeps) {
  const read = { scope: 'integrations:read' } as const
  const who = async (request: FastifyRequest) => {
    const { principal, workspace } = await deps.auth.authorize(request, read)
    return { workspace, caller: await callerOf(deps, principal) }
  }

  app.post('/api/access-requests', async (request, reply) => {
    const { workspace, caller } = await who(request)
    return reply.code(201).send(await deps.requests.create(workspace.id, request.body, caller))
  })

  app.get<ListQuery>('/api/access-requests', async (request) => {
    const { workspace, caller } = await who(request)
    const q = request.query
    const limit = q.limit === undefined ? undefined : Number.parseInt(q.limit, 10)
    const items = await deps.requests.list(
      workspace.id,
      {
        mine: q.mine === 'true',
        toApprove: q.toApprove === 'true' || q['to-approve'] === 'true',
        ...(q.status ? { status: q.status } : {}),
        ...(q.appId ? { appId: q.appId } : {}),
        ...(limit !== undefined && Number.isFinite(limit) ? { limit } : {}),
      },
      caller,
    )
    return { items }
  })

  app.get<Id>('/api/access-requests/:id', async (request) => {
    const { workspace } = await who(request)
    return deps.requests.get(workspace.id, request.params.id)
  })

  for (const decision of ['approve', 'reject', 'cancel', 'revoke'] as const) {
    app.post<Id>(`/api/access-requests/:id/${decision}`, async (request) => {
      const { workspace, caller } = await who(request)
      const body = (request.body ?? {}) as { reason?: unknown }
      return deps.requests[decision](workspace.id, request.params.id, body, caller)
    })
  }

  app.get<Id>('/api/apps/:id/request-policies', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    return deps.policies.get(workspace.id, request.params.id)
  })

  app.put<Id>('/api/apps/:id/request-policies', async (request) => {
    const { workspace, principal } = await deps.auth.authorize(request, {
      scope: 'integrations:manage',
    })
    return deps.policies.put(workspace.id, request.params.id, request.body, principal.actor)
  })
}
