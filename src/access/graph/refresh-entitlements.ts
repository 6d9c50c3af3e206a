import type { CatalogEntry } from '../../integrations/catalog/index.js'
import type { RemoteEntitlement } from '../../integrations/connectors/index.js'
import type { Db } from '../../platform/store/index.js'
import type { IdGenerator } from '../../shared/ids.js'
import { type EntitlementRecord, toEntitlementRecord } from './entitlement-record.js'
import type { EntitlementCounts } from './entitlement-types.js'
import {
  entitlementsByRemoteId,
  insertEntitlements,
  markEntitlementsSeen,
  updateEntitlement,
} from './entitlements-store.js'
import { chunks } from './graph-store.js'

export type EntitlementPageContext = {
  readonly workspaceId: string
  readonly appId: string
  readonly snapshotId: string
  readonly now: string
  readonly ids: IdGenerator
  readonly entry?: CatalogEntry | undefined
}

type Existing = Awaited<ReturnType<typeof entitlementsByRemoteId>>[number]

/**
 * Writes one page of an app's entitlements inside the caller's transaction, upserted by
 * (app, remote id): new ones inserted, changed or returning ones rewritten (the fingerprint
 * says which), unchanged ones cost one batched "seen" update. Counting only what this snapshot
 * had not seen yet keeps a resumed page from counting twice.
 */
export async function writeEntitlementPage(
  trx: Db,
  context: EntitlementPageContext,
  items: readonly RemoteEntitlement[],
  counts: EntitlementCounts,
): Promise<void> {
  const records = [
    ...new Map(items.map((i) => [i.id, toEntitlementRecord(i, context.entry)])).values(),
  ]
  const existing = new Map<string, Existing>()
  for (const part of chunks(records.map((r) => r.remoteId)))
    for (const row of await entitlementsByRemoteId(trx, context.appId, part))
      existing.set(row.remote_id, row)
  const fresh = records.filter((r) => !existing.has(r.remoteId))
  const rows = fresh.map((record) => ({
    id: context.ids.next(),
    workspace_id: context.workspaceId,
    app_id: context.appId,
    remote_id: record.remoteId,
    ...columns(record, context.now),
    seen_snapshot_id: context.snapshotId,
    first_seen_at: context.now,
  }))
  for (const part of chunks(rows, 200)) await insertEntitlements(trx, part)
  const unchanged: string[] = []
  for (const record of records) {
    const row = existing.get(record.remoteId)
    if (!row) continue
    if (row.fingerprint === record.fingerprint && row.removed_at === null) unchanged.push(row.id)
    else
      await updateEntitlement(trx, row.id, {
        ...columns(record, context.now),
        seen_snapshot_id: context.snapshotId,
      })
  }
  for (const part of chunks(unchanged)) await markEntitlementsSeen(trx, part, context.snapshotId)
  counts.entitlements +=
    fresh.length +
    records.filter((r) => {
      const seenBy = existing.get(r.remoteId)?.seen_snapshot_id
      return existing.has(r.remoteId) && seenBy !== context.snapshotId
    }).length
}

function columns(record: EntitlementRecord, now: string) {
  return {
    kind: record.kind,
    display_name: record.displayName,
    description: record.description,
    privileged: record.privileged ? 1 : 0,
    attributes: JSON.stringify(record.attributes),
    fingerprint: record.fingerprint,
    removed_at: null,
    updated_at: now,
  }
}
