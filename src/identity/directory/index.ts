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
/** The SCIM 2.0 HTTP server (RFC 7644), mounted by the composition root at /scim/v2. */
export {
  SCIM_CONTENT_TYPE,
  type ScimRoutesDeps,
  scimRoutes,
  sendScim,
} from './scim-server/index.js'
export { createScimService, type ScimService } from './scim-service.js'
