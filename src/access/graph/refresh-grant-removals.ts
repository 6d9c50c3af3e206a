import type { EventLog } from '../../platform/events/index.js'
import type { Db, Transact } from '../../platform/store/index.js'
import type { EntitlementCounts } from './entitlement-types.js'
import { markUnseenEntitlementsRemoved } from './entitlements-store.js'
import { recordGrantChanges } from './grant-changes.js'
import { countMissingAndLiveGrants, markGrantsRemoved, missingGrants } from './grants-store.js'
import { BATCH } from './graph-store.js'
import { checkRemovals } from './refresh-removals.js'

type SweepDeps = { db: Db; transact: Transact; events: EventLog }
type SweepScope = { workspaceId: string; appId: string; snapshotId: string; now: string }

/**
 * The accounts' removal safety rule, applied to grants: a complete listing that would strip many
 * of the app's live grants from accounts it still returned (groups that come back with no
 * members: an expired scope, a filter the app ignored) holds the snapshot, as `--accept-gone`
 * alone confirms. Grants of accounts the listing no longer returned follow their account.
 * Removals a plan applied (`expected`) do not count.
 */
export async function checkGrantRemovals(
  deps: SweepDeps,
  scope: SweepScope,
  counts: EntitlementCounts,
  options: { readonly accepted: boolean; readonly expected: number },
) {
  const { missing, live } = await countMissingAndLiveGrants(deps.db, scope)
  // What a plan removed on purpose is no sign of a broken listing: only the rest counts.
  const unexpected = Math.max(0, missing - options.expected)
  const check = { listed: counts.grantsSeen, missing: unexpected, live, what: 'grants' } as const
  return checkRemovals(check, options.accepted)
}

/**
 * Marks removed the live grants the complete listing did not return (a batch per transaction,
 * with `removed` changes and events), then the entitlements it did not return.
 */
export async function markMissingGrantsRemoved(
  deps: SweepDeps,
  scope: SweepScope,
  counts: EntitlementCounts,
): Promise<void> {
  for (;;) {
    const batch = await missingGrants(deps.db, scope, BATCH)
    if (batch.length === 0) break
    await deps.transact(async (trx) => {
      await markGrantsRemoved(
        trx,
        batch.map((row) => row.id),
        scope.now,
      )
      const changes = batch.map((row) => ({
        accountId: row.account_id,
        personId: row.person_id,
        change: 'removed' as const,
        entitlement: {
          id: row.entitlement_id,
          remoteId: row.remote_id,
          displayName: row.display_name,
          kind: row.kind,
          privileged: row.privileged === 1,
        },
      }))
      await recordGrantChanges(trx, deps.events, scope, changes)
    })
    counts.grantsRemoved += batch.length
  }
  counts.entitlementsRemoved += await deps.transact((trx) =>
    markUnseenEntitlementsRemoved(trx, scope),
  )
}
