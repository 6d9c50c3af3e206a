import type { FastifyRequest } from 'fastify'
import type { Edition, Feature } from './editions.js'
import type { Scope } from './scopes.js'

/** Who did something: a management token, a SCIM directory token, a console user, the CLI, the system. */
export type Actor = {
  readonly type: 'api_token' | 'scim_directory' | 'user' | 'cli' | 'system' | 'oauth_client'
  readonly id: string | null
}

/** The tenant a credential belongs to, as every route sees it. */
export type Workspace = {
  readonly id: string
  readonly slug: string
  readonly name: string
  readonly edition: Edition
  readonly createdAt: string
}

/** Who calls: a management API token, an OAuth access token of our provider, or a console session. */
export type Principal = {
  readonly kind: 'api_token' | 'oauth_token' | 'session'
  /** The workspace of the credential: requests never choose it themselves. */
  readonly workspaceId: string
  /** The credential's id: the management token, the OAuth client, or the console session. */
  readonly tokenId: string
  readonly scopes: readonly Scope[]
  /** Who to record in the audit trail. */
  readonly actor: Actor
}

export type Authorized = { principal: Principal; workspace: Workspace }

/**
 * What every management route needs to authorise a call (the port; `identity/workspace` builds
 * the implementation from API tokens and the authenticators `oauth/` and `members/` plug in).
 * It answers 401 for a missing or bad credential and 403 for a missing permission or feature.
 */
export type ManagementAuth = {
  authorize(
    request: FastifyRequest,
    needs: { scope: Scope; feature?: Feature },
  ): Promise<Authorized>
}

/**
 * One way of proving who calls the management API. Answers undefined when the request carries no
 * valid credential of its kind, and throws an ApiError when the credential is valid but refused
 * here (a CSRF token missing, an address outside the allowlist).
 */
export type Authenticator = (request: FastifyRequest) => Promise<Principal | undefined>

/** The bearer token of an `Authorization: Bearer …` header (RFC 6750 §2.1), if any. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
  return match?.[1]
}
