/**
 * SAML 2.0 single sign-on per workspace: the hub is the service provider, each workspace connects
 * its own IdP (metadata XML, a metadata URL, or typed in). node-saml verifies signatures against
 * the pinned certificates; our own checks around it refuse wrapping, SHA-1, DTDs, replays and
 * responses to requests we never made.
 */

/** IdP metadata parsing, for the CLI and tests. */
export { type IdpConfig, parseIdpMetadata } from './idp-config.js'
/** Error codes of the SAML management API and browser endpoints (docs/errors.md). */
export { samlErrors } from './saml-errors.js'
/** The `/saml/*` routes: metadata, authorize, ACS, check, single logout and management. */
export { type SamlRoutesDeps, samlRoutes } from './saml-routes.js'
/**
 * Builds the SAML domain on one store; `passwordPolicy` is the members domain's
 * PasswordSignInPolicy port (enforce mode).
 * @example
 * const saml = createSamlService({ publicUrl }, { db, transact, clock, ids, audit, log, members, sessions, workspaces })
 */
export { createSamlService, type SamlService, type SamlServiceDeps } from './saml-service.js'
