import type { Db, NewRow, Row, RowUpdate } from '../../platform/store/index.js'

/** Queries of the `apps` table (this domain's own); writes take the caller's transaction. */

export async function findApp(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<Row<'apps'> | undefined> {
  return db
    .selectFrom('apps')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** A workspace's apps by name (case-insensitive). */
export async function listApps(db: Db, workspaceId: string): Promise<Row<'apps'>[]> {
  return db
    .selectFrom('apps')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('name_key')
    .execute()
}

/** Throws the dialect's unique violation when the workspace already has an app of that name. */
export async function insertApp(trx: Db, row: NewRow<'apps'>): Promise<void> {
  await trx.insertInto('apps').values(row).execute()
}

export async function updateApp(
  trx: Db,
  workspaceId: string,
  id: string,
  set: RowUpdate<'apps'>,
): Promise<void> {
  await trx
    .updateTable('apps')
    .set(set)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute()
}
