import type { FastifyInstance } from 'fastify'
import type { ManagementAuth } from '../workspace/index.js'
import type { AppsService } from './apps-service.js'

export type AppsRoutesDeps = {
  readonly apps: Pick<AppsService, 'connect' | 'list' | 'get'>
  readonly auth: ManagementAuth
}

/**
 * The connected apps of the caller's workspace: `GET /api/apps`, `GET /api/apps/:id`
 * (`integrations:read`) and `POST /api/apps` with an app.json body (`integrations:manage`).
 * The workspace always comes from the credential; secrets never come back.
 */
export async function appsRoutes(app: FastifyInstance, deps: AppsRoutesDeps): Promise<void> {
  app.get('/api/apps', async (request) => {
    const { workspace } = await deps.auth.authorize(request, { scope: 'integrations:read' })
    return { apps: await deps.apps.list(workspace.id) }
  })

  app.get<{ Params: { id: string } }>('/api/apps/:id', async (request) => {
    const { workspace } = await deps.auth.authorize(request, { scope: 'integrations:read' })
    return deps.apps.get(workspace.id, request.params.id)
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
}
