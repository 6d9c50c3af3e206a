import type { Db, NewRow, Row } from '../../platform/store/index.js'

/** Queries of `access_request_policies` (this domain's own): one per app ('') or entitlement. */

export type PolicyRow = Row<'access_request_policies'>

/** The app's policies: its own (`entitlement_key` '') and its entitlements'. */
export async function policiesOf(db: Db, workspaceId: string, appId: string): Promise<PolicyRow[]> {
  return db
    .selectFrom('access_request_policies')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('app_id', '=', appId)
    .orderBy('entitlement_key')
    .execute()
}

/** Replaces the app's policies with these rows (in the caller's transaction). */
export async function replacePolicies(
  trx: Db,
  workspaceId: string,
  appId: string,
  rows: readonly NewRow<'access_request_policies'>[],
): Promise<void> {
  await trx
    .deleteFrom('access_request_policies')
    .where('workspace_id', '=', workspaceId)
    .where('app_id', '=', appId)
    .execute()
  if (rows.length > 0)
    await trx
      .insertInto('access_request_policies')
      .values([...rows])
      .execute()
}
