import type { FastifyRequest } from 'fastify'
import type { Authenticator } from '../../platform/auth/index.js'
import { permissionsFor } from '../workspace/index.js'
import type { ConsoleSession, ConsoleSessionService } from './console-sessions.js'
import { memberErrors } from './member-errors.js'
import type { SessionCookie } from './session-cookie.js'

export type SessionAuthDeps = {
  sessions: Pick<ConsoleSessionService, 'resume' | 'isCsrfValid'>
  cookie: SessionCookie
}

/** Methods that change state: under a cookie session they need the CSRF token (seed 002). */
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** The CSRF token a request presents: the `x-csrf-token` header, or `_csrf` in a form body. */
export function presentedCsrfToken(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token']
  if (typeof header === 'string') return header
  const body = request.body
  if (typeof body === 'object' && body !== null && '_csrf' in body) {
    const field = (body as { _csrf: unknown })._csrf
    return typeof field === 'string' ? field : undefined
  }
  return undefined
}

/**
 * The console session of a request and its cookie value, or undefined. State-changing methods
 * without the session's CSRF token are refused with 403: a cookie alone is what a cross-site form
 * would carry.
 */
export async function requireCsrfSafeSession(
  deps: SessionAuthDeps,
  request: FastifyRequest,
): Promise<ConsoleSession | undefined> {
  const token = deps.cookie.read(request.headers.cookie)
  const session = token ? await deps.sessions.resume(token) : undefined
  if (!token || !session) return undefined
  if (
    UNSAFE_METHODS.has(request.method) &&
    !deps.sessions.isCsrfValid(token, presentedCsrfToken(request))
  ) {
    throw memberErrors.error('CSRF_TOKEN_INVALID')
  }
  return session
}

/** Console sessions as a way into the management API, with the permissions of the member's role. */
export function createSessionAuthenticator(deps: SessionAuthDeps): Authenticator {
  return async (request) => {
    const session = await requireCsrfSafeSession(deps, request)
    if (!session) return undefined
    return {
      kind: 'session',
      workspaceId: session.member.workspaceId,
      tokenId: session.id,
      scopes: permissionsFor(session.member.role),
      actor: { type: 'user', id: session.member.id },
    }
  }
}
