import type { EventLog } from '../../platform/events/index.js'
import type { Db } from '../../platform/store/index.js'
import type { GrantChangeKind } from './entitlement-types.js'
import { insertGrantChanges } from './grants-store.js'
import { chunks } from './graph-store.js'

/** The entitlement a grant change is about, in the words events carry. */
export type GrantedEntitlement = {
  readonly id: string
  readonly remoteId: string
  readonly displayName: string
  readonly kind: string
  readonly privileged: boolean
}

export type GrantChangeInput = {
  readonly accountId: string
  readonly personId: string | null
  readonly entitlement: GrantedEntitlement
  readonly change: GrantChangeKind
}

/**
 * Writes what a refresh changed in an app's grants, inside the change's transaction, as account
 * changes are written: one `grant_changes` row each and one `grant.<change>` event each whose
 * subject is the account (with its person), so a consumer of `account.*` reads these alike.
 */
export async function recordGrantChanges(
  trx: Db,
  events: EventLog,
  scope: { workspaceId: string; appId: string; snapshotId: string; now: string },
  changes: readonly GrantChangeInput[],
): Promise<void> {
  if (changes.length === 0) return
  const rows = changes.map((c) => ({
    snapshot_id: scope.snapshotId,
    workspace_id: scope.workspaceId,
    app_id: scope.appId,
    entitlement_id: c.entitlement.id,
    account_id: c.accountId,
    change: c.change,
    at: scope.now,
  }))
  for (const part of chunks(rows, 400)) await insertGrantChanges(trx, part)
  await events.appendMany(
    trx,
    changes.map((c) => ({
      workspaceId: scope.workspaceId,
      sourceId: scope.appId,
      type: `grant.${c.change}`,
      subject: { type: 'account', id: c.accountId },
      data: {
        appId: scope.appId,
        accountId: c.accountId,
        personId: c.personId,
        entitlementId: c.entitlement.id,
        entitlement: {
          remoteId: c.entitlement.remoteId,
          displayName: c.entitlement.displayName,
          kind: c.entitlement.kind,
          privileged: c.entitlement.privileged,
        },
        snapshotId: scope.snapshotId,
      },
    })),
  )
}
