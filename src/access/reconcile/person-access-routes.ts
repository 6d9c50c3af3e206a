import type { FastifyInstance } from 'fastify'
import type { ManagementAuth } from '../../platform/auth/index.js'
import type { PersonAccessView } from './person-access.js'

export type PersonAccessRoutesDeps = {
  readonly access: PersonAccessView
  readonly auth: ManagementAuth
}

/**
 * `GET /api/people/:id/access` (`integrations:read`): every account and grant of a person of
 * the caller's workspace across its apps, with why each exists. Another workspace's person is
 * the people domain's 404.
 */
export async function personAccessRoutes(
  app: FastifyInstance,
  deps: PersonAccessRoutesDeps,
): Promise<void> {
  app.get<{ Params: { id: string } }>('/api/people/:id/access', async (request) => {
    const { workspace } = await deps.auth.authorize(request, { scope: 'integrations:read' })
    return deps.access.of(workspace.id, request.params.id)
  })
}
