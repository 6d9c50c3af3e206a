import type { ScimResource } from '../../../protocol/scim/schemas/index.js'
import { isRecord } from '../../../shared/json.js'
import type { GroupName } from '../person-record.js'
import type { SourceRecord } from '../types.js'

export function groupsOf(resource: ScimResource): GroupName[] {
  const groups = Array.isArray(resource.groups) ? resource.groups : []
  return groups.flatMap((g: unknown) =>
    isRecord(g) && typeof g.value === 'string' && typeof g.display === 'string'
      ? [{ value: g.value, display: g.display }]
      : [],
  )
}

/** A record with its groups replaced (none: the attribute is removed, RFC 7643 §2.5). */
export function withGroups(record: SourceRecord, groups: readonly GroupName[]): SourceRecord {
  const { groups: _old, ...rest } = record.resource
  return { key: record.key, resource: groups.length > 0 ? { ...rest, groups: [...groups] } : rest }
}
