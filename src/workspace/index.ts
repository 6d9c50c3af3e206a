/** Workspaces (tenants), their plans, roles and permissions, management API tokens and auth. */
export {
  type ApiTokenService,
  type ApiTokenSummary,
  createApiTokenService,
  type Principal,
} from './api-tokens.js'
export {
  type Authenticator,
  type Authorized,
  bearerToken,
  createManagementAuth,
  featureName,
  type ManagementAuth,
} from './management-auth.js'
export { type Feature, isPlan, PLANS, type Plan, planFor, planIncludes } from './plans.js'
export { isRole, permissionsFor, ROLES, type Role } from './roles.js'
export { isScope, parseScopes, SCOPES, type Scope } from './scopes.js'
export { workspaceErrors } from './workspace-errors.js'
export {
  createWorkspaceService,
  type Workspace,
  type WorkspaceService,
} from './workspace-service.js'
