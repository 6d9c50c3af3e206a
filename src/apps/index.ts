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
/** The app.json schema (and its assignment and mappings parts). */
export {
  type AppConfig,
  type Assignment,
  appConfigSchema,
  assignmentSchema,
} from './apps-config.js'
/** The error catalog of apps (docs/errors.md). */
export { appErrors } from './apps-errors.js'
/** `GET/POST /api/apps`, `GET /api/apps/:id`. */
export { type AppsRoutesDeps, appsRoutes } from './apps-routes.js'
/**
 * Connect, list and get apps; `connector` builds the app's connector through the registry.
 * @example
 * const app = await apps.connect(workspace.id, JSON.parse(appJson), actor)
 * const connector = unwrap(await apps.connector(workspace.id, app.id))
 */
export { type App, type AppsDeps, type AppsService, createAppsService } from './apps-service.js'
