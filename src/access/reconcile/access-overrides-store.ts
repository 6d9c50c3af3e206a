import type { Db, NewRow, Row } from '../../platform/store/index.js'

/**
 * Queries of `access_overrides` (this domain's own; issue 18): a decision about one person's
 * access in one app that outranks the app's rules until it ends. Access requests write 'grant'
 * overrides, access reviews 'revoke' ones, both through these functions, so reconciliation (the
 * reader) owns the table. Writes take the caller's transaction. "Active" at `now` is not ended
 * and `until` unset or later than `now` (ISO instants compare as text: every one is written by
 * toISOString).
 */

export type AccessOverrideRow = Row<'access_overrides'>
export type NewAccessOverride = NewRow<'access_overrides'>

export async function insertAccessOverride(trx: Db, row: NewAccessOverride): Promise<void> {
  await trx.insertInto('access_overrides').values(row).execute()
}

/** One override of the workspace by id. */
export async function findAccessOverride(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<AccessOverrideRow | undefined> {
  return db
    .selectFrom('access_overrides')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** The overrides a request or a review wrote, oldest first (ended ones too). */
export async function overridesOfSource(
  db: Db,
  workspaceId: string,
  source: { type: 'request' | 'review'; id: string },
): Promise<AccessOverrideRow[]> {
  return db
    .selectFrom('access_overrides')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('source_type', '=', source.type)
    .where('source_id', '=', source.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

/**
 * The active overrides of an app (reconciliation reads them per app), or of some people in it
 * (`personIds`: a person's access page, a chunk of the reconciliation).
 */
export async function activeAccessOverrides(
  db: Db,
  workspaceId: string,
  appId: string,
  options: { now: string; personIds?: readonly string[] },
): Promise<AccessOverrideRow[]> {
  const { now, personIds } = options
  if (personIds !== undefined && personIds.length === 0) return []
  return db
    .selectFrom('access_overrides')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('app_id', '=', appId)
    .where('ended_at', 'is', null)
    .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', now)]))
    .$if(personIds !== undefined, (q) => q.where('person_id', 'in', personIds ?? []))
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

/** Ends it unless already ended; true when this call ended it. */
export async function endAccessOverride(
  trx: Db,
  id: string,
  ended: { at: string; by: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('access_overrides')
    .set({ ended_at: ended.at, ended_by: ended.by })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}
