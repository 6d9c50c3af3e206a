import type { FastifyInstance } from 'fastify'
import type { ManagementAuth } from '../../platform/auth/index.js'
import type { MemberService } from './members.js'

export type MembersRoutesDeps = {
  readonly members: Pick<MemberService, 'list'>
  readonly auth: ManagementAuth
}

/**
 * `GET /api/members`: who signs in to the caller's workspace, with their roles (never a password
 * hash); the console names the actors of audit entries with it. `integrations:read`.
 */
export async function membersRoutes(app: FastifyInstance, deps: MembersRoutesDeps): Promise<void> {
  app.get('/api/members', async (request) => {
    const { workspace } = await deps.auth.authorize(request, { scope: 'integrations:read' })
    return { members: await deps.members.list(workspace.id) }
  })
}
