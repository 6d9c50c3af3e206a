/**
 * Connected apps: a catalog entry, a connection whose secret is sealed at rest, assignment rules
 * and attribute mappings (DESIGN: `app connect`). Apps without an API have an owner instead.
 */

/**
 * Uploads of an app's user export (CSV) for apps without an API; `source` is the port the
 * manual connector lists them through.
 * @example await imports.importCsv(workspaceId, appId, { text, fileName: 'export.csv' }, actor)
 */
export {
  type AccountColumns,
  type AccountImports,
  createAccountImports,
  type ImportInput,
  type ImportSummary,
} from './account-imports.js'
/** Whether the app's user export was uploaded after an instant (tasks verify against it). */
export { accountImportAfter } from './account-imports-store.js'
/**
 * How the identity graph and reconciliation treat an app: correlation rules (ordered), lifecycle
 * policy (deprovisioning, orphans, approvals, the safety thresholds) and attribute mappings.
 * @example resolvePolicy({}).deprovision // 'deactivate'
 */
export {
  CORRELATION_RULES,
  type Correlation,
  type CorrelationRule,
  type MappingEntry,
  type Mappings,
  mappingEntries,
  OPERATION_KINDS,
  type Policy,
  resolveCorrelation,
  resolvePolicy,
  type SafetyThresholds,
  type TaskSla,
} from './app-rules.js'
/** The app.json schema (and its assignment and mappings parts), and what `update` accepts. */
export {
  type AppConfig,
  type AppRulesUpdate,
  type Assignment,
  appConfigSchema,
  appRulesUpdateSchema,
  assignmentSchema,
} from './apps-config.js'
/** The error catalog of apps (docs/errors.md). */
export { appErrors } from './apps-errors.js'
/** `GET/POST /api/apps`, `GET /api/apps/:id`, `.../health`, `GET /api/catalog[/:id]`. */
export { type AppsRoutesDeps, appsRoutes } from './apps-routes.js'
/**
 * Connect, list and get apps; `connector` builds the app's connector through the registry.
 * @example
 * const app = await apps.connect(workspace.id, JSON.parse(appJson), actor)
 * const connector = unwrap(await apps.connector(workspace.id, app.id))
 */
export {
  type App,
  type AppsDeps,
  type AppsService,
  type ConnectionHealth,
  createAppsService,
} from './apps-service.js'
export {
  describeGrantRule,
  type GrantRule,
  type GrantRuleInput,
  grantRuleInputSchema,
  grantRulesInputSchema,
  MAX_GRANT_RULES,
} from './grant-rules.js'
/**
 * Resolving a grant rule's `entitlement` (our id, the app's id, or the exact name) against the
 * app's entitlements; the lookup is a port the composition root fills with the graph's read.
 * @example resolveEntitlementRef('Editors', await lookup(workspaceId, appId))
 */
export {
  type EntitlementChoice,
  type EntitlementLookup,
  resolveEntitlementRef,
  resolveGrantRules,
} from './grant-rules-resolve.js'
