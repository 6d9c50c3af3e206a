import type { EventLog } from '../../platform/events/index.js'
import type { Db, Transact } from '../../platform/store/index.js'
import { countMissingAndLive, markAccountsRemoved, missingAccounts } from './accounts-store.js'
import { recordChanges } from './graph-changes.js'
import { BATCH } from './graph-store.js'
import type { RefreshCounts } from './types.js'

/**
 * An app's listing that suddenly lacks many accounts is far more often a broken listing (an
 * expired token that answers an empty page, a filter the app ignored) than a mass removal; and a
 * graph that wrongly loses accounts would make the next plan create them again. So a complete
 * listing marks accounts removed only within this rule, never on an empty listing, and otherwise
 * holds the snapshot (ADR 0007): `sync --accept-gone` confirms.
 */
export const REMOVAL_SAFETY = { maxShare: 0.1, minAllowed: 5 } as const

export type RemovalCheck = {
  readonly listed: number
  readonly missing: number
  readonly live: number
  /** What is counted, for the message: the app's accounts, or its grants (issue 15). */
  readonly what?: 'accounts' | 'grants'
}

export function checkRemovals(
  check: RemovalCheck,
  accepted: boolean,
): { ok: true } | { ok: false; message: string } {
  if (accepted || check.missing === 0) return { ok: true }
  const what = check.what ?? 'accounts'
  if (check.listed === 0) {
    return {
      ok: false,
      message: `the app listed no ${what}; ${check.missing} would be marked removed`,
    }
  }
  const allowed = Math.max(
    REMOVAL_SAFETY.minAllowed,
    Math.floor(REMOVAL_SAFETY.maxShare * check.live),
  )
  if (check.missing <= allowed) return { ok: true }
  return {
    ok: false,
    message: `${check.missing} of ${check.live} ${what} were not listed (at most ${allowed} may be marked removed at once); nothing was marked. Re-run with --accept-gone if they are really gone`,
  }
}

type SweepDeps = { db: Db; transact: Transact; events: EventLog }
type SweepScope = { workspaceId: string; appId: string; snapshotId: string; now: string }

export async function countMissing(deps: SweepDeps, scope: SweepScope) {
  return countMissingAndLive(deps.db, scope)
}

/** Marks the missing accounts removed, a batch per transaction, with changes and events. */
export async function markMissingRemoved(
  deps: SweepDeps,
  scope: SweepScope,
  counts: RefreshCounts,
): Promise<void> {
  for (;;) {
    const batch = await missingAccounts(deps.db, scope, BATCH)
    if (batch.length === 0) return
    await deps.transact(async (trx) => {
      await markAccountsRemoved(
        trx,
        batch.map((row) => row.id),
        scope.now,
      )
      const changes = batch.map((row) => ({
        accountId: row.id,
        personId: row.person_id,
        change: 'removed' as const,
        before: { userName: row.user_name },
      }))
      await recordChanges(trx, deps.events, scope, changes)
    })
    counts.removed += batch.length
  }
}
