import type { Db, NewRow } from '../../platform/store/index.js'

/** Queries of `account_changes`: what each refresh changed (the graph's own). */

/** One multi-row insert; a change already recorded (a resumed page) is kept. */
export async function insertAccountChanges(
  trx: Db,
  rows: readonly NewRow<'account_changes'>[],
): Promise<void> {
  await trx
    .insertInto('account_changes')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute()
}

/** A snapshot's changes in the order they happened (at most 10,000). */
export async function listAccountChanges(db: Db, snapshotId: string) {
  return db
    .selectFrom('account_changes')
    .selectAll()
    .where('snapshot_id', '=', snapshotId)
    .orderBy('at')
    .orderBy('account_id')
    .limit(10_000)
    .execute()
}
