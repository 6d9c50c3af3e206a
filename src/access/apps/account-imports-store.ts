import type { Db, NewRow, Row } from '../../platform/store/index.js'

/** Queries of uploaded account lists (`account_imports`, `imported_accounts`): this domain's own. */

/** When the app's latest list was uploaded; undefined before the first upload. */
export async function latestAccountImport(
  db: Db,
  workspaceId: string,
  appId: string,
): Promise<{ imported_at: string } | undefined> {
  return db
    .selectFrom('account_imports')
    .select('imported_at')
    .where('app_id', '=', appId)
    .where('workspace_id', '=', workspaceId)
    .orderBy('imported_at', 'desc')
    .executeTakeFirst()
}

/** One page of the app's imported accounts, by account key. */
export async function importedAccountsPage(
  db: Db,
  appId: string,
  page: { after?: string | undefined; limit: number },
): Promise<Row<'imported_accounts'>[]> {
  return db
    .selectFrom('imported_accounts')
    .selectAll()
    .where('app_id', '=', appId)
    .$if(page.after !== undefined, (q) => q.where('account_key', '>', page.after ?? ''))
    .orderBy('account_key')
    .limit(page.limit)
    .execute()
}

/** Drops the app's previous list, inside the transaction that writes the new one. */
export async function deleteImportedAccounts(trx: Db, appId: string): Promise<void> {
  await trx.deleteFrom('imported_accounts').where('app_id', '=', appId).execute()
}

export async function insertImportedAccounts(
  trx: Db,
  rows: readonly NewRow<'imported_accounts'>[],
): Promise<void> {
  await trx.insertInto('imported_accounts').values(rows).execute()
}

export async function insertAccountImport(trx: Db, row: NewRow<'account_imports'>): Promise<void> {
  await trx.insertInto('account_imports').values(row).execute()
}

/** An upload of the app's user export after `after`, if any (verifies done tasks). */
export async function accountImportAfter(
  db: Db,
  appId: string,
  after: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('account_imports')
    .select('id')
    .where('app_id', '=', appId)
    .where('imported_at', '>', after)
    .executeTakeFirst()
}
