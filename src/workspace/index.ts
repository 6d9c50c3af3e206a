/** Workspaces (tenants), their plans, and management API tokens. */
export {
  type ApiTokenService,
  type ApiTokenSummary,
  createApiTokenService,
  type Principal,
} from './api-tokens.js'
export { type Authorized, createManagementAuth, type ManagementAuth } from './management-auth.js'
export { type Feature, isPlan, PLANS, type Plan, planFor, planIncludes } from './plans.js'
export { isScope, parseScopes, SCOPES, type Scope } from './scopes.js'
export { workspaceErrors } from './workspace-errors.js'
export {
  createWorkspaceService,
  type Workspace,
  type WorkspaceService,
} from './workspace-service.js'
