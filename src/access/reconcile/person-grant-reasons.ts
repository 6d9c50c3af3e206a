import type { Db } from '../../platform/store/index.js'
import { describeGrantRule, type GrantRule } from '../apps/index.js'
import type { GrantException } from './grant-chunk-store.js'
import { grantReasonWithoutRules, type Inclusion } from './person-access-words.js'

/**
 * The reason a grant exists (issue 15): a grant rule that gives it to the person now (`rule`),
 * an admin's exception that keeps it (`exception`), or none (found in the app's listing; the
 * next plan removes it). Read the same way reconciliation decides it.
 */
export type GrantReason = {
  readonly kind: 'rule' | 'exception' | 'none'
  readonly words: string
  /** kind `rule`: which rule, in words. */
  readonly rule?: { readonly id: string; readonly text: string }
  /** kind `exception`: why it is kept, and until when. */
  readonly exception?: { readonly id: string; readonly reason: string; readonly expiresAt: string }
}

export type GrantReasonInput = {
  readonly appName: string
  readonly entitlementId: string
  readonly rules: readonly GrantRule[]
  /** Rule ids whose filter selects the person now. */
  readonly selected: ReadonlySet<string>
  readonly inclusion: Inclusion | undefined
  readonly exception: GrantException | undefined
  readonly now: string
}

/** Pure: the first rule that grants it wins, then an exception, else none. */
export function grantReason(input: GrantReasonInput): GrantReason {
  const { inclusion } = input
  const entitled =
    inclusion?.assigned === true && inclusion.status === 'active' && !inclusion.offboarded
  const at = Date.parse(input.now)
  const matching = input.rules.filter(
    (r) =>
      r.entitlementId === input.entitlementId &&
      (r.filter === undefined || input.selected.has(r.id)),
  )
  const live = entitled
    ? matching.find((r) => r.until === undefined || Date.parse(r.until) > at)
    : undefined
  if (live) {
    const text = describeGrantRule(live)
    return { kind: 'rule', words: `Granted by the rule ${text}`, rule: { id: live.id, text } }
  }
  if (input.exception) {
    const { id, reason, expiresAt } = input.exception
    return {
      kind: 'exception',
      words: `Kept by an exception until ${expiresAt}: ${reason}`,
      exception: { id, reason, expiresAt },
    }
  }
  const expired = entitled ? matching.find((r) => r.until !== undefined) : undefined
  if (expired)
    return {
      kind: 'none',
      words: `The rule ${describeGrantRule(expired)} expired at ${expired.until}: the next plan removes it`,
    }
  return grantReasonWithoutRules(input.appName)
}

/** account id → entitlement id → the active exception, for one person's accounts. */
export async function activeExceptions(
  db: Db,
  workspaceId: string,
  accountIds: readonly string[],
  now: string,
): Promise<Map<string, Map<string, GrantException>>> {
  const byAccount = new Map<string, Map<string, GrantException>>()
  if (accountIds.length === 0) return byAccount
  const rows = await db
    .selectFrom('grant_exceptions')
    .select(['id', 'account_id', 'entitlement_id', 'reason', 'expires_at'])
    .where('workspace_id', '=', workspaceId)
    .where('account_id', 'in', [...accountIds])
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('expires_at')
    .execute()
  for (const row of rows) {
    const map = byAccount.get(row.account_id) ?? new Map<string, GrantException>()
    map.set(row.entitlement_id, { id: row.id, reason: row.reason, expiresAt: row.expires_at })
    byAccount.set(row.account_id, map)
  }
  return byAccount
}
