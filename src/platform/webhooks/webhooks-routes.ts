import type { FastifyInstance } from 'fastify'
import type { ManagementAuth } from '../auth/index.js'
import type { WebhookService } from './webhooks-service.js'

export type WebhooksRoutesDeps = {
  readonly webhooks: WebhookService
  readonly auth: ManagementAuth
}

type Params = { Params: { id: string } }

/**
 * Webhook subscriptions of the caller's workspace (`integrations:manage`; reads need
 * `integrations:read`): `POST /api/webhooks` answers the secret once; `GET /api/webhooks[/:id]`,
 * `PATCH` and `DELETE /api/webhooks/:id`, `POST /api/webhooks/:id/replay` with `{"after"}`, and
 * `GET /api/webhooks/:id/deliveries` (the delivery log, newest first).
 */
export async function webhooksRoutes(
  app: FastifyInstance,
  deps: WebhooksRoutesDeps,
): Promise<void> {
  const read = { scope: 'integrations:read' } as const
  const manage = { scope: 'integrations:manage' } as const

  app.post('/api/webhooks', async (request, reply) => {
    const { workspace, principal } = await deps.auth.authorize(request, manage)
    const created = await deps.webhooks.create(workspace.id, request.body, principal.actor)
    return reply.code(201).header('cache-control', 'no-store').send(created)
  })

  app.get('/api/webhooks', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    return { webhooks: await deps.webhooks.list(workspace.id) }
  })

  app.get<Params>('/api/webhooks/:id', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    return deps.webhooks.get(workspace.id, request.params.id)
  })

  app.patch<Params>('/api/webhooks/:id', async (request) => {
    const { workspace, principal } = await deps.auth.authorize(request, manage)
    return deps.webhooks.update(workspace.id, request.params.id, request.body, principal.actor)
  })

  app.delete<Params>('/api/webhooks/:id', async (request, reply) => {
    const { workspace, principal } = await deps.auth.authorize(request, manage)
    await deps.webhooks.remove(workspace.id, request.params.id, principal.actor)
    return reply.code(204).send()
  })

  app.post<Params>('/api/webhooks/:id/replay', async (request) => {
    const { workspace, principal } = await deps.auth.authorize(request, manage)
    return deps.webhooks.replay(workspace.id, request.params.id, request.body, principal.actor)
  })

  app.get<Params & { Querystring: { limit?: string } }>(
    '/api/webhooks/:id/deliveries',
    async (request) => {
      const { workspace } = await deps.auth.authorize(request, read)
      const limit = Number(request.query.limit ?? 100) || 100
      return {
        deliveries: await deps.webhooks.deliveries(workspace.id, request.params.id, { limit }),
      }
    },
  )
}
