import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ManagementAuth } from '../../platform/auth/index.js'
import { acceptFormBodies } from '../../shared/form-body.js'
import type { SessionCookie } from '../members/index.js'
import { MAX_RESPONSE_BYTES } from './acs.js'
import type { MetadataFetchOptions } from './metadata-fetch.js'
import { safeReturnPath } from './relay-state.js'
import { samlAdminRoutes } from './saml-admin-routes.js'
import { samlErrors } from './saml-errors.js'
import type { SamlService } from './saml-service.js'

export type SamlRoutesDeps = {
  readonly saml: SamlService
  readonly auth: ManagementAuth
  readonly cookie: SessionCookie
  /** Console session lifetime, for the cookie's Max-Age. */
  readonly sessionTtlSeconds: number
  readonly fetchMetadata: MetadataFetchOptions
}

type WorkspaceParams = { Params: { workspaceId: string } }
const REFUSALS = {
  invalid: 'SAML_RESPONSE_INVALID',
  refused: 'SAML_LOGIN_REFUSED',
  unsolicited: 'SAML_IDP_INITIATED_DISABLED',
} as const
type Fields = Record<string, string | undefined>
const SWEEP_MS = 10 * 60 * 1000
/** A form-encoded SAMLResponse is base64 (4/3) and URL-encoded (up to 3× for +, / and =). */
const FORM_LIMIT_BYTES = MAX_RESPONSE_BYTES * 4

/**
 * Everything under /saml (seed 002): SP metadata, SP-initiated sign-in, the Assertion Consumer
 * Service, the SSO check, single logout, and connection management. Expired request ids and
 * assertion ids are swept every ten minutes.
 */
export async function samlRoutes(app: FastifyInstance, deps: SamlRoutesDeps): Promise<void> {
  acceptFormBodies(app)
  await app.register(samlAdminRoutes, deps)
  const { saml } = deps

  app.get<WorkspaceParams>('/saml/metadata/:workspaceId', async (request, reply) => {
    const xml = await saml.metadata(request.params.workspaceId)
    return reply.type('application/samlmetadata+xml; charset=utf-8').send(xml)
  })

  app.get<WorkspaceParams & { Querystring: { returnTo?: string } }>(
    '/saml/authorize/:workspaceId',
    async (request, reply) => {
      const returnTo = safeReturnPath(request.query.returnTo) ?? '/'
      const next = await saml.authorize(request.params.workspaceId, returnTo)
      reply.header('cache-control', 'no-store')
      if ('redirect' in next) return reply.redirect(next.redirect, 302)
      return reply.type('text/html; charset=utf-8').send(next.form)
    },
  )

  app.post('/saml/callback', { bodyLimit: FORM_LIMIT_BYTES }, async (request, reply) => {
    const fields = formFields(request.body)
    if (!fields.SAMLResponse) throw samlErrors.error('SAML_REQUEST_INVALID')
    const outcome = await saml.consumeResponse({
      samlResponse: fields.SAMLResponse,
      relayState: fields.RelayState,
    })
    if (!outcome.ok) {
      request.log.warn({ reason: outcome.error.reason }, 'saml: response refused')
      throw samlErrors.error(REFUSALS[outcome.error.kind])
    }
    const { value } = outcome
    deps.cookie.set(reply, value.token, deps.sessionTtlSeconds)
    request.log.info(
      { memberId: value.session.member.id, workspaceId: value.workspaceId, created: value.created },
      'saml: sign-in',
    )
    return reply.header('cache-control', 'no-store').redirect(value.returnTo, 303)
  })

  app.get<{ Querystring: { email?: string } }>('/saml/check', async (request) => {
    return saml.check(request.query.email ?? '')
  })

  app.get<WorkspaceParams>('/saml/logout/:workspaceId', async (request, reply) => {
    const token = deps.cookie.read(request.headers.cookie)
    const next = await saml.startLogout({ token, workspaceId: request.params.workspaceId })
    deps.cookie.clear(reply)
    return reply.header('cache-control', 'no-store').redirect(next, 302)
  })

  const logoutCallback = async (request: FastifyRequest, reply: FastifyReply) => {
    const isPost = request.method === 'POST'
    const result = await saml.handleLogoutMessage({
      binding: isPost ? 'post' : 'redirect',
      fields: isPost ? formFields(request.body) : formFields(request.query),
      rawQuery: request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '',
    })
    if (!result.ok) {
      request.log.warn({ reason: result.error }, 'saml: logout message refused')
      throw samlErrors.error('SAML_REQUEST_INVALID')
    }
    reply.header('cache-control', 'no-store')
    if ('redirect' in result.value) return reply.redirect(result.value.redirect, 302)
    return result.value
  }
  app.get('/saml/logout/callback', logoutCallback)
  app.post('/saml/logout/callback', { bodyLimit: FORM_LIMIT_BYTES }, logoutCallback)

  const sweep = async () => {
    await saml.purgeExpired().catch((error: unknown) => {
      app.log.warn({ err: error }, 'saml: sweeping expired request and assertion ids failed')
    })
  }
  const timer = setInterval(sweep, SWEEP_MS).unref()
  app.addHook('onClose', async () => clearInterval(timer))
}

/** String fields of a parsed form or query; anything else is dropped. */
function formFields(value: unknown): Fields {
  if (typeof value !== 'object' || value === null) return {}
  const fields: Fields = {}
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === 'string') fields[key] = field
  }
  return fields
}
