import type { Db, NewRow, RowUpdate } from '../../platform/store/index.js'

/**
 * Writes and refresh-time reads of the `entitlements` table (the graph's own). Writes take the
 * caller's transaction; callers chunk IN lists (graph-store's `chunks`).
 */

/** The app's entitlements (removed ones too) with the given remote ids: one IN list. */
export async function entitlementsByRemoteId(trx: Db, appId: string, remoteIds: readonly string[]) {
  return trx
    .selectFrom('entitlements')
    .select(['id', 'remote_id', 'fingerprint', 'removed_at', 'seen_snapshot_id'])
    .where('app_id', '=', appId)
    .where('remote_id', 'in', remoteIds)
    .execute()
}

/** The entitlements this snapshot's listing returned, by remote id: what a grant may name. */
export async function seenEntitlementsByRemoteId(
  trx: Db,
  scope: { appId: string; snapshotId: string },
  remoteIds: readonly string[],
) {
  return trx
    .selectFrom('entitlements')
    .select(['id', 'remote_id', 'display_name', 'kind', 'privileged'])
    .where('app_id', '=', scope.appId)
    .where('seen_snapshot_id', '=', scope.snapshotId)
    .where('remote_id', 'in', remoteIds)
    .execute()
}

/** One multi-row insert. */
export async function insertEntitlements(
  trx: Db,
  rows: readonly NewRow<'entitlements'>[],
): Promise<void> {
  await trx.insertInto('entitlements').values(rows).execute()
}

/** Sets columns of one entitlement (a changed or restored one: few per refresh). */
export async function updateEntitlement(
  trx: Db,
  id: string,
  set: RowUpdate<'entitlements'>,
): Promise<void> {
  await trx.updateTable('entitlements').set(set).where('id', '=', id).execute()
}

/** Marks unchanged entitlements seen by a snapshot: one IN list. */
export async function markEntitlementsSeen(
  trx: Db,
  ids: readonly string[],
  snapshotId: string,
): Promise<void> {
  await trx
    .updateTable('entitlements')
    .set({ seen_snapshot_id: snapshotId })
    .where('id', 'in', ids)
    .execute()
}

/**
 * Marks removed the app's live entitlements a complete listing did not return; how many.
 * Their grants are swept (with changes and events) by the grant sweep, not here.
 */
export async function markUnseenEntitlementsRemoved(
  trx: Db,
  scope: { appId: string; snapshotId: string; now: string },
): Promise<number> {
  const result = await trx
    .updateTable('entitlements')
    .set({ removed_at: scope.now, updated_at: scope.now })
    .where('app_id', '=', scope.appId)
    .where('removed_at', 'is', null)
    .where((eb) =>
      eb.or([eb('seen_snapshot_id', 'is', null), eb('seen_snapshot_id', '<>', scope.snapshotId)]),
    )
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
