import type { Grant as RemoteGrant } from '../../integrations/connectors/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Db } from '../../platform/store/index.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { EntitlementCounts } from './entitlement-types.js'
import { seenEntitlementsByRemoteId } from './entitlements-store.js'
import {
  type GrantChangeInput,
  type GrantedEntitlement,
  recordGrantChanges,
} from './grant-changes.js'
import {
  grantsBetween,
  insertGrants,
  markGrantsSeen,
  seenAccountsByRemoteId,
} from './grants-store.js'
import { chunks } from './graph-store.js'

export type GrantPageContext = {
  readonly workspaceId: string
  readonly appId: string
  readonly snapshotId: string
  readonly now: string
  readonly ids: IdGenerator
  readonly events: EventLog
}

type Account = { id: string; personId: string | null }
type Resolved = { entitlement: GrantedEntitlement; account: Account }

/**
 * Writes one page of an app's grants inside the caller's transaction, upserted by (entitlement,
 * account). A grant links only to an account and an entitlement this snapshot's listing
 * returned: one naming anything else is skipped and counted, never invented. New grants are
 * `added`, returning ones `restored` (with their changes and events); already-live ones cost a
 * batched "seen" update. Counting only what this snapshot had not seen keeps counts exact.
 */
export async function writeGrantPage(
  trx: Db,
  context: GrantPageContext,
  items: readonly RemoteGrant[],
  counts: EntitlementCounts,
): Promise<void> {
  const unique = [...new Map(items.map((g) => [`${g.entitlementId}\n${g.accountId}`, g])).values()]
  const { resolved, skipped } = await resolve(trx, context, unique)
  counts.grantsSkipped += skipped
  if (resolved.length === 0) return
  const existing = await existingGrants(trx, resolved)
  const changes: GrantChangeInput[] = []
  const seen: string[] = []
  const restored: string[] = []
  const rows = []
  for (const { entitlement, account } of resolved) {
    const row = existing.get(key(entitlement.id, account.id))
    if (row?.seen_snapshot_id === context.snapshotId && row.removed_at === null) continue
    const change = !row ? 'added' : row.removed_at !== null ? 'restored' : undefined
    if (row) (change === 'restored' ? restored : seen).push(row.id)
    else
      rows.push({
        id: context.ids.next(),
        workspace_id: context.workspaceId,
        app_id: context.appId,
        entitlement_id: entitlement.id,
        account_id: account.id,
        seen_snapshot_id: context.snapshotId,
        first_seen_at: context.now,
        removed_at: null,
      })
    if (change)
      changes.push({ accountId: account.id, personId: account.personId, entitlement, change })
  }
  for (const part of chunks(rows, 200)) await insertGrants(trx, part)
  for (const part of chunks(seen)) await markGrantsSeen(trx, part, context.snapshotId)
  for (const part of chunks(restored))
    await markGrantsSeen(trx, part, context.snapshotId, context.now)
  await recordGrantChanges(trx, context.events, context, changes)
  counts.grantsSeen += rows.length + seen.length + restored.length
  counts.grantsAdded += changes.filter((c) => c.change === 'added').length
  counts.grantsRestored += changes.filter((c) => c.change === 'restored').length
}

const key = (entitlementId: string, accountId: string) => `${entitlementId}\n${accountId}`

async function resolve(
  trx: Db,
  context: GrantPageContext,
  grants: readonly RemoteGrant[],
): Promise<{ resolved: Resolved[]; skipped: number }> {
  const entitlements = new Map<string, GrantedEntitlement>()
  for (const part of chunks([...new Set(grants.map((g) => g.entitlementId))]))
    for (const row of await seenEntitlementsByRemoteId(trx, context, part))
      entitlements.set(row.remote_id, {
        id: row.id,
        remoteId: row.remote_id,
        displayName: row.display_name,
        kind: row.kind,
        privileged: row.privileged === 1,
      })
  const accounts = new Map<string, Account>()
  for (const part of chunks([...new Set(grants.map((g) => g.accountId))]))
    for (const row of await seenAccountsByRemoteId(trx, context, part))
      accounts.set(row.remote_id, { id: row.id, personId: row.person_id })
  const resolved: Resolved[] = []
  for (const grant of grants) {
    const entitlement = entitlements.get(grant.entitlementId)
    const account = accounts.get(grant.accountId)
    if (entitlement && account) resolved.push({ entitlement, account })
  }
  return { resolved, skipped: grants.length - resolved.length }
}

async function existingGrants(trx: Db, resolved: readonly Resolved[]) {
  const found = new Map<string, Awaited<ReturnType<typeof grantsBetween>>[number]>()
  const entitlementIds = [...new Set(resolved.map((r) => r.entitlement.id))]
  const accountIds = [...new Set(resolved.map((r) => r.account.id))]
  // Few entitlements per page (a group's members come together): the product stays small.
  for (const entitlementPart of chunks(entitlementIds, 100))
    for (const accountPart of chunks(accountIds, 400))
      for (const row of await grantsBetween(trx, entitlementPart, accountPart))
        found.set(key(row.entitlement_id, row.account_id), row)
  return found
}
