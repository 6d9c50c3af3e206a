import type { Db, NewRow, Row, RowUpdate } from '../../platform/store/index.js'

/**
 * Queries of the `accounts` table (the graph's own) for refreshes, re-correlation and links by
 * hand. Writes take the caller's transaction; callers chunk IN lists (graph-store's `chunks`).
 */

export async function findAccountRow(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<Row<'accounts'> | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Another live account of the app that the person is linked to, if any. */
export async function otherLinkedAccount(
  db: Db,
  appId: string,
  personId: string,
  exceptId: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('accounts')
    .select('id')
    .where('app_id', '=', appId)
    .where('person_id', '=', personId)
    .where('removed_at', 'is', null)
    .where('id', '<>', exceptId)
    .executeTakeFirst()
}

/** Sets columns of one account. */
export async function updateAccount(
  trx: Db,
  id: string,
  set: RowUpdate<'accounts'>,
): Promise<void> {
  await trx.updateTable('accounts').set(set).where('id', '=', id).execute()
}

/** How many live accounts of the app are in each link state. */
export async function linkStateCounts(db: Db, appId: string) {
  return db
    .selectFrom('accounts')
    .select(['link_state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('app_id', '=', appId)
    .where('removed_at', 'is', null)
    .groupBy('link_state')
    .execute()
}

/** Live accounts of the app that no rule or person linked, after `after` by id. */
export async function unlinkedAccountsPage(db: Db, appId: string, after: string, limit: number) {
  return db
    .selectFrom('accounts')
    .select(['id', 'attributes', 'person_id', 'link_state'])
    .where('app_id', '=', appId)
    .where('link_kind', 'is', null)
    .where('link_state', '<>', 'linked')
    .where('removed_at', 'is', null)
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute()
}

/** The app's accounts (removed ones too) with the given remote ids: one IN list. */
export async function accountsByRemoteId(trx: Db, appId: string, remoteIds: readonly string[]) {
  return trx
    .selectFrom('accounts')
    .select([
      'id',
      'remote_id',
      'fingerprint',
      'person_id',
      'link_state',
      'link_kind',
      'removed_at',
      'active',
      'inactive_since',
    ])
    .where('app_id', '=', appId)
    .where('remote_id', 'in', remoteIds)
    .execute()
}

/** The stored attributes of the given accounts: one IN list. */
export async function accountAttributes(trx: Db, ids: readonly string[]) {
  return trx
    .selectFrom('accounts')
    .select(['id', 'active', 'attributes'])
    .where('id', 'in', ids)
    .execute()
}

/** One multi-row insert. */
export async function insertAccounts(trx: Db, rows: readonly NewRow<'accounts'>[]): Promise<void> {
  await trx.insertInto('accounts').values(rows).execute()
}

/** Marks the given accounts seen by a snapshot: one IN list. */
export async function markAccountsSeen(
  trx: Db,
  ids: readonly string[],
  snapshotId: string,
): Promise<void> {
  await trx
    .updateTable('accounts')
    .set({ seen_snapshot_id: snapshotId })
    .where('id', 'in', ids)
    .execute()
}

/** Marks the given accounts removed: one IN list. */
export async function markAccountsRemoved(
  trx: Db,
  ids: readonly string[],
  now: string,
): Promise<void> {
  await trx
    .updateTable('accounts')
    .set({ removed_at: now, updated_at: now })
    .where('id', 'in', ids)
    .execute()
}

type Sweep = { appId: string; snapshotId: string }

/** Live accounts of the app the complete listing of this snapshot did not return. */
function missingQuery(db: Db, scope: Sweep) {
  return db
    .selectFrom('accounts')
    .where('app_id', '=', scope.appId)
    .where('removed_at', 'is', null)
    .where((eb) =>
      eb.or([eb('seen_snapshot_id', 'is', null), eb('seen_snapshot_id', '<>', scope.snapshotId)]),
    )
}

/** How many live accounts the snapshot missed, and how many the app has live. */
export async function countMissingAndLive(db: Db, scope: Sweep) {
  const missing = await missingQuery(db, scope)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const live = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('app_id', '=', scope.appId)
    .where('removed_at', 'is', null)
    .executeTakeFirstOrThrow()
  return { missing: Number(missing.n), live: Number(live.n) }
}

/** The first `limit` accounts the snapshot missed, by id. */
export async function missingAccounts(db: Db, scope: Sweep, limit: number) {
  return missingQuery(db, scope)
    .select(['id', 'person_id', 'user_name'])
    .orderBy('id')
    .limit(limit)
    .execute()
}

/**
 * The app's live accounts whose email or userName key is `key` (lower-cased): how the graph
 * shows whether a task's change happened. For the tasks domain, through the graph's index.
 */
export async function liveAccountsByKey(
  db: Db,
  appId: string,
  key: string,
): Promise<{ active: number; attributes: unknown }[]> {
  return db
    .selectFrom('accounts')
    .select(['active', 'attributes'])
    .where('app_id', '=', appId)
    .where('removed_at', 'is', null)
    .where((eb) => eb.or([eb('email_key', '=', key), eb('user_name_key', '=', key)]))
    .execute()
}

/** A live, active account of the person in any app of the workspace, if one is left. */
export async function activeAccountOf(
  db: Db,
  workspaceId: string,
  personId: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('accounts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('person_id', '=', personId)
    .where('active', '=', 1)
    .where('removed_at', 'is', null)
    .executeTakeFirst()
}
