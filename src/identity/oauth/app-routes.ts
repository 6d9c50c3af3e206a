import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ManagementAuth } from '../../platform/auth/index.js'
import { parseOrThrow } from '../../shared/validation.js'
import type { OAuthApp, OAuthAppService } from './apps.js'
import { oauthErrors } from './oauth-errors.js'

export type AppRoutesDeps = {
  readonly apps: OAuthAppService
  readonly auth: ManagementAuth
}

const scopes = z.union([z.string(), z.array(z.string())])
const settings = {
  name: z.string().max(200),
  redirectUris: z.array(z.string()).max(10),
  scopes,
  pkce: z.enum(['required', 'optional']),
  tokenEndpointAuthMethod: z.enum(['client_secret_basic', 'client_secret_post']),
}
const createBody = z
  .object(settings)
  .partial({ pkce: true, tokenEndpointAuthMethod: true })
  .strict()
const updateBody = z.object(settings).partial().strict()

type Params = { Params: { id: string } }

/**
 * OAuth app management (seed 002): `GET/POST /oauth/apps`, `GET/PATCH/DELETE /oauth/apps/:id`,
 * `POST /oauth/apps/:id/rotate-secret`. Reading needs `integrations:read`, changing
 * `integrations:manage`; the client secret is shown once, on create and on rotation.
 */
export async function appRoutes(app: FastifyInstance, deps: AppRoutesDeps): Promise<void> {
  const read = { scope: 'integrations:read', feature: 'oauth_apps' } as const
  const manage = { scope: 'integrations:manage', feature: 'oauth_apps' } as const

  app.get('/oauth/apps', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    return { apps: await deps.apps.list(workspace.id) }
  })

  app.post('/oauth/apps', async (request, reply) => {
    const { principal, workspace } = await deps.auth.authorize(request, manage)
    const body = parseBody(createBody, request.body)
    const created = await deps.apps.create({ workspaceId: workspace.id, ...body }, principal.actor)
    return reply.code(201).send(withSecret(created.app, created.clientSecret))
  })

  app.get<Params>('/oauth/apps/:id', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    return deps.apps.get(workspace.id, request.params.id)
  })

  app.patch<Params>('/oauth/apps/:id', async (request) => {
    const { principal, workspace } = await deps.auth.authorize(request, manage)
    const body = parseBody(updateBody, request.body)
    return deps.apps.update(
      { workspaceId: workspace.id, id: request.params.id, ...body },
      principal.actor,
    )
  })

  app.delete<Params>('/oauth/apps/:id', async (request, reply) => {
    const { principal, workspace } = await deps.auth.authorize(request, manage)
    await deps.apps.remove({ workspaceId: workspace.id, id: request.params.id }, principal.actor)
    return reply.code(204).send()
  })

  app.post<Params>('/oauth/apps/:id/rotate-secret', async (request) => {
    const { principal, workspace } = await deps.auth.authorize(request, manage)
    return deps.apps.rotateSecret(
      { workspaceId: workspace.id, id: request.params.id },
      principal.actor,
    )
  })
}

function withSecret(app: OAuthApp, clientSecret: string) {
  return { ...app, clientSecret }
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  return parseOrThrow(schema, body ?? {}, (problems) =>
    oauthErrors.error('OAUTH_APP_INVALID', `Invalid request: ${problems.join('; ')}`, { problems }),
  )
}
