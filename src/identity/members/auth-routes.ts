import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { acceptFormBodies } from '../../shared/form-body.js'
import { parseOrThrow } from '../../shared/validation.js'
import { permissionsFor, type WorkspaceService } from '../workspace/index.js'
import type { ConsoleSession, ConsoleSessionService } from './console-sessions.js'
import { memberErrors } from './member-errors.js'
import type { MemberService } from './members.js'
import { requireCsrfSafeSession } from './session-auth.js'
import type { SessionCookie } from './session-cookie.js'
import type { PasswordSignInPolicy } from './sign-in-policy.js'

export type AuthRoutesDeps = {
  readonly members: Pick<MemberService, 'verifyCredentials'>
  readonly sessions: ConsoleSessionService
  readonly workspaces: Pick<WorkspaceService, 'findBySlug' | 'findById'>
  readonly cookie: SessionCookie
  /** Refuses passwords for emails whose domain must use SSO (SAML enforce mode). */
  readonly passwordPolicy?: PasswordSignInPolicy
}

const loginBody = z.object({
  email: z.string().min(1).max(254),
  password: z.string().min(1).max(1024),
  workspace: z.string().min(1).max(128),
  /** Where a form post goes next, e.g. back to an OAuth interaction; same-origin paths only. */
  returnTo: z.string().max(2048).optional(),
})

/**
 * Local sign-in for people who use the hub (DESIGN.md): `POST /auth/login` with
 * `{"email","password","workspace"}` as JSON or a form answers with a session cookie;
 * `GET /auth/session` tells who is signed in and the CSRF token; `POST /auth/logout` ends it.
 */
export async function authRoutes(app: FastifyInstance, deps: AuthRoutesDeps): Promise<void> {
  acceptFormBodies(app)

  app.post('/auth/login', async (request, reply) => {
    const body = parseOrThrow(loginBody, request.body ?? {}, (problems) =>
      memberErrors.error('LOGIN_INVALID', `Invalid sign-in: ${problems.join('; ')}`),
    )
    const workspace =
      (await deps.workspaces.findBySlug(body.workspace)) ??
      (await deps.workspaces.findById(body.workspace))
    if (workspace && deps.passwordPolicy) {
      const policy = await deps.passwordPolicy({ workspaceId: workspace.id, email: body.email })
      if (!policy.allowed) {
        throw memberErrors.error('PASSWORD_SIGN_IN_DISABLED', undefined, { ssoUrl: policy.ssoUrl })
      }
    }
    const member = workspace
      ? await deps.members.verifyCredentials({ workspaceId: workspace.id, ...body })
      : undefined
    if (!workspace || !member) throw memberErrors.error('INVALID_CREDENTIALS')
    const { token, session } = await deps.sessions.start(member)
    deps.cookie.set(reply, token, deps.sessions.ttlSeconds)
    request.log.info({ memberId: member.id, workspaceId: workspace.id }, 'console sign-in')
    if (isForm(request) && body.returnTo && isSameOriginPath(body.returnTo)) {
      return reply.redirect(body.returnTo, 303)
    }
    return describe(session, deps.sessions.csrfTokenFor(token), workspace.slug)
  })

  app.get('/auth/session', async (request, reply) => {
    const token = deps.cookie.read(request.headers.cookie)
    const session = token ? await deps.sessions.resume(token) : undefined
    if (!token || !session) throw memberErrors.error('SESSION_REQUIRED')
    const workspace = await deps.workspaces.findById(session.member.workspaceId)
    reply.header('cache-control', 'no-store')
    return describe(session, deps.sessions.csrfTokenFor(token), workspace?.slug ?? null)
  })

  app.post('/auth/logout', async (request, reply) => {
    const session = await requireCsrfSafeSession(deps, request)
    const token = deps.cookie.read(request.headers.cookie)
    if (!session || !token) throw memberErrors.error('SESSION_REQUIRED')
    await deps.sessions.end(token)
    deps.cookie.clear(reply)
    return reply.code(204).send()
  })
}

function describe(session: ConsoleSession, csrfToken: string, workspaceSlug: string | null) {
  const { member } = session
  return {
    member: { id: member.id, email: member.email, role: member.role },
    /** What the role may do in the management API: the console shows only what it can use. */
    permissions: permissionsFor(member.role),
    workspace: { id: member.workspaceId, slug: workspaceSlug },
    csrfToken,
    expiresAt: session.expiresAt,
  }
}

function isForm(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
}

/** `/path?query` on this origin; never `//host` or `/\host`, which browsers treat as another site. */
function isSameOriginPath(target: string): boolean {
  return /^\/(?![/\\])[^\s\\]*$/.test(target)
}
