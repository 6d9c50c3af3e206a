/**
 * Connectors to apps: the contract every connector implements, the closed set of failure classes,
 * and the shared HTTP client (rate limits, retries, circuit breaker, pagination, auth hooks).
 */

/** Full-jitter exponential backoff with a cap; `random` injected. */
export { type BackoffPolicy, DEFAULT_BACKOFF, fullJitterBackoff } from '../../shared/backoff.js'
export type { SealedFor } from './connection.js'
/**
 * Connections: the app.json `connection` schema (base URL, one of five auth blocks, the tenant's
 * rate limit), sealing of its secret for storage, and the `Secret`-holding form connectors use.
 * @example const stored = sealConnection(parsed, secretBox, appId) // the token is now ciphertext
 */
export {
  type AuthType,
  authenticatorFor,
  baseConnectionSchema,
  type Connection,
  type ConnectionAuth,
  connectionAuthSchema,
  connectionUrl,
  describeConnection,
  type OpenConnection,
  openConnection,
  type SealedConnection,
  sealConnection,
} from './connection.js'
/**
 * The contract (after baton-sdk): a required `Connector` plus optional capability interfaces,
 * each with a run-time type guard; options objects with an idempotency key on every mutation.
 * @example if (canCreateAccount(connector)) await connector.createAccount(input, { idempotencyKey })
 */
/**
 * The implemented capabilities of a connector, and how its manifest disagrees with them; a
 * connector whose manifest lies must not be registered.
 */
export {
  type AccountChanges,
  type AccountQuery,
  type CallOptions,
  type CanCreateAccount,
  type CanDeactivateAccount,
  type CanDeleteAccount,
  type CanGetAccount,
  type CanListEntitlements,
  type CanListGroups,
  type CanManageGrants,
  type CanManageGroups,
  type CanManageMemberships,
  type CanReactivateAccount,
  type CanUpdateAccount,
  type Capability,
  type Connector,
  type ConnectorManifest,
  type CreatesTasks,
  canCreateAccount,
  canDeactivateAccount,
  canDeleteAccount,
  canGetAccount,
  canListEntitlements,
  canListGroups,
  canManageGrants,
  canManageGroups,
  canManageMemberships,
  canReactivateAccount,
  canUpdateAccount,
  capabilitiesOf,
  createsTasks,
  type Grant,
  type GrantChange,
  type GrantContext,
  type GrantListOptions,
  type GrantReceipt,
  type ListOptions,
  type Membership,
  type MembershipReceipt,
  type MutationMarker,
  type MutationOptions,
  manifestMismatches,
  type NameParts,
  type NewAccount,
  type NewGroup,
  type Page,
  type RemoteAccount,
  type RemoteEmail,
  type RemoteEntitlement,
  type RemoteGroup,
  type RemovalReceipt,
  type TaskAction,
  type TaskReceipt,
  type TaskRequest,
} from './connector.js'
/**
 * Classified failures. Jobs decide retries from `error.class` alone (`retryable` is true for
 * `transient` and `rate_limited`); `message` is public, `detail` private.
 * @example if (!result.ok && result.error.retryable) reschedule(result.error.retryAfterMs)
 */
export {
  CONNECTOR_ERROR_CLASSES,
  CONNECTOR_ERROR_CODES,
  ConnectorError,
  type ConnectorErrorClass,
  type ConnectorErrorCode,
  classifyHttpResponse,
  classifyNetworkError,
  isConnectorError,
  isRetryableClass,
} from './connector-errors.js'
/**
 * Entitlements on groups: an app's groups (SCIM Groups, Okta groups) as entitlements, members
 * as grants, membership changes as grant changes; used by the SCIM and Okta connectors.
 */
export {
  type GroupEntitlementType,
  groupEntitlements,
  groupGrants,
  toEntitlement,
} from './entitlements/group-entitlements.js'
/** Per-connection authenticate hooks; the only places a secret is revealed. */
export {
  type Authenticator,
  apiKeyHeaderAuth,
  basicAuth,
  bearerAuth,
  type ClientCredentialsConfig,
  type FetchLike,
  oauthClientCredentials,
} from './http/auth.js'
/** The per-connection circuit breaker: quarantine with a reason, probe after cool-down or retry. */
export {
  type BreakerOptions,
  type BreakerSnapshot,
  type CircuitBreaker,
  createCircuitBreaker,
  DEFAULT_BREAKER_OPTIONS,
  type QuarantineReason,
} from './http/circuit-breaker.js'
/**
 * The shared HTTP client of one connection: bucket, breaker, timeout, retries of transient and
 * rate-limited failures only. `fetch`, `clock`, `random` and `sleep` are injected.
 * @example
 * const http = createHttpClient({ fetch, clock, random: Math.random, sleep: systemSleep, log },
 *   { connectionId, rateLimit: entry.rateLimits.hint, authenticate: bearerAuth(token) })
 * const res = await http.request({ method: 'GET', url: `${base}/Users?startIndex=1&count=100` })
 */
