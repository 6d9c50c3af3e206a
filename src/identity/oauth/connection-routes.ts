import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ManagementAuth } from '../../platform/auth/index.js'
import { parseOrThrow } from '../../shared/validation.js'
import type { ApiConnectionService } from './connections.js'
import { oauthErrors } from './oauth-errors.js'

export type ConnectionRoutesDeps = {
  readonly connections: ApiConnectionService
  readonly auth: ManagementAuth
}

const list = z.union([z.string().max(4096), z.array(z.string().max(256)).max(100)])
const createBody = z
  .object({ name: z.string().max(200).optional(), allowedIps: list, scopes: list })
  .strict()
const updateBody = createBody.partial().strict()

type Params = { Params: { id: string } }

/**
 * API connection management over HTTP (what `rollcall connection create|list|rotate-secret`
 * does): `GET/POST /oauth/connections`, `GET/PATCH/DELETE /oauth/connections/:id`,
 * `POST /oauth/connections/:id/rotate-secret`. Reading needs `integrations:read`, changing
 * `integrations:manage`, and the plan must include API connections. The client secret is shown
 * once, on create and on rotation.
 */
export async function connectionRoutes(
  app: FastifyInstance,
  deps: ConnectionRoutesDeps,
): Promise<void> {
  const read = { scope: 'integrations:read', feature: 'api_connections' } as const
  const manage = { scope: 'integrations:manage', feature: 'api_connections' } as const

  app.get('/oauth/connections', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    return { connections: await deps.connections.list(workspace.id) }
  })

  app.post('/oauth/connections', async (request, reply) => {
    const { principal, workspace } = await deps.auth.authorize(request, manage)
    const body = parseBody(createBody, request.body)
    const created = await deps.connections.create(
      { workspaceId: workspace.id, ...body },
      principal.actor,
    )
    return reply.code(201).send({ ...created.connection, clientSecret: created.clientSecret })
  })

  app.get<Params>('/oauth/connections/:id', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    return deps.connections.get(workspace.id, request.params.id)
  })

  app.patch<Params>('/oauth/connections/:id', async (request) => {
    const { principal, workspace } = await deps.auth.authorize(request, manage)
    const body = parseBody(updateBody, request.body)
    return deps.connections.update(
      { workspaceId: workspace.id, id: request.params.id, ...body },
      principal.actor,
    )
  })

  app.delete<Params>('/oauth/connections/:id', async (request, reply) => {
    const { principal, workspace } = await deps.auth.authorize(request, manage)
    await deps.connections.remove(
      { workspaceId: workspace.id, id: request.params.id },
      principal.actor,
    )
    return reply.code(204).send()
  })

  app.post<Params>('/oauth/connections/:id/rotate-secret', async (request) => {
    const { principal, workspace } = await deps.auth.authorize(request, manage)
    return deps.connections.rotateSecret(
      { workspaceId: workspace.id, id: request.params.id },
      principal.actor,
    )
  })
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  return parseOrThrow(schema, body ?? {}, (problems) =>
    oauthErrors.error('CONNECTION_INVALID', `Invalid request: ${problems.join('; ')}`, {
      problems,
    }),
  )
}
