import type { FastifyRequest } from 'fastify'
import {
  type Authenticator,
  type Authorized,
  bearerToken,
  editionFor,
  editionIncludes,
  featureName,
  type ManagementAuth,
  type Principal,
} from '../../platform/auth/index.js'
import type { ApiTokenService } from './api-tokens.js'
import { workspaceErrors } from './workspace-errors.js'
import type { WorkspaceService } from './workspace-service.js'

export type ManagementAuthDeps = {
  apiTokens: Pick<ApiTokenService, 'authenticate'>
  workspaces: Pick<WorkspaceService, 'findById'>
  /** Tried in order after management API tokens; the first that recognises the request wins. */
  authenticators?: readonly Authenticator[]
}

/**
 * Authorises a management API call (seed 002: 401 bad credentials, 403 plan or permission). The
 * workspace always comes from the credential, never from the request, so a credential of
 * workspace A cannot act on workspace B.
 */
export function createManagementAuth(deps: ManagementAuthDeps): ManagementAuth {
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
    async authorize(request, needs): Promise<Authorized> {
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
      if (needs.feature && !editionIncludes(workspace.edition, needs.feature)) {
        throw workspaceErrors.error(
          'PLAN_REQUIRED',
          `${featureName(needs.feature)} requires the ${editionFor(needs.feature)} plan; this workspace is on ${workspace.edition}.`,
        )
      }
      return { principal, workspace }
    },
  }
}
