import type { FastifyRequest } from 'fastify'
import type { ApiTokenService, Principal } from './api-tokens.js'
import { type Feature, planFor, planIncludes } from './plans.js'
import type { Scope } from './scopes.js'
import { workspaceErrors } from './workspace-errors.js'
import type { Workspace, WorkspaceService } from './workspace-service.js'

export type ManagementAuthDeps = {
  apiTokens: Pick<ApiTokenService, 'authenticate'>
  workspaces: Pick<WorkspaceService, 'findById'>
}

export type Authorized = { principal: Principal; workspace: Workspace }

/**
 * Authorises a management API call (seed 002: 401 bad credentials, 403 plan or permission). The
 * workspace always comes from the credential, never from the request, so a token of workspace A
 * cannot act on workspace B.
 */
export function createManagementAuth(deps: ManagementAuthDeps) {
  return {
    async authorize(
      request: FastifyRequest,
      needs: { scope: Scope; feature?: Feature },
    ): Promise<Authorized> {
      const header = request.headers.authorization
      const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
      const principal = match?.[1] ? await deps.apiTokens.authenticate(match[1]) : undefined
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

function featureName(feature: Feature): string {
  return {
    scim: 'SCIM provisioning',
    saml: 'SAML single sign-on',
    oauth_apps: 'OAuth apps',
    api_connections: 'API connections',
  }[feature]
}
