import type { Db, NewRow, Row } from '../../platform/store/index.js'

/**
 * Queries of `grant_exceptions` (this domain's own): an admin keeps one excess grant until it
 * expires or is revoked. Writes take the caller's transaction. "Active" is not revoked and not
 * yet expired at `now` (ISO instants compare as text: every one is written by toISOString).
 */

export type GrantExceptionRow = Row<'grant_exceptions'>

export async function insertGrantException(
  trx: Db,
  row: NewRow<'grant_exceptions'>,
): Promise<void> {
  await trx.insertInto('grant_exceptions').values(row).execute()
}

/** One exception of the workspace by id; of that app only when `appId` is given. */
export async function findGrantException(
  db: Db,
  workspaceId: string,
  id: string,
  appId?: string,
): Promise<GrantExceptionRow | undefined> {
  let query = db
    .selectFrom('grant_exceptions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
  if (appId !== undefined) query = query.where('app_id', '=', appId)
  return query.executeTakeFirst()
}

/** The active exception keeping one grant, if any. */
export async function activeExceptionFor(
  db: Db,
  workspaceId: string,
  grant: { appId: string; entitlementId: string; accountId: string },
  now: string,
): Promise<GrantExceptionRow | undefined> {
  return db
    .selectFrom('grant_exceptions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('app_id', '=', grant.appId)
    .where('account_id', '=', grant.accountId)
    .where('entitlement_id', '=', grant.entitlementId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
}

/**
 * An app's exceptions, newest first: the active ones at `now`, or (`all`) the ended ones too.
 * Reconciliation reads the active ones to plan no removal of the grants they keep.
 */
export async function listGrantExceptions(
  db: Db,
  workspaceId: string,
  appId: string,
  options: { now: string; all?: boolean },
): Promise<GrantExceptionRow[]> {
  return db
    .selectFrom('grant_exceptions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('app_id', '=', appId)
    .$if(options.all !== true, (query) =>
      query.where('revoked_at', 'is', null).where('expires_at', '>', options.now),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

/** Revokes it unless already revoked; true when this call revoked it. */
export async function revokeGrantException(
  trx: Db,
  id: string,
  revoked: { at: string; by: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('grant_exceptions')
    .set({ revoked_at: revoked.at, revoked_by: revoked.by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}
