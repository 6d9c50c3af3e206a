/** Workspaces (tenants), their plans, roles and permissions, management API tokens and auth. */
export {
  type ApiTokenService,
  type ApiTokenSummary,
  createApiTokenService,
} from './api-tokens.js'
export { createManagementAuth, type ManagementAuthDeps } from './management-auth.js'
export { isRole, permissionsFor, ROLES, type Role } from './roles.js'
export { workspaceErrors } from './workspace-errors.js'
export {
  createWorkspaceService,
  type Workspace,
  type WorkspaceService,
} from './workspace-service.js'
