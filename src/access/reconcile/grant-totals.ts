import type { AppRules } from './app-rules.js'
import type { HeldGrants } from './grant-chunk-store.js'
import type { OperationDraft } from './types.js'

/**
 * Live grants per app among accounts read (of entitlements the app still lists): what the
 * grant safety rule compares removals with.
 */
export function liveGrantCount(
  rules: readonly Pick<AppRules, 'app' | 'entitlements'>[],
  held: ReadonlyMap<string, HeldGrants>,
): Map<string, number> {
  const byApp = new Map(rules.map((r) => [r.app.id, r.entitlements]))
  const counts = new Map<string, number>()
  for (const account of held.values()) {
    const live = byApp.get(account.appId)
    if (!live) continue
    let n = 0
    for (const id of account.live.keys()) if (live.has(id)) n += 1
    if (n > 0) counts.set(account.appId, (counts.get(account.appId) ?? 0) + n)
  }
  return counts
}

/** Grants one operation takes away: a remove_grant, or those a deactivation removes first. */
export function countGrantRemovals(op: Pick<OperationDraft, 'payload'>): number {
  const { payload } = op
  if (payload.kind === 'remove_grant') return 1
  if (payload.kind === 'deactivate' || payload.kind === 'delete') return payload.grants?.length ?? 0
  if (payload.kind === 'task' && REMOVING_TASKS.has(payload.action))
    return payload.grants?.length ?? 0
  return 0
}

const REMOVING_TASKS = new Set(['deactivate_account', 'delete_account'])
