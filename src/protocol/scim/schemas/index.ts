/** SCIM schema definitions (RFC 7643) and path resolution; pure data and functions, no I/O. */
/**
 * Other spellings of standard schema URNs that IdPs send (Entra ID's `…:enterprise:2.0User` and
 * ADSCIM Group URN), for a directory that accepts them; `canonicalUri` rewrites a URN, key or
 * path to the standard spelling.
 */
export { canonicalUri, ENTRA_SCHEMA_ALIASES, type SchemaAliases } from './aliases.js'
export { attribute } from './attribute.js'
export {
  findSubAttribute,
  type NormalizeOptions,
  normalizeAttributeValue,
  normalizeResource,
  normalizeSingle,
  splitExtensionKey,
} from './normalize.js'
export {
  allSchemas,
  findAttribute,
  findExtension,
  groupResourceSchema,
  type ResolvedAttribute,
  type ResolveOptions,
  type ResourceSchema,
  resolveAttribute,
  resourceSchemas,
  userResourceSchema,
} from './resource-schema.js'
export type {
  AttributeDefinition,
  AttributeType,
  Mutability,
  ResourceTypeDefinition,
  Returned,
  SchemaDefinition,
  ScimResource,
  Uniqueness,
} from './types.js'
export { URN } from './urns.js'
