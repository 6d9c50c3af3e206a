import type { FastifyInstance } from 'fastify'
import type { ManagementAuth } from '../../platform/auth/index.js'
import type { GrantExceptions } from './grant-exceptions.js'

export type GrantExceptionRoutesDeps = {
  readonly exceptions: GrantExceptions
  readonly auth: ManagementAuth
}

type AppParams = { Params: { id: string } }

/**
 * An app's grant exceptions, with the permissions of the app's rules: reading needs
 * `integrations:read`, keeping or revoking a grant `integrations:manage`.
 * `POST /api/apps/:id/grant-exceptions` {entitlementId, accountId, reason, expiresAt} → 201;
 * `GET /api/apps/:id/grant-exceptions[?all=true]` (active ones; `all` adds ended ones);
 * `DELETE /api/apps/:id/grant-exceptions/:exceptionId` revokes (again: the same answer).
 */
export async function grantExceptionRoutes(
  app: FastifyInstance,
  deps: GrantExceptionRoutesDeps,
): Promise<void> {
  app.get<AppParams & { Querystring: { all?: string } }>(
    '/api/apps/:id/grant-exceptions',
    async (request) => {
      const { workspace } = await deps.auth.authorize(request, { scope: 'integrations:read' })
      const all = request.query.all === 'true'
      return { items: await deps.exceptions.list(workspace.id, request.params.id, { all }) }
    },
  )

  app.post<AppParams>('/api/apps/:id/grant-exceptions', async (request, reply) => {
    const { principal, workspace } = await deps.auth.authorize(request, {
      scope: 'integrations:manage',
    })
    const created = await deps.exceptions.create(
      workspace.id,
      request.params.id,
      request.body ?? {},
      principal.actor,
    )
    return reply.code(201).send(created)
  })

  app.delete<{ Params: { id: string; exceptionId: string } }>(
    '/api/apps/:id/grant-exceptions/:exceptionId',
    async (request) => {
      const { principal, workspace } = await deps.auth.authorize(request, {
        scope: 'integrations:manage',
      })
      const { id, exceptionId } = request.params
      return deps.exceptions.revoke(workspace.id, id, exceptionId, principal.actor)
    },
  )
}
