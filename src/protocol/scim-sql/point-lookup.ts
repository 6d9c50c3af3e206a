import type { Filter } from '../scim/filter/index.js'

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:user'

/**
 * The key of a user filter that is exactly `userName eq "<text>"` (with or without the core
 * schema URN): the lookup every IdP sends before a create. userName is unique per directory and
 * compared case-insensitively (RFC 7643 §4.1.1, caseExact false), so it is one probe of the
 * lowered-userName index, the same rows filterToSql's translation selects. Anything else
 * (another operator, a number, a sub-attribute, a NUL that PostgreSQL text cannot hold and
 * operand.ts answers without asking the database) is undefined: the general translation's.
 */
export function userNameEqualsKey(filter: Filter): string | undefined {
  if (filter.kind !== 'compare' || filter.op !== 'eq' || typeof filter.value !== 'string')
    return undefined
  if (filter.value.includes('\u0000')) return undefined
  const { path } = filter
  if (path.subAttr !== undefined || path.name.toLowerCase() !== 'username') return undefined
  if (path.uri !== undefined && path.uri.toLowerCase() !== USER_SCHEMA) return undefined
  return filter.value.toLowerCase()
}
