/**
 * The hub's own OAuth 2.0 authorization server (oidc-provider on our database), OAuth app
 * management (seed 002), API connections with client credentials and egress IP allowlists
 * (seed 003), and access tokens as management API credentials.
 */

export type { AppSettings, OAuthApp, OAuthAppService } from './apps.js'
export type { ApiConnection, ApiConnectionService, ConnectionSettings } from './connections.js'
export { type ConsentPlan, planConsent } from './consent.js'
export { isAddressAllowed, parseAllowlist } from './ip-allowlist.js'
export { oauthErrors } from './oauth-errors.js'
export { type OAuthRoutesDeps, oauthRoutes } from './oauth-routes.js'
export { APP_SCOPES, CONNECTION_SCOPES, IDENTITY_SCOPES } from './oauth-scopes.js'
export {
  createOAuthServices,
  type OAuthServices,
  type OAuthServicesDeps,
} from './oauth-services.js'
export { OAUTH_ROUTES, type OAuthProviderSettings } from './provider.js'
