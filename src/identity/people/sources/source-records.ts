import { type RawBuilder, sql } from 'kysely'
import { type Db, decodeJson } from '../../../platform/store/index.js'
import type { ScimResource } from '../../../protocol/scim/schemas/index.js'
import type { JsonSql } from '../../../protocol/scim-sql/index.js'
import { isRecord } from '../../../shared/json.js'
import type { GroupName } from '../person-record.js'
import type { SourceRecord } from '../types.js'

/** A source's live records that list any of `groupIds` in their `groups` (JSON, both dialects). */
export async function recordsWithGroups(
  db: Db,
  json: JsonSql,
  sourceId: string,
  groupIds: readonly string[],
): Promise<SourceRecord[]> {
  if (groupIds.length === 0) return []
  const listsGroup = json.existsElement(
    sql.ref('source_records.record'),
    ['groups'],
    (element) => sql`${element.member('value')} in (${sql.join([...groupIds])})`,
  ) as RawBuilder<boolean>
  const rows = await db
    .selectFrom('source_records')
    .select(['record_key', 'record'])
    .where('source_id', '=', sourceId)
    .where('gone_at', 'is', null)
    .where(listsGroup)
    .execute()
  return rows.map((row) => ({
    key: row.record_key,
    resource: decodeJson<ScimResource>(row.record),
  }))
}

/** The record a source last gave for `key`, if any. */
export async function currentRecord(
  db: Db,
  sourceId: string,
  key: string,
): Promise<SourceRecord | undefined> {
  const row = await db
    .selectFrom('source_records')
    .select(['record_key', 'record'])
    .where('source_id', '=', sourceId)
    .where('record_key', '=', key)
    .executeTakeFirst()
  return row ? { key: row.record_key, resource: decodeJson<ScimResource>(row.record) } : undefined
}

/** Every live record key of a source (a deleted SCIM directory takes them all away). */
export async function liveKeys(db: Db, sourceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('source_records')
    .select('record_key')
    .where('source_id', '=', sourceId)
    .where('gone_at', 'is', null)
    .execute()
  return rows.map((row) => row.record_key)
}

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
