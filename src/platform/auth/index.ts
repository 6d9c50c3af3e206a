/**
 * The authorisation every route shares: permissions (scopes), editions and the features they
 * unlock, who calls (Principal) and the ManagementAuth port routes take. Implemented in
 * identity/workspace; declared here so that platform and access domains need not import identity.
 */
export {
  EDITIONS,
  type Edition,
  editionFor,
  editionIncludes,
  type Feature,
  featureName,
  isEdition,
} from './editions.js'
export {
  type Actor,
  type Authenticator,
  type Authorized,
  bearerToken,
  type ManagementAuth,
  type Principal,
  type Workspace,
} from './route-auth.js'
export { isScope, parseScopes, SCOPES, type Scope } from './scopes.js'
