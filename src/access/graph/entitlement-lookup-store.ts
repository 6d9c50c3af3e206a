import type { Db } from '../../platform/store/index.js'

/**
 * Reads for the domains that name an app's entitlements and grants (issue 15): the apps domain
 * resolves a grant rule's `entitlement` against them, reconciliation checks that a grant kept by
 * an exception is still held. Read only; the graph's refresh writes these tables.
 */

/** An entitlement as a grant rule names it; removed ones too, so an error can say "removed". */
export type EntitlementRef = {
  readonly id: string
  readonly remoteId: string
  readonly displayName: string
  readonly kind: string
  readonly privileged: boolean
  readonly removedAt: string | null
}

/** Every entitlement of one app (live and removed), by display name. */
export async function entitlementRefsOf(
  db: Db,
  workspaceId: string,
  appId: string,
): Promise<EntitlementRef[]> {
  const rows = await db
    .selectFrom('entitlements')
    .select(['id', 'remote_id', 'display_name', 'kind', 'privileged', 'removed_at'])
    .where('workspace_id', '=', workspaceId)
    .where('app_id', '=', appId)
    .orderBy('display_name')
    .orderBy('id')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    remoteId: row.remote_id,
    displayName: row.display_name,
    kind: row.kind,
    privileged: row.privileged === 1,
    removedAt: row.removed_at,
  }))
}

/** A live grant: the account holds the entitlement now, and neither was removed. */
export type LiveGrant = {
  readonly grantId: string
  readonly entitlementId: string
  readonly entitlementName: string
  readonly accountId: string
  readonly userName: string
  readonly personId: string | null
}

/** The live grant of `entitlementId` to `accountId` in the app, if the last listing showed it. */
export async function liveGrantOf(
  db: Db,
  workspaceId: string,
  appId: string,
  grant: { readonly entitlementId: string; readonly accountId: string },
): Promise<LiveGrant | undefined> {
  const row = await db
    .selectFrom('grants as g')
    .innerJoin('entitlements as e', 'e.id', 'g.entitlement_id')
    .innerJoin('accounts as a', 'a.id', 'g.account_id')
    .select(['g.id', 'e.display_name', 'a.user_name', 'a.person_id'])
    .where('g.workspace_id', '=', workspaceId)
    .where('g.app_id', '=', appId)
    .where('g.entitlement_id', '=', grant.entitlementId)
    .where('g.account_id', '=', grant.accountId)
    .where('g.removed_at', 'is', null)
    .where('e.removed_at', 'is', null)
    .where('a.removed_at', 'is', null)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    grantId: row.id,
    entitlementId: grant.entitlementId,
    entitlementName: row.display_name,
    accountId: grant.accountId,
    userName: row.user_name,
    personId: row.person_id,
  }
}
