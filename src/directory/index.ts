/**
 * Inbound SCIM directories and the people and groups an IdP pushes into them: storage, filters in
 * SQL, and the SCIM use cases (create, replace, patch, delete, list) with audit and events.
 */
export {
  createDirectoryService,
  type Directory,
  type DirectoryContext,
  type DirectoryService,
} from './directories.js'
export { directoryErrors } from './directory-errors.js'
export { type DirectoryRoutesDeps, directoryRoutes } from './directory-routes.js'
export {
  type DirectorySettings,
  type DirectorySettingsInput,
  directorySettingsSchema,
  PROFILES,
  type Profile,
  resolveSettings,
} from './directory-settings.js'
/**
 * Read access to a directory's users and their groups, inside the caller's transaction: how the
 * SCIM directory becomes a source of people.
 */
export {
  createDirectoryReader,
  type DirectoryReader,
  type DirectoryUser,
} from './resources/directory-reader.js'
export type { ResourceService, ScimRequestContext } from './resources/resource-service.js'
export type { GroupRef, ListQuery, ListResult, StoredResource } from './resources/types.js'
export { createScimService, type ScimService } from './scim-service.js'
/**
 * SCIM filters and `sortBy` as parameterised SQL over any table of SCIM resources aliased `r`,
 * described by a `TableLayout` (indexed columns, side tables); JSON1 on SQLite, jsonb on
 * PostgreSQL. The directory's own layouts are `DIRECTORY_LAYOUTS`; the people domain has its own.
 * @example
 * const where = filterToSql(filter, { layout, schema: userResourceSchema, json: jsonSqlFor(dialect) })
 */
export {
  COMMON_RESOURCE_COLUMNS,
  type ColumnSpec,
  DIRECTORY_LAYOUTS,
  type ElementSource,
  emailsSideTable,
  type FilterSqlContext,
  filterToSql,
  type JsonElement,
  type JsonSql,
  jsonSqlFor,
  primaryEmailOf,
  sortExpression,
  type TableLayout,
} from './sql/index.js'
