import { sql } from 'kysely'
import type { EntitlementKind } from '../../integrations/catalog/index.js'
import { type Db, likeContains } from '../../platform/store/index.js'

/**
 * Reads of the graph's entitlement tables (issue 15) for the API, the CLI and the person access
 * view; the graph's refresh writes them. Every read is scoped to the workspace, so an id of
 * another workspace reads as nothing. "Live" is `removed_at is null`.
 */

/** An entitlement row with its number of live grants. */
export type EntitlementRow = {
  readonly id: string
  readonly remote_id: string
  readonly kind: string
  readonly display_name: string
  readonly description: string | null
  readonly privileged: number
  readonly first_seen_at: string
  readonly removed_at: string | null
  readonly members: number
}

export type EntitlementFilter = {
  readonly kind?: EntitlementKind
  /** Case-insensitive "contains" on the display name or the app's own id. */
  readonly q?: string
  /** Removed ones too (by default only live ones). */
  readonly includeRemoved?: boolean
}

/**
 * Entitlements of one app with their member counts (one grouped count joined in, not one query
 * per entitlement), ordered by display name.
 */
function entitlementsWithMembers(db: Db, workspaceId: string, appId: string) {
  return db
    .selectFrom('entitlements as e')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('grants')
          .select(['entitlement_id', (g) => g.fn.countAll<number>().as('n')])
          .where('workspace_id', '=', workspaceId)
          .where('app_id', '=', appId)
          .where('removed_at', 'is', null)
          .groupBy('entitlement_id')
          .as('m'),
      (join) => join.onRef('m.entitlement_id', '=', 'e.id'),
    )
    .select([
      'e.id',
      'e.remote_id',
      'e.kind',
      'e.display_name',
      'e.description',
      'e.privileged',
      'e.first_seen_at',
      'e.removed_at',
      (eb) => eb.fn.coalesce('m.n', sql<number>`0`).as('members'),
    ])
    .where('e.workspace_id', '=', workspaceId)
    .where('e.app_id', '=', appId)
}

export async function listEntitlementRows(
  db: Db,
  workspaceId: string,
  appId: string,
  filter: EntitlementFilter,
): Promise<EntitlementRow[]> {
  const q = filter.q?.trim()
  const rows = await entitlementsWithMembers(db, workspaceId, appId)
    .$if(filter.kind !== undefined, (query) => query.where('e.kind', '=', filter.kind ?? ''))
    .$if(filter.includeRemoved !== true, (query) => query.where('e.removed_at', 'is', null))
    .$if(q !== undefined && q !== '', (query) => {
      const pattern = likeContains(q ?? '')
      return query.where(
        sql<boolean>`(lower(e.display_name) like ${pattern} escape '\\' or lower(e.remote_id) like ${pattern} escape '\\')`,
      )
    })
    .orderBy('e.display_name')
    .orderBy('e.id')
    .execute()
  return rows.map(withCount)
}

/** One entitlement of the app (live or removed) with its member count, if it is there. */
export async function findEntitlementRow(
  db: Db,
  workspaceId: string,
  appId: string,
  entitlementId: string,
): Promise<EntitlementRow | undefined> {
  const row = await entitlementsWithMembers(db, workspaceId, appId)
    .where('e.id', '=', entitlementId)
    .executeTakeFirst()
  return row ? withCount(row) : undefined
}

/** PostgreSQL counts as bigint (a string through pg); SQLite as a number. */
function withCount<T extends { members: unknown }>(row: T): T & { members: number } {
  return { ...row, members: Number(row.members ?? 0) }
}

/** Who holds an entitlement now: its live grants with the account and the linked person. */
export async function holderRows(db: Db, workspaceId: string, entitlementId: string) {
  return db
    .selectFrom('grants as g')
    .innerJoin('accounts as a', 'a.id', 'g.account_id')
    .leftJoin('people as p', (join) =>
      join.onRef('p.id', '=', 'a.person_id').onRef('p.workspace_id', '=', 'a.workspace_id'),
    )
    .select([
      'g.account_id',
      'g.first_seen_at',
      'a.user_name',
      'a.person_id',
      'p.display_name as person_name',
      'p.primary_email as person_email',
    ])
    .where('g.workspace_id', '=', workspaceId)
    .where('g.entitlement_id', '=', entitlementId)
    .where('g.removed_at', 'is', null)
    .orderBy('a.user_name_key')
    .orderBy('g.account_id')
    .execute()
}

/** Every account linked to the person (live or removed), in every app of the workspace. */
export async function personAccountRows(db: Db, workspaceId: string, personId: string) {
  return db
    .selectFrom('accounts')
    .select([
      'id',
      'app_id',
      'remote_id',
      'user_name',
      'active',
      'link_state',
      'link_kind',
      'link_rule',
      'first_seen_at',
      'removed_at',
    ])
    .where('workspace_id', '=', workspaceId)
    .where('person_id', '=', personId)
    .orderBy('app_id')
    .orderBy('first_seen_at')
    .execute()
}

/** The live grants of these accounts (one person's: a short list), with their entitlements. */
export async function grantRowsOfAccounts(
  db: Db,
  workspaceId: string,
  accountIds: readonly string[],
) {
  if (accountIds.length === 0) return []
  return db
    .selectFrom('grants as g')
    .innerJoin('entitlements as e', 'e.id', 'g.entitlement_id')
    .select([
      'g.id',
      'g.app_id',
      'g.account_id',
      'g.entitlement_id',
      'g.first_seen_at',
      'e.display_name',
      'e.kind',
      'e.privileged',
    ])
    .where('g.workspace_id', '=', workspaceId)
    .where('g.account_id', 'in', [...accountIds])
    .where('g.removed_at', 'is', null)
    .orderBy('e.display_name')
    .orderBy('g.id')
    .execute()
}
