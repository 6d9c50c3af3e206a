/**
 * The identity graph: people (from the people domain) ⇄ accounts of every connected app. Accounts
 * are refreshed by listing through each app's connector (CSV imports included, for apps without
 * an API), linked to people by the app's ordered correlation rules or by hand, and each refresh
 * is a snapshot that says what changed. An ambiguous match is never linked automatically.
 */

/**
 * The correlation decision (pure) and a connector account as the graph stores it: for tests and
 * for reconciliation, which reads the stored account attributes.
 */
export { type AccountRecord, toAccountRecord } from './account-record.js'
/**
 * Reads of the graph for the domains after it: an app's live accounts by email or userName key,
 * and its newest succeeded refresh after an instant (tasks verify what they asked for).
 */
export { activeAccountOf, liveAccountsByKey } from './accounts-store.js'
export { type Decision, decide, emailVariants } from './correlation.js'
/**
 * Reads for the domains that name entitlements and grants: every entitlement of an app (grant
 * rules resolve against them) and one live grant (an exception keeps only a grant held now).
 * @example const refs = await entitlementRefsOf(db, workspaceId, appId)
 */
export {
  type EntitlementRef,
  entitlementRefsOf,
  type LiveGrant,
  liveGrantOf,
} from './entitlement-lookup-store.js'
/** `GET /api/apps/:id/entitlements[/:entitlementId/grants]` (issue 15), read only. */
export { type EntitlementRoutesDeps, entitlementRoutes } from './entitlement-routes.js'
/** Entitlements and grants (issue 15): the domain types and a refresh's entitlement figures. */
export {
  type Entitlement,
  type EntitlementCounts,
  emptyEntitlementCounts,
  type Grant,
  type GrantChange,
  type GrantChangeKind,
} from './entitlement-types.js'
/**
 * Reads of an app's entitlements and grants (issue 15): the API and the CLI list them; the
 * person access view (reconcile) reads one person's accounts and grants.
 * @example
 * const entitlements = createEntitlementReads({ db, apps })
 * const roles = await entitlements.list(workspaceId, appId, { kind: 'role' })
 * const accounts = await personAccounts(db, workspaceId, personId)
 */
export {
  createEntitlementReads,
  ENTITLEMENT_KINDS,
  type EntitlementHolder,
  type EntitlementReads,
  type EntitlementReadsDeps,
  type EntitlementView,
  grantsOfAccounts,
  type PersonAccountRecord,
  type PersonGrantRecord,
  personAccounts,
} from './entitlement-views.js'
/** The error catalog of the graph (docs/errors.md). */
export { graphErrors } from './graph-errors.js'
/** `/api/accounts…`, `/api/apps/:id/refresh`, `/api/apps/:id/changes`. */
export { type GraphRoutesDeps, graphRoutes } from './graph-routes.js'
/**
 * Builds the graph service on one store.
 * @example
 * const graph = createGraphService({ db, dialect, transact, clock, ids, events, audit, apps, holder })
 * const reports = await graph.refreshWorkspace(workspaceId, { trigger: 'cli', actor })
 * await graph.link(workspaceId, accountId, 'alice@acme.com', actor) // resolves an ambiguity
 */
export {
  createGraphService,
  type GraphDeps,
  type GraphService,
  type RefreshRequest,
} from './graph-service.js'
/** The employee-number expression the people index serves (the same text as the migration). */
export { employeeNumberSql } from './graph-store.js'
export { succeededSnapshotAfter } from './snapshots-store.js'
export type {
  Account,
  AccountAttributes,
  AccountChange,
  Candidate,
  LinkKind,
  LinkState,
  RefreshCounts,
  RefreshReport,
  RefreshStatus,
} from './types.js'