export {
  createHttpClient,
  type HttpClient,
  type HttpClientDeps,
  type HttpClientOptions,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
} from './http/http-client.js'
/**
 * Pagination for offset (SCIM startIndex/count), next-token and `Link: rel="next"` listings,
 * behind one opaque, serialisable cursor; `iteratePages` walks a listing from a checkpoint.
 */
export {
  decodeCursor,
  encodeCursor,
  iteratePages,
  linkStart,
  nextLinkCursor,
  nextOffsetCursor,
  nextTokenCursor,
  offsetStart,
  parseLinkHeader,
  tokenStart,
} from './http/pagination.js'
/** Token buckets shared by every connection that spends one quota (Okta's org-wide limits). */
export { createRateBudgets, type RateBudgets } from './http/rate-budgets.js'
/** Parses Retry-After (RFC 9110) and every rate-limit header family into one observation. */
export {
  parseRateLimitHeaders,
  parseRetryAfter,
  type RateLimitObservation,
} from './http/rate-limit-headers.js'
/** Waiting, injected: the real one for the composition root, a fake one in tests. */
export { type Sleep, systemSleep } from './http/sleep.js'
/** The adaptive per-connection token bucket (AIMD), usable on its own. */
export {
  type BucketSnapshot,
  type BucketTuning,
  createTokenBucket,
  DEFAULT_BUCKET_TUNING,
  type TokenBucket,
} from './http/token-bucket.js'
/**
 * "Already exists" and "already gone" as success with a marker: create looks up first,
 * deactivating an inactive account is `no_change`, a missing one `already_gone`.
 */
export {
  type CreateSteps,
  createOnce,
  type DeactivateSteps,
  deactivateOnce,
  deleteOnce,
  type LookupAttribute,
  lookupQueries,
  type ReactivateSteps,
  reactivateOnce,
} from './idempotent.js'
/** The port for uploaded user exports of apps without an API, and how they merge with tasks. */
export {
  type ImportedAccount,
  type ImportedAccountsSource,
  mergeManual,
} from './manual/imported-accounts.js'
/**
 * The manual path (seed 001): tasks for the app's owner instead of API calls. `TaskSink` is the
 * port the tasks domain implements.
 */
export {
  createManualConnector,
  type ManualConnector,
  manualConfigSchema,
  manualManifest,
} from './manual/manual-connector.js'
export { defaultDueAt, manualInstructions } from './manual/manual-instructions.js'
export type {
  ConfirmedAccount,
  ConfirmedAccountsQuery,
  OpenTask,
  TaskDetails,
  TaskSink,
} from './manual/task-sink.js'
export { oktaConnectionSchema, oktaManifest } from './okta/okta-connection.js'
/**
 * The Okta Users API connector (seed 004): SSWS token or OAuth 2.0 service app
 * (private_key_jwt), users with `Link` paging and `search`/`filter`, lifecycle operations,
 * groups and memberships, the catalog's field restrictions, and an org-wide rate budget.
 * @example
 * const connector = unwrap(registry.connect(app))
 * if (isOktaConnector(connector)) await connector.listUsers({ filter: 'lastUpdated gt "…"' })
 */
export {
  createOktaConnector,
  isOktaConnector,
  type OktaConnector,
  type OktaConnectorDeps,
  type OktaConnectorInput,
} from './okta/okta-connector.js'
export type { OktaGroupQuery } from './okta/okta-groups.js'
export {
  isActiveStatus as isActiveOktaStatus,
  OKTA_STATUSES,
  type OktaStatus,
  type OktaUser,
} from './okta/okta-mapping.js'
/** An Okta user as a SCIM User (externalId = the Okta id), for sources of people. */
export { oktaUserToScim } from './okta/okta-scim.js'
export type { OktaUserPage, OktaUserQuery } from './okta/okta-users.js'
/**
 * Catalog entry → connector: validates an app's connection and builds (and keeps) one connector
 * per app.
 * @example
 * const connector = unwrap(registry.connect(app))
 * if (canCreateAccount(connector)) await connector.createAccount(account, { idempotencyKey })
 */
export {
  type AppAccess,
  type ConnectedApp,
  type ConnectorRegistry,
  type ConnectorRegistryDeps,
  createConnectorRegistry,
} from './registry.js'
/**
 * The generic SCIM 2.0 client connector, driven by the catalog profile, the connection's
 * overrides and the app's discovery endpoints.
 */
export {
  createScimConnector,
  type ScimConnector,
  type ScimConnectorInput,
  scimConnectionSchema,
  scimManifest,
} from './scim/scim-connector.js'
export {
  type ScimConnectorProfile,
  type ScimProfileOverrides,
  scimCapabilities,
  scimProfileOverridesSchema,
} from './scim/scim-profile.js'
/** A credential that prints as `[redacted]`; sealed ones are decrypted only on `reveal()`. */
export { Secret } from './secret.js'
