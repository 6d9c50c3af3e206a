import type { FastifyRequest } from 'fastify'
import type { ApiTokenService, Principal } from './api-tokens.js'
import { type Feature, planFor, planIncludes } from './plans.js'
import type { Scope } from './scopes.js'
import { workspaceErrors } from './workspace-errors.js'
import type { Workspace, WorkspaceService } from './workspace-service.js'

/**
 * One way of proving who calls the management API (a port: `oauth/` and `members/` implement it).
 * Answers undefined when the request carries no valid credential of its kind, and throws an
 * ApiError when the credential is valid but refused here (a CSRF token missing, an address outside
 * the allowlist).
 */
export type Authenticator = (request: FastifyRequest) => Promise<Principal | undefined>

export type ManagementAuthDeps = {
  apiTokens: Pick<ApiTokenService, 'authenticate'>
  workspaces: Pick<WorkspaceService, 'findById'>
  /** Tried in order after management API tokens; the first that recognises the request wins. */
  authenticators?: readonly Authenticator[]
}

export type Authorized = { principal: Principal; workspace: Workspace }

/**
 * Authorises a management API call (seed 002: 401 bad credentials, 403 plan or permission). The
 * workspace always comes from the credential, never from the request, so a credential of
 * workspace A cannot act on workspace B.
 */
export function createManagementAuth(deps: ManagementAuthDeps) {
  const apiToken: Authenticator = async (request) => {
    const token = bearerToken(request)
    return token ? deps.apiTokens.authenticate(token) : undefined
  }
  const authenticators = [apiToken, ...(deps.authenticators ?? [])]

  async function authenticate(request: FastifyRequest): Promise<Principal | undefined> {
    for (const authenticator of authenticators) {
      const principal = await authenticator(request)
      if (principal) return principal
    }
    return undefined
  }

  return {
    async authorize(
      request: FastifyRequest,
      needs: { scope: Scope; feature?: Feature },
    ): Promise<Authorized> {
      const principal = await authenticate(request)
      if (!principal) throw workspaceErrors.error('UNAUTHENTICATED')
      const workspace = await deps.workspaces.findById(principal.workspaceId)
      if (!workspace) throw workspaceErrors.error('UNAUTHENTICATED')
      if (!principal.scopes.includes(needs.scope)) {
        throw workspaceErrors.error(
          'PERMISSION_DENIED',
          `This action needs the '${needs.scope}' permission.`,
        )
      }
      if (needs.feature && !planIncludes(workspace.plan, needs.feature)) {
        throw workspaceErrors.error(
          'PLAN_REQUIRED',
          `${featureName(needs.feature)} requires the ${planFor(needs.feature)} plan; this workspace is on ${workspace.plan}.`,
        )
      }
      return { principal, workspace }
    },
  }
}

export type ManagementAuth = ReturnType<typeof createManagementAuth>

/** The bearer token of an `Authorization: Bearer …` header (RFC 6750 §2.1), if any. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
  return match?.[1]
}

/** A plan-gated feature's name, for messages that say which plan unlocks it. */
export function featureName(feature: Feature): string {
  return {
    scim: 'SCIM provisioning',
    saml: 'SAML single sign-on',
    oauth_apps: 'OAuth apps',
    api_connections: 'API connections',
  }[feature]
}
