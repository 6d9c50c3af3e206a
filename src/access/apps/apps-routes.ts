import type { FastifyInstance } from 'fastify'
import type { ManagementAuth } from '../../platform/auth/index.js'
import type { AppsService } from './apps-service.js'
import { catalogRoutes } from './catalog-routes.js'

export type AppsRoutesDeps = {
  readonly apps: Pick<AppsService, 'connect' | 'list' | 'get' | 'health' | 'update'>
  readonly auth: ManagementAuth
}

/**
 * The connected apps of the caller's workspace: `GET /api/apps`, `GET /api/apps/:id`,
 * `GET /api/apps/:id/health` (the connection's breaker and bucket; `integrations:read`) and
 * `POST /api/apps` with an app.json body and `PATCH /api/apps/:id` with the rules to change
 * (assignment, mappings, correlation, policy, owner, grant rules; `integrations:manage`). The workspace always comes
 * from the credential; secrets never come back. Also mounts the catalog's read API
 * (catalog-routes.ts).
 */
export async function appsRoutes(app: FastifyInstance, deps: AppsRoutesDeps): Promise<void> {
  await app.register(catalogRoutes, { auth: deps.auth })

  app.get('/api/apps', async (request) => {
    const { workspace } = await deps.auth.authorize(request, { scope: 'integrations:read' })
    return { apps: await deps.apps.list(workspace.id) }
  })

  app.get<{ Params: { id: string } }>('/api/apps/:id', async (request) => {
    const { workspace } = await deps.auth.authorize(request, { scope: 'integrations:read' })
    return deps.apps.get(workspace.id, request.params.id)
  })

  app.get<{ Params: { id: string } }>('/api/apps/:id/health', async (request, reply) => {
    const { workspace } = await deps.auth.authorize(request, { scope: 'integrations:read' })
    reply.header('cache-control', 'no-store')
    return deps.apps.health(workspace.id, request.params.id)
  })

  app.post('/api/apps', async (request, reply) => {
    const { principal, workspace } = await deps.auth.authorize(request, {
      scope: 'integrations:manage',
    })
    const created = await deps.apps.connect(workspace.id, request.body ?? {}, {
      type: 'api_token',
      id: principal.tokenId,
    })
    return reply.code(201).send(created)
  })

  app.patch<{ Params: { id: string } }>('/api/apps/:id', async (request) => {
    const { principal, workspace } = await deps.auth.authorize(request, {
      scope: 'integrations:manage',
    })
    return deps.apps.update(workspace.id, request.params.id, request.body ?? {}, principal.actor)
  })
}
