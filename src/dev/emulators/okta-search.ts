import type { AttrPath, Filter } from '../../protocol/scim/filter/ast.js'
import { parseFilter } from '../../protocol/scim/filter/index.js'
import { isRecord } from '../../shared/json.js'

/**
 * Okta's `search` and `filter` expressions use the SCIM filter syntax (developer.okta.com/docs/
 * api/#filter): `profile.login eq "a@b"`, `status eq "ACTIVE"`, `lastUpdated gt "…"`, joined by
 * `and`/`or`. The emulator parses them with Rollcall's own SCIM parser and evaluates them on the
 * raw Okta object. Okta compares strings case-insensitively for `eq` on profile properties.
 */
export function compileSearch(
  expression: string,
): { ok: true; match: (item: Record<string, unknown>) => boolean } | { ok: false } {
  const parsed = parseFilter(expression)
  if (!parsed.ok) return { ok: false }
  const filter = parsed.value
  return { ok: true, match: (item) => evaluate(filter, item) }
}

function evaluate(filter: Filter, item: Record<string, unknown>): boolean {
  switch (filter.kind) {
    case 'and':
      return evaluate(filter.left, item) && evaluate(filter.right, item)
    case 'or':
      return evaluate(filter.left, item) || evaluate(filter.right, item)
    case 'not':
      return !evaluate(filter.filter, item)
    case 'present':
      return valueAt(filter.path, item) !== undefined
    case 'compare':
      return compare(valueAt(filter.path, item), filter.op, filter.value)
    default:
      return false
  }
}

function valueAt(path: AttrPath, item: Record<string, unknown>): unknown {
  const top = item[path.name]
  if (path.subAttr === undefined) return top
  return isRecord(top) ? top[path.subAttr] : undefined
}

function compare(actual: unknown, op: string, expected: unknown): boolean {
  if (actual === undefined || actual === null) return false
  const a = String(actual).toLowerCase()
  const b = String(expected).toLowerCase()
  switch (op) {
    case 'eq':
      return a === b
    case 'sw':
      return a.startsWith(b)
    case 'gt':
      return a > b
    case 'ge':
      return a >= b
    case 'lt':
      return a < b
    case 'le':
      return a <= b
    default:
      return false
  }
}
