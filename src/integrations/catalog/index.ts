/**
 * The app catalog: one typed, sourced entry per app (what it supports, how it authenticates,
 * pages, rate-limits and deactivates), plus which connector and compatibility profile to use.
 */

/** Names that read as administration are privileged unless the vendor says otherwise (assumed). */
export { PRIVILEGED_BY_NAME } from './apps/entry-helpers.js'
/**
 * Every entry, seed apps first.
 * @example listCatalog().filter((app) => app.scim.available)
 */
/**
 * One entry by id (`sana-labs`, `samepage`, `stensul`, `okta`, `workspace-platform`,
 * `scim-generic`, `slack`, ...); undefined when unknown.
 * @example getCatalogEntry('stensul')?.deletion.semantics // 'soft'
 */
/** The ids other code relies on; they never change. */
export { getCatalogEntry, listCatalog, SEED_CATALOG_IDS, type SeedCatalogId } from './catalog.js'
/** The zod schema every entry satisfies; use it to validate entries loaded from elsewhere. */
export { catalogEntrySchema } from './catalog-schema.js'
/**
 * Entitlement facts: the value a documented-or-assumed fact gives, the type an app reaches
 * through a source, and whether a name is privileged by default.
 * @example isPrivilegedName(entitlementTypeOf(entry, 'scim_groups')!, 'Admin') // true
 */
export {
  entitlementTypeOf,
  grantChangesOf,
  isPrivilegedName,
  statedValue,
} from './entitlement-facts.js'
/** The entry type and its parts. `Documented<T>` marks facts the vendor does or does not publish. */
export type {
  AppOperation,
  Auth,
  AuthMethod,
  BaseUrl,
  CatalogEntry,
  Deactivation,
  Deletion,
  Documented,
  EntitlementKind,
  EntitlementSource,
  EntitlementType,
  GrantChanges,
  Integration,
  Pagination,
  PaginationMethod,
  PublishedLimit,
  RateLimitHint,
  RateLimits,
  ScimProfile,
  Semantics,
  Stated,
  Undocumented,
  UserField,
} from './types.js'
/** The kinds of access an account can hold in an app beyond the account itself. */
export { ENTITLEMENT_KINDS } from './types.js'
