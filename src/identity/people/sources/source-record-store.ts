import { type RawBuilder, sql } from 'kysely'
import {
  type Db,
  decodeJson,
  type NewRow,
  type Row,
  type RowUpdate,
} from '../../../platform/store/index.js'
import type { ScimResource } from '../../../protocol/scim/schemas/index.js'
import type { JsonSql } from '../../../protocol/scim-sql/index.js'
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

/** Live records of a source that the sync run `runId` did not see (the candidates for gone). */
export async function unseenLiveKeys(db: Db, sourceId: string, runId: string): Promise<string[]> {
  const rows = await liveRecords(db, sourceId)
    .select('record_key')
    .where((eb) => eb.or([eb('seen_run_id', 'is', null), eb('seen_run_id', '<>', runId)]))
    .execute()
  return rows.map((row) => row.record_key)
}

/** How many live records a source has. */
export async function countLive(db: Db, sourceId: string): Promise<number> {
  const live = await liveRecords(db, sourceId)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(live.n)
}

function liveRecords(db: Db, sourceId: string) {
  return db
    .selectFrom('source_records')
    .where('source_id', '=', sourceId)
    .where('gone_at', 'is', null)
}

/** The stored record of a source for `key`, whatever its state. */
export function loadRecordRow(
  trx: Db,
  sourceId: string,
  key: string,
): Promise<Row<'source_records'> | undefined> {
  return trx
    .selectFrom('source_records')
    .selectAll()
    .where('source_id', '=', sourceId)
    .where('record_key', '=', key)
    .executeTakeFirst()
}

/** Changes columns of one record of a source. */
export async function updateRecordRow(
  trx: Db,
  sourceId: string,
  key: string,
  values: RowUpdate<'source_records'>,
): Promise<void> {
  await trx
    .updateTable('source_records')
    .set(values)
    .where('source_id', '=', sourceId)
    .where('record_key', '=', key)
    .execute()
}

export async function insertRecordRow(trx: Db, row: NewRow<'source_records'>): Promise<void> {
  await trx.insertInto('source_records').values(row).execute()
}

/** Which of `personIds` another live record of the same source already belongs to. */
export async function personsTakenBySource(
  trx: Db,
  sourceId: string,
  exceptKey: string,
  personIds: readonly string[],
): Promise<Set<string | null>> {
  const taken = await trx
    .selectFrom('source_records')
    .select('person_id')
    .where('source_id', '=', sourceId)
    .where('record_key', '<>', exceptKey)
    .where('gone_at', 'is', null)
    .where('person_id', 'in', personIds)
    .execute()
  return new Set(taken.map((row) => row.person_id))
}

/** Every record of a person with its source's priority and order (what a merge needs). */
export function recordsToMerge(trx: Db, personId: string) {
  return trx
    .selectFrom('source_records as r')
    .innerJoin('sources as s', 's.id', 'r.source_id')
    .select(['r.record', 'r.gone_at', 's.priority', 's.created_at', 's.id'])
    .where('r.person_id', '=', personId)
    .execute()
}

/** The records that make up a person in a workspace, by source. */
export function recordsOfPerson(db: Db, workspaceId: string, personId: string) {
  return db
    .selectFrom('source_records')
    .select(['source_id', 'record_key', 'gone_at', 'updated_at'])
    .where('workspace_id', '=', workspaceId)
    .where('person_id', '=', personId)
    .orderBy('source_id')
    .execute()
}
