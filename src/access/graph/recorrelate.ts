import type { EventLog } from '../../platform/events/index.js'
import { type Db, decodeJson, type Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import { accountKeys } from './account-record.js'
import { unlinkedAccountsPage, updateAccount } from './accounts-store.js'
import {
  correlateAccounts,
  type LinkScope,
  linkColumns,
  writeCandidates,
} from './correlate-accounts.js'
import type { Decision } from './correlation.js'
import { recordChanges } from './graph-changes.js'
import { BATCH } from './graph-store.js'
import type { AccountAttributes } from './types.js'

type Deps = { db: Db; transact: Transact; clock: Clock; events: EventLog }

/**
 * Decides again, chunk by chunk, for the app's accounts that no rule has linked (orphans and
 * ambiguities; manual decisions stay). Returns how many changed state.
 */
export async function recorrelateApp(deps: Deps, scope: LinkScope): Promise<number> {
  let after = ''
  let changed = 0
  for (;;) {
    const rows = await unlinkedAccountsPage(deps.db, scope.appId, after, BATCH)
    if (rows.length === 0) return changed
    after = rows.at(-1)?.id ?? after
    const states = new Map(rows.map((r) => [r.id, r.link_state]))
    changed += await deps.transact(async (trx) => {
      const targets = rows.map((r) => ({
        accountId: r.id,
        keys: accountKeys(decodeJson<AccountAttributes>(r.attributes)),
      }))
      const decisions = await correlateAccounts(trx, scope, targets)
      return applyDecisions(deps, trx, scope, decisions, states)
    })
  }
}

/** Writes the decisions that changed an account's state, and every ambiguity's candidates. */
async function applyDecisions(
  deps: Deps,
  trx: Db,
  scope: LinkScope,
  decisions: ReadonlyMap<string, Decision>,
  states: ReadonlyMap<string, string>,
): Promise<number> {
  const now = deps.clock.now().toISOString()
  const moved = [...decisions].filter(([id, d]) => d.kind !== states.get(id))
  for (const [id, decision] of moved) {
    await updateAccount(trx, id, { ...linkColumns(decision, now), updated_at: now })
  }
  await writeCandidates(trx, scope, decisions)
  const changes = moved.map(([accountId, d]) => ({
    accountId,
    personId: d.kind === 'linked' ? d.personId : null,
    change:
      d.kind === 'linked'
        ? ('linked' as const)
        : d.kind === 'ambiguous'
          ? ('ambiguous' as const)
          : ('orphaned' as const),
    after: d,
  }))
  await recordChanges(trx, deps.events, { ...scope, snapshotId: null, now }, changes)
  return moved.length
}
