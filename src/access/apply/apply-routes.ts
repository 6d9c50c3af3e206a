import type { FastifyInstance } from 'fastify'
import type { ManagementAuth } from '../../platform/auth/index.js'
import type { ApplyService } from './apply-service.js'

export type ApplyRoutesDeps = {
  readonly apply: Pick<ApplyService, 'apply' | 'progress' | 'quarantines' | 'release'>
  readonly auth: ManagementAuth
}

/**
 * `POST /api/plans/:id/apply` (202: the jobs are queued; the server's worker runs them),
 * `GET /api/plans/:id/apply` (progress), `GET /api/quarantines` (apps whose jobs wait, and why),
 * `DELETE /api/apps/:id/quarantine` (an operator fixed the app: its jobs run again).
 */
export async function applyRoutes(app: FastifyInstance, deps: ApplyRoutesDeps): Promise<void> {
  const read = { scope: 'integrations:read' } as const
  const manage = { scope: 'integrations:manage' } as const

  app.post<{ Params: { id: string } }>('/api/plans/:id/apply', async (request, reply) => {
    const { workspace, principal } = await deps.auth.authorize(request, manage)
    const progress = await deps.apply.apply(workspace.id, request.params.id, {
      actor: principal.actor,
    })
    return reply.code(202).send(progress)
  })

  app.get<{ Params: { id: string } }>('/api/plans/:id/apply', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    return deps.apply.progress(workspace.id, request.params.id)
  })

  app.get('/api/quarantines', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    return { quarantined: await deps.apply.quarantines(workspace.id) }
  })

  app.delete<{ Params: { id: string } }>('/api/apps/:id/quarantine', async (request, reply) => {
    const { workspace, principal } = await deps.auth.authorize(request, manage)
    await deps.apply.release(workspace.id, request.params.id, principal.actor)
    return reply.code(204).send()
  })
}
