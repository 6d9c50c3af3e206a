import type { Db } from '../../platform/store/index.js'
import { describeGrantRule, type GrantRule } from '../apps/index.js'
import type { GrantException } from './grant-chunk-store.js'
import type { PairOverrides } from './overrides.js'
import { requestEvidence, revokeEvidence, sourceWords } from './overrides.js'
import { grantReasonWithoutRules, type Inclusion } from './person-access-words.js'

/**
 * The reason a grant exists (issue 15): a grant rule that gives it to the person now (`rule`),
 * an approved access request until a time (`request`, issue 18), an admin's exception that keeps
 * it (`exception`), a review that revoked it (`revoked`: the next plan removes it whatever the
 * rules say), or none (found in the app's listing; the next plan removes it). Read the same way
 * reconciliation decides it.
 */
export type GrantReason = {
  readonly kind: 'rule' | 'request' | 'exception' | 'revoked' | 'none'
  readonly words: string
  /** kind `rule`: which rule, in words. */
  readonly rule?: { readonly id: string; readonly text: string }
  /** kind `exception`: why it is kept, and until when. */
  readonly exception?: { readonly id: string; readonly reason: string; readonly expiresAt: string }
  /** kind `request`: the request (its id), the override it wrote, until when. */
  readonly request?: ReturnType<typeof requestEvidence>
  /** kind `revoked`: the review (its id), the override, why and when. */
  readonly revoked?: ReturnType<typeof revokeEvidence>
}

export type GrantReasonInput = {
  readonly appName: string
  readonly entitlementId: string
  readonly rules: readonly GrantRule[]
  /** Rule ids whose filter selects the person now. */
  readonly selected: ReadonlySet<string>
  readonly inclusion: Inclusion | undefined
  readonly exception: GrantException | undefined
  /** The person's access overrides in this app (issue 18). */
  readonly overrides?: PairOverrides | undefined
  readonly now: string
}

/**
 * Pure, in reconciliation's order: a review's revoke outranks everything, then the first rule
 * that grants it, then an approved request, then an exception, else none (saying what expired).
 */
export function grantReason(input: GrantReasonInput): GrantReason {
  const { inclusion } = input
  const entitled =
    inclusion?.assigned === true && inclusion.status === 'active' && !inclusion.offboarded
  const decisive = input.overrides?.entitlements.get(input.entitlementId)
  if (decisive?.effect === 'revoke') {
    const { ref } = decisive
    return {
      kind: 'revoked',
      words: `Revoked by ${sourceWords(ref)}: ${ref.reason}; the next plan removes it`,
      revoked: revokeEvidence(ref),
    }
  }
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
  if (entitled && decisive?.effect === 'grant') {
    const { ref } = decisive
    return {
      kind: 'request',
      words: `Granted by ${sourceWords(ref)}, until ${ref.until}`,
      request: requestEvidence(ref),
    }
  }
  return keptOrNone(input, entitled, matching)
}

function keptOrNone(
  input: GrantReasonInput,
  entitled: boolean,
  matching: readonly GrantRule[],
): GrantReason {
  if (input.exception) {
    const { id, reason, expiresAt } = input.exception
    return {
      kind: 'exception',
      words: `Kept by an exception until ${expiresAt}: ${reason}`,
      exception: { id, reason, expiresAt },
    }
  }
  const request = input.overrides?.expired.get(input.entitlementId)
  if (request)
    return {
      kind: 'none',
      words: `${capitalized(sourceWords(request))} granted it until ${request.until}: expired; the next plan removes it`,
    }
  const expired = entitled ? matching.find((r) => r.until !== undefined) : undefined
  if (expired)
    return {
      kind: 'none',
      words: `The rule ${describeGrantRule(expired)} expired at ${expired.until}: the next plan removes it`,
    }
  return grantReasonWithoutRules(input.appName)
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

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
