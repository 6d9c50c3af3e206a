import type { Db, NewRow } from '../../platform/store/index.js'

/** Queries of `account_candidates`: the people an ambiguous account matches (the graph's own). */

export async function listCandidates(db: Db, accountId: string) {
  return db
    .selectFrom('account_candidates')
    .select(['person_id', 'rule'])
    .where('account_id', '=', accountId)
    .orderBy('person_id')
    .execute()
}

/** Drops the candidates of the given accounts: one IN list. */
export async function deleteCandidates(trx: Db, accountIds: readonly string[]): Promise<void> {
  await trx.deleteFrom('account_candidates').where('account_id', 'in', accountIds).execute()
}

export async function deleteCandidatesOf(trx: Db, accountId: string): Promise<void> {
  await trx.deleteFrom('account_candidates').where('account_id', '=', accountId).execute()
}

/** One multi-row insert. */
export async function insertCandidates(
  trx: Db,
  rows: readonly NewRow<'account_candidates'>[],
): Promise<void> {
  await trx.insertInto('account_candidates').values(rows).execute()
}
