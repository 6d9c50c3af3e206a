import type { ScimResource } from '../../protocol/scim/schemas/index.js'
import { isRecord } from '../../shared/json.js'
import { ENTERPRISE_URN } from './person-record.js'
import type { PersonStatus } from './types.js'

/** One source's record of a person, with what decides precedence between sources. */
export type Contribution = {
  readonly resource: ScimResource
  readonly gone: boolean
  /** The source's priority: lower wins. */
  readonly priority: number
  /** Breaks ties stably: the source's creation time, then its id. */
  readonly order: string
}

export type MergedPerson = { readonly resource: ScimResource; readonly status: PersonStatus }

/**
 * One person from several sources (pure). The live record of the highest-priority source gives
 * every attribute it has, `active` included; lower ones fill what it lacks (the enterprise
 * extension attribute by attribute). Emails and groups are unions (case-insensitive), so a
 * person matched on any address keeps all of them and assignment rules see every group. With
 * no live record left the person is `gone` and keeps the last known attributes.
 */
export function mergePerson(contributions: readonly Contribution[]): MergedPerson | undefined {
  const ordered = [...contributions].sort(
    (a, b) => a.priority - b.priority || (a.order < b.order ? -1 : a.order > b.order ? 1 : 0),
  )
  const live = ordered.filter((c) => !c.gone)
  const top = live[0] ?? ordered[0]
  if (!top) return undefined
  const resource = (live.length > 0 ? live : [top]).map((c) => c.resource).reduce(fill)
  if (live.length === 0) return { resource, status: 'gone' }
  return { resource, status: top.resource.active === false ? 'inactive' : 'active' }
}

function fill(base: ScimResource, other: ScimResource): ScimResource {
  const merged: ScimResource = { ...base }
  for (const [key, value] of Object.entries(other)) {
    if (key === 'emails' || key === 'groups' || key === 'schemas') continue
    if (key === ENTERPRISE_URN && isRecord(merged[key]) && isRecord(value)) {
      merged[key] = { ...value, ...merged[key] }
    } else if (merged[key] === undefined) {
      merged[key] = value
    }
  }
  const emails = union(base.emails, other.emails, 'value')
  if (emails.length > 0) merged.emails = onePrimary(emails)
  const groups = union(base.groups, other.groups, 'display')
  if (groups.length > 0) merged.groups = groups
  const schemas = [...new Set([...listOf(base.schemas), ...listOf(other.schemas)])]
  if (schemas.length > 0) merged.schemas = schemas
  return merged
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/** Elements of `a` then those of `b` whose `key` (case-insensitive) `a` does not have. */
function union(a: unknown, b: unknown, key: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  const seen = new Set<string>()
  for (const item of [...listOf(a), ...listOf(b)]) {
    if (!isRecord(item) || typeof item[key] !== 'string') continue
    const k = (item[key] as string).toLowerCase()
    if (seen.has(k)) continue
    seen.add(k)
    out.push(item)
  }
  return out
}

/** RFC 7643 §2.4: at most one primary value; the first source's primary stays primary. */
function onePrimary(emails: Record<string, unknown>[]): Record<string, unknown>[] {
  let primaryTaken = false
  return emails.map((email) => {
    if (email.primary !== true) return email
    if (!primaryTaken) {
      primaryTaken = true
      return email
    }
    const { primary: _drop, ...rest } = email
    return rest
  })
}
