import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import type { default as Provider } from 'oidc-provider'
import type { ManagementAuth } from '../../platform/auth/index.js'
import type { Db } from '../../platform/store/index.js'
import type { ConsoleSessionService, SessionCookie } from '../members/index.js'
import type { WorkspaceService } from '../workspace/index.js'
import { appRoutes } from './app-routes.js'
import { connectionRoutes } from './connection-routes.js'
import { interactionRoutes } from './interaction-routes.js'
import type { OAuthServices } from './oauth-services.js'
import { OAUTH_ROUTES } from './provider.js'

export type OAuthRoutesDeps = {
  readonly oauth: OAuthServices
  readonly db: Db
  readonly auth: ManagementAuth
  readonly sessions: ConsoleSessionService
  readonly cookie: SessionCookie
  readonly workspaces: Pick<WorkspaceService, 'findById'>
}

const SWEEP_MS = 10 * 60 * 1000

/**
 * Everything under /oauth: the provider's endpoints (handed to oidc-provider as they come), its
 * interactions, OAuth app and API connection management. Expired provider artifacts are swept
 * every ten minutes.
 */
export async function oauthRoutes(app: FastifyInstance, deps: OAuthRoutesDeps): Promise<void> {
  const provider = await deps.oauth.provider()
  await app.register(providerEndpoints, { provider })
  await app.register(interactionRoutes, { ...deps, provider })
  await app.register(appRoutes, { apps: deps.oauth.apps, auth: deps.auth })
  await app.register(connectionRoutes, { connections: deps.oauth.connections, auth: deps.auth })
  const sweep = async () => {
    await deps.oauth.artifacts.purgeExpired().catch((error: unknown) => {
      app.log.warn({ err: error }, 'oauth: sweeping expired artifacts failed')
    })
  }
  await sweep()
  const timer = setInterval(sweep, SWEEP_MS).unref()
  app.addHook('onClose', async () => clearInterval(timer))
}

/** The provider's routes and methods: `resume` is the authorization endpoint plus `/:uid`. */
const PROVIDER_ROUTES: ReadonlyArray<readonly [HTTPMethods[], string]> = [
  [['GET', 'POST'], OAUTH_ROUTES.authorization],
  [['GET'], `${OAUTH_ROUTES.authorization}/:uid`],
  [['POST', 'OPTIONS'], OAUTH_ROUTES.token],
  [['GET', 'POST', 'OPTIONS'], OAUTH_ROUTES.userinfo],
  [['POST', 'OPTIONS'], OAUTH_ROUTES.revocation],
  [['POST', 'OPTIONS'], OAUTH_ROUTES.introspection],
  [['GET', 'OPTIONS'], OAUTH_ROUTES.jwks],
  [['GET', 'POST'], OAUTH_ROUTES.end_session],
  [['POST'], `${OAUTH_ROUTES.end_session}/confirm`],
  [['GET'], `${OAUTH_ROUTES.end_session}/success`],
  [['GET', 'OPTIONS'], '/.well-known/openid-configuration'],
  [['GET', 'OPTIONS'], '/.well-known/oauth-authorization-server'],
]

/**
 * Mounts oidc-provider (a Koa app) on Fastify: the raw request and response go to its callback
 * untouched. Its bodies are its own to read, so this scope parses none.
 */
async function providerEndpoints(
  app: FastifyInstance,
  options: { provider: Provider },
): Promise<void> {
  const callback = options.provider.callback()
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', (_request, _payload, done) => done(null))
  const handOff = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack()
    reply.raw.setHeader('x-request-id', request.id)
    await callback(request.raw, reply.raw)
  }
  for (const [method, url] of PROVIDER_ROUTES) app.route({ method, url, handler: handOff })
}
