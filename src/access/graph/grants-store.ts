import type { Db, NewRow } from '../../platform/store/index.js'

/**
 * Writes and refresh-time reads of `grants` and `grant_changes` (the graph's own). Writes take
 * the caller's transaction; callers chunk IN lists (graph-store's `chunks`).
 */

type Sweep = { appId: string; snapshotId: string }

/** The accounts this snapshot's listing returned, by remote id: a grant links only to these. */
export async function seenAccountsByRemoteId(trx: Db, scope: Sweep, remoteIds: readonly string[]) {
  return trx
    .selectFrom('accounts')
    .select(['id', 'remote_id', 'person_id'])
    .where('app_id', '=', scope.appId)
    .where('seen_snapshot_id', '=', scope.snapshotId)
    .where('remote_id', 'in', remoteIds)
    .execute()
}

/** Grants (removed ones too) between these entitlements and these accounts: a superset. */
export async function grantsBetween(
  trx: Db,
  entitlementIds: readonly string[],
  accountIds: readonly string[],
) {
  return trx
    .selectFrom('grants')
    .select(['id', 'entitlement_id', 'account_id', 'removed_at', 'seen_snapshot_id'])
    .where('entitlement_id', 'in', entitlementIds)
    .where('account_id', 'in', accountIds)
    .execute()
}

export async function insertGrants(trx: Db, rows: readonly NewRow<'grants'>[]): Promise<void> {
  await trx.insertInto('grants').values(rows).execute()
}

/**
 * Marks grants seen by a snapshot: one IN list. Restored ones (removed, now back) are held anew
 * from `restoredAt`: a removal planned for the new holding is a new intent (its idempotency key
 * names when the grant was first seen), not the earlier removal already applied.
 */
export async function markGrantsSeen(
  trx: Db,
  ids: readonly string[],
  snapshotId: string,
  restoredAt?: string,
): Promise<void> {
  await trx
    .updateTable('grants')
    .set({
      seen_snapshot_id: snapshotId,
      removed_at: null,
      ...(restoredAt === undefined ? {} : { first_seen_at: restoredAt }),
    })
    .where('id', 'in', ids)
    .execute()
}

export async function insertGrantChanges(
  trx: Db,
  rows: readonly NewRow<'grant_changes'>[],
): Promise<void> {
  await trx.insertInto('grant_changes').values(rows).execute()
}

/** Live grants of the app this snapshot did not see. */
function unseenGrants(db: Db, scope: Sweep) {
  return db
    .selectFrom('grants as g')
    .where('g.app_id', '=', scope.appId)
    .where('g.removed_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('g.seen_snapshot_id', 'is', null),
        eb('g.seen_snapshot_id', '<>', scope.snapshotId),
      ]),
    )
}

/**
 * How many live grants of accounts the listing still returned it did not see (what the removal
 * safety rule weighs: grants of removed accounts follow their account), and how many are live.
 */
export async function countMissingAndLiveGrants(db: Db, scope: Sweep) {
  const missing = await unseenGrants(db, scope)
    .innerJoin('accounts as a', 'a.id', 'g.account_id')
    .where('a.seen_snapshot_id', '=', scope.snapshotId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const live = await db
    .selectFrom('grants')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('app_id', '=', scope.appId)
    .where('removed_at', 'is', null)
    .executeTakeFirstOrThrow()
  return { missing: Number(missing.n), live: Number(live.n) }
}

/** The first `limit` live grants the snapshot did not see, with whose account it is. */
export async function missingGrants(db: Db, scope: Sweep, limit: number) {
  return unseenGrants(db, scope)
    .innerJoin('accounts as a', 'a.id', 'g.account_id')
    .innerJoin('entitlements as e', 'e.id', 'g.entitlement_id')
    .select([
      'g.id',
      'g.entitlement_id',
      'g.account_id',
      'a.person_id',
      'e.remote_id',
      'e.display_name',
      'e.kind',
      'e.privileged',
    ])
    .orderBy('g.id')
    .limit(limit)
    .execute()
}

export async function markGrantsRemoved(
  trx: Db,
  ids: readonly string[],
  now: string,
): Promise<void> {
  await trx.updateTable('grants').set({ removed_at: now }).where('id', 'in', ids).execute()
}

/** What one snapshot changed in its app's grants, in the order written. */
export async function listGrantChanges(db: Db, snapshotId: string) {
  return db
    .selectFrom('grant_changes')
    .select(['snapshot_id', 'entitlement_id', 'account_id', 'change', 'at'])
    .where('snapshot_id', '=', snapshotId)
    .orderBy('at')
    .orderBy('entitlement_id')
    .orderBy('account_id')
    .execute()
}
