import { ENTITLEMENT_KINDS, type EntitlementKind } from '../../integrations/catalog/index.js'
import type { Db } from '../../platform/store/index.js'
import type { AppsService } from '../apps/index.js'
import {
  type EntitlementFilter,
  type EntitlementRow,
  findEntitlementRow,
  grantRowsOfAccounts,
  holderRows,
  listEntitlementRows,
  personAccountRows,
} from './entitlement-reads-store.js'
import { graphErrors } from './graph-errors.js'
import type { LinkKind, LinkState } from './types.js'

/** Every entitlement kind, in the order the API documents them (the catalog's list). */
export { ENTITLEMENT_KINDS }

/** An entitlement as the API shows it (docs: the entitlements wire contract). */
export type EntitlementView = {
  readonly id: string
  readonly remoteId: string
  readonly kind: EntitlementKind
  readonly displayName: string
  readonly description: string | null
  readonly privileged: boolean
  /** Live grants. */
  readonly members: number
  readonly firstSeenAt: string
  readonly removedAt: string | null
}

/** An account that holds an entitlement, and whose it is. */
export type EntitlementHolder = {
  readonly accountId: string
  readonly userName: string
  readonly personId: string | null
  readonly personName: string | null
  readonly personEmail: string | null
  /** When the grant was first seen. */
  readonly since: string
}

/** One account of a person, as the person access view needs it. */
export type PersonAccountRecord = {
  readonly id: string
  readonly appId: string
  readonly remoteId: string
  readonly userName: string
  readonly active: boolean
  readonly linkState: LinkState
  readonly linkKind: LinkKind | null
  readonly linkRule: string | null
  readonly removedAt: string | null
}

/** One live grant of a person's account, with its entitlement. */
export type PersonGrantRecord = {
  readonly id: string
  readonly appId: string
  readonly accountId: string
  readonly entitlementId: string
  readonly entitlementName: string
  readonly kind: EntitlementKind
  readonly privileged: boolean
  readonly since: string
}

export function toEntitlementView(row: EntitlementRow): EntitlementView {
  return {
    id: row.id,
    remoteId: row.remote_id,
    kind: row.kind as EntitlementKind,
    displayName: row.display_name,
    description: row.description,
    privileged: Number(row.privileged) === 1,
    members: row.members,
    firstSeenAt: row.first_seen_at,
    removedAt: row.removed_at,
  }
}

export type EntitlementReadsDeps = {
  readonly db: Db
  /** An unknown app (or one of another workspace) is the apps domain's 404. */
  readonly apps: Pick<AppsService, 'get'>
}

export type EntitlementReads = ReturnType<typeof createEntitlementReads>

/**
 * What the graph knows of an app's entitlements and who holds them, read only: the API's
 * `/api/apps/:id/entitlements…` and `rollcall entitlements list`. Everything is scoped to the
 * caller's workspace; another workspace's app or entitlement is a 404, never data.
 */
export function createEntitlementReads(deps: EntitlementReadsDeps) {
  return {
    async list(
      workspaceId: string,
      appId: string,
      filter: EntitlementFilter = {},
    ): Promise<EntitlementView[]> {
      const app = await deps.apps.get(workspaceId, appId)
      const rows = await listEntitlementRows(deps.db, workspaceId, app.id, filter)
      return rows.map(toEntitlementView)
    },

    async holders(
      workspaceId: string,
      appId: string,
      entitlementId: string,
    ): Promise<{ entitlement: EntitlementView; items: EntitlementHolder[] }> {
      const app = await deps.apps.get(workspaceId, appId)
      const row = await findEntitlementRow(deps.db, workspaceId, app.id, entitlementId)
      if (!row)
        throw graphErrors.error(
          'GRAPH_ENTITLEMENT_NOT_FOUND',
          `No entitlement '${entitlementId}' in ${app.name}.`,
        )
      const holders = await holderRows(deps.db, workspaceId, row.id)
      return {
        entitlement: toEntitlementView(row),
        items: holders.map((h) => ({
          accountId: h.account_id,
          userName: h.user_name,
          personId: h.person_id,
          personName: h.person_name ?? null,
          personEmail: h.person_email ?? null,
          since: h.first_seen_at,
        })),
      }
    },
  }
}

/** Every account of a person (live or removed), across the workspace's apps. */
export async function personAccounts(
  db: Db,
  workspaceId: string,
  personId: string,
): Promise<PersonAccountRecord[]> {
  const rows = await personAccountRows(db, workspaceId, personId)
  return rows.map((row) => ({
    id: row.id,
    appId: row.app_id,
    remoteId: row.remote_id,
    userName: row.user_name,
    active: Number(row.active) === 1,
    linkState: row.link_state as LinkState,
    linkKind: row.link_kind as LinkKind | null,
    linkRule: row.link_rule,
    removedAt: row.removed_at,
  }))
}

/** The live grants of these accounts with their entitlements, by entitlement name. */
export async function grantsOfAccounts(
  db: Db,
  workspaceId: string,
  accountIds: readonly string[],
): Promise<PersonGrantRecord[]> {
  const rows = await grantRowsOfAccounts(db, workspaceId, accountIds)
  return rows.map((row) => ({
    id: row.id,
    appId: row.app_id,
    accountId: row.account_id,
    entitlementId: row.entitlement_id,
    entitlementName: row.display_name,
    kind: row.kind as EntitlementKind,
    privileged: Number(row.privileged) === 1,
    since: row.first_seen_at,
  }))
}
