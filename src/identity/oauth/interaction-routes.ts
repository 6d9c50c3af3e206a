import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { default as Provider } from 'oidc-provider'
import type { Db } from '../../platform/store/index.js'
import { acceptFormBodies } from '../../shared/form-body.js'
import {
  type ConsoleSession,
  type ConsoleSessionService,
  memberErrors,
  requireCsrfSafeSession,
  type SessionCookie,
} from '../members/index.js'
import type { WorkspaceService } from '../workspace/index.js'
import { findClientRow } from './client-store.js'
import { applyConsent, planConsent } from './consent.js'
import { consentPage, loginPage, PAGE_CSP } from './interaction-pages.js'
import { oauthErrors } from './oauth-errors.js'

export type InteractionRoutesDeps = {
  readonly provider: Provider
  readonly db: Db
  readonly sessions: ConsoleSessionService
  readonly cookie: SessionCookie
  readonly workspaces: Pick<WorkspaceService, 'findById'>
}

type Params = { Params: { uid: string } }
type Details = Awaited<ReturnType<Provider['interactionDetails']>>

/**
 * The provider's user interactions, served with the console session (oidc-provider leaves them
 * to the host, see its "User flows"): sign-in reuses the console's local sign-in, and consent is
 * role-aware. Each step reads as a list of named steps and ends in a redirect back to the
 * provider (`interactionResult`).
 */
export async function interactionRoutes(
  app: FastifyInstance,
  deps: InteractionRoutesDeps,
): Promise<void> {
  acceptFormBodies(app)

  app.get<Params>('/oauth/interaction/:uid', async (request, reply) => {
    const details = await loadInteraction(deps.provider, request, reply)
    const client = await findClientRow(deps.db, String(details.params.client_id))
    if (!client) throw oauthErrors.error('INTERACTION_INVALID')
    const session = await currentSession(deps, request)
    if (details.prompt.name === 'login') {
      if (
        session &&
        session.member.workspaceId === client.workspace_id &&
        isFresh(details, session)
      ) {
        const ts = Math.floor(Date.parse(session.createdAt) / 1000)
        return finish(deps.provider, request, reply, {
          login: { accountId: session.member.id, ts },
        })
      }
      const workspace = await deps.workspaces.findById(client.workspace_id)
      const view = {
        uid: details.uid,
        clientName: client.name,
        workspace: workspace?.slug ?? client.workspace_id,
      }
      return render(request, reply, { prompt: 'login', ...view }, () => loginPage(view))
    }
    const member = requireOwner(details, session)
    const token = deps.cookie.read(request.headers.cookie) ?? ''
    const view = {
      uid: details.uid,
      clientName: client.name,
      ...planConsent(missing(details, 'missingOIDCScope'), member.role),
      csrfToken: deps.sessions.csrfTokenFor(token),
    }
    return render(request, reply, { prompt: 'consent', ...view }, () => consentPage(view))
  })

  app.post<Params>('/oauth/interaction/:uid/consent', async (request, reply) => {
    const session = await requireCsrfSafeSession(deps, request)
    if (!session) throw memberErrors.error('SESSION_REQUIRED')
    const details = await loadInteraction(deps.provider, request, reply)
    const member = requireOwner(details, session)
    const { Grant } = deps.provider
    const grant = details.grantId
      ? await Grant.find(details.grantId)
      : new Grant({ accountId: member.id, clientId: String(details.params.client_id) })
    if (!grant) throw oauthErrors.error('INTERACTION_INVALID')
    const plan = planConsent(missing(details, 'missingOIDCScope'), member.role)
    applyConsent(grant, plan, missing(details, 'missingOIDCClaims'))
    const grantId = await grant.save()
    request.log.info(
      { memberId: member.id, granted: plan.granted, trimmed: plan.trimmed },
      'oauth: consent',
    )
    return finish(deps.provider, request, reply, { consent: { grantId } }, true)
  })

  app.post<Params>('/oauth/interaction/:uid/abort', async (request, reply) => {
    await loadInteraction(deps.provider, request, reply)
    return finish(deps.provider, request, reply, {
      error: 'access_denied',
      error_description: 'The member declined the authorization request.',
    })
  })
}

/** The pending interaction of this browser (its cookie), or 400 when it expired or is unknown. */
async function loadInteraction(
  provider: Provider,
  request: FastifyRequest<Params>,
  reply: FastifyReply,
) {
  const details = await provider
    .interactionDetails(request.raw, reply.raw)
    .catch((error: unknown) => {
      if (error instanceof Error && error.name === 'SessionNotFound') return undefined
      throw error
    })
  if (!details || details.uid !== request.params.uid) throw oauthErrors.error('INTERACTION_INVALID')
  return details
}

/**
 * A request with `prompt=login` or `max_age` wants the End-User to authenticate again (OpenID
 * Connect Core §3.1.2.1): only a sign-in after the request began will do. The interaction's `iat`
 * has one-second resolution, so a sign-in within that same second counts as older.
 */
function isFresh(details: Details, session: ConsoleSession): boolean {
  const wantsNew = details.prompt.reasons.some((r) => r === 'login_prompt' || r === 'max_age')
  return !wantsNew || Date.parse(session.createdAt) >= (details.iat + 1) * 1000
}

async function currentSession(deps: InteractionRoutesDeps, request: FastifyRequest) {
  const token = deps.cookie.read(request.headers.cookie)
  return token ? deps.sessions.resume(token) : undefined
}

/** Consent is given by the member the provider authenticated, signed in to the console now. */
function requireOwner(details: Details, session: ConsoleSession | undefined) {
  if (details.prompt.name !== 'consent') throw oauthErrors.error('INTERACTION_INVALID')
  if (!session) throw memberErrors.error('SESSION_REQUIRED')
  if (details.session?.accountId !== session.member.id)
    throw oauthErrors.error('INTERACTION_FORBIDDEN')
  return session.member
}

function missing(details: Details, key: 'missingOIDCScope' | 'missingOIDCClaims'): string[] {
  const value = details.prompt.details[key]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

async function finish(
  provider: Provider,
  request: FastifyRequest,
  reply: FastifyReply,
  result: Parameters<Provider['interactionResult']>[2],
  merge = false,
) {
  const location = await provider.interactionResult(request.raw, reply.raw, result, {
    mergeWithLastSubmission: merge,
  })
  return reply.redirect(location, 303)
}

function render(request: FastifyRequest, reply: FastifyReply, json: object, html: () => string) {
  reply.header('cache-control', 'no-store')
  if ((request.headers.accept ?? '').includes('application/json')) return reply.send(json)
  return reply
    .header('content-security-policy', PAGE_CSP)
    .type('text/html; charset=utf-8')
    .send(html())
}
