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
export type { ResourceService, ScimRequestContext } from './resources/resource-service.js'
export type { GroupRef, ListQuery, ListResult, StoredResource } from './resources/types.js'
export { createScimService, type ScimService } from './scim-service.js'
