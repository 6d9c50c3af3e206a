import type { AppRules } from './app-rules.js'
import type { AccountState, Outcome, PersonState } from './classify.js'
import type { CompiledGrantRule } from './compiled-grants.js'
import type { HeldGrants } from './grant-chunk-store.js'
import { grantOperation, grantSubjectKey } from './grant-operations.js'
import type { Subject } from './operations.js'
import {
  type OverrideRef,
  type PairOverrides,
  requestEvidence,
  revokeEvidence,
  sourceWords,
} from './overrides.js'
import type { FindingDraft, GrantFindingKind, GrantTarget, OperationDraft } from './types.js'

/**
 * Grants of one (person, app) pair or one orphan account (issue 15), pure. Desired: the grant
 * rules that select an entitled person and have not expired. Held: the account's live grants
 * of live entitlements. Desired and not held → `missing_grant` (add_grant); held and not
 * desired → in sync when an active exception keeps it, else `excess_grant` (`privileged_grant`
 * for a privileged entitlement) with a remove_grant; a time-bound rule past its `until` is not
 * desired, so expiry removes the grant and no later run adds it back.
 *
 * Access overrides (issue 18) outrank the rules: an active 'grant' (an approved request) makes
 * its entitlement desired until its `until`; an active 'revoke' (a review's decision) makes it
 * undesired even where a rule grants it or an exception keeps it; an expired 'grant' is not
 * desired, and its grant is removed with the request named as the reason.
 */

/** The grants of a pair, computed once and shared by the account's operation and the findings. */
export type PairGrants = {
  /** Entitlement id → the first live, unexpired rule that grants it to the person. */
  readonly desired: ReadonlyMap<string, CompiledGrantRule>
  /** Entitlement id → a rule that selected the person but expired (and none grants it now). */
  readonly expired: ReadonlyMap<string, CompiledGrantRule>
  readonly held: HeldGrants | undefined
  /** Entitlement id → the approved request that grants it now (no rule does). */
  readonly requested: ReadonlyMap<string, RequestedGrant>
  /** Entitlement id → the review that revoked it (decisive over rules and exceptions). */
  readonly revoked: ReadonlyMap<string, OverrideRef>
  /** Entitlement id → a request whose grant expired (nothing else grants it now). */
  readonly expiredRequests: ReadonlyMap<string, OverrideRef>
}

/** A grant an approved request gives, with the entitlement as the app lists it now. */
export type RequestedGrant = { readonly ref: OverrideRef; readonly target: GrantTarget }

export const NO_GRANTS: PairGrants = {
  ...{ desired: new Map(), expired: new Map(), held: undefined },
  ...{ requested: new Map(), revoked: new Map(), expiredRequests: new Map() },
}

const NO_OVERRIDES: PairOverrides = { entitlements: new Map(), expired: new Map() }

/** Whether the rules or a request want the person to hold it. */
export function isDesired(grants: PairGrants, entitlementId: string): boolean {
  return grants.desired.has(entitlementId) || grants.requested.has(entitlementId)
}

/**
 * What the rules grant a person the app assigns: every rule without a filter (birthright) and
 * every rule whose filter selected them (`selected`: rule ids, from the people query's flags).
 */
export function pairGrants(
  rules: AppRules,
  selected: ReadonlySet<string>,
  held: HeldGrants | undefined,
  now: string,
  overrides: PairOverrides = NO_OVERRIDES,
): PairGrants {
  const noOverrides = overrides.entitlements.size === 0 && overrides.expired.size === 0
  if (rules.grantRules.length === 0 && held === undefined && noOverrides) return NO_GRANTS
  const { desired, expired } = ruleGrants(rules, selected, overrides, Date.parse(now))
  return { desired, expired, held, ...overrideGrants(rules, overrides, desired) }
}

/** What the rules grant, unless a review revoked it; rules past their `until` apart. */
function ruleGrants(
  rules: AppRules,
  selected: ReadonlySet<string>,
  overrides: PairOverrides,
  at: number,
) {
  const desired = new Map<string, CompiledGrantRule>()
  const expired = new Map<string, CompiledGrantRule>()
  for (const compiled of rules.grantRules) {
    const { rule, target } = compiled
    if (target === undefined) continue
    if (rule.filter !== undefined && !selected.has(rule.id)) continue
    if (overrides.entitlements.get(rule.entitlementId)?.effect === 'revoke') continue
    if (rule.until !== undefined && Date.parse(rule.until) <= at) {
      if (!expired.has(rule.entitlementId)) expired.set(rule.entitlementId, compiled)
    } else if (!desired.has(rule.entitlementId)) desired.set(rule.entitlementId, compiled)
  }
  for (const id of desired.keys()) expired.delete(id)
  return { desired, expired }
}

/** What the overrides add beyond the rules: requests granting, reviews revoking, expiries. */
function overrideGrants(
  rules: AppRules,
  overrides: PairOverrides,
  desired: ReadonlyMap<string, CompiledGrantRule>,
) {
  const requested = new Map<string, RequestedGrant>()
  const revoked = new Map<string, OverrideRef>()
  for (const [id, decisive] of overrides.entitlements) {
    if (decisive.effect === 'revoke') revoked.set(id, decisive.ref)
    const target = rules.entitlements.get(id)
    if (decisive.effect === 'grant' && target && !desired.has(id))
      requested.set(id, { ref: decisive.ref, target })
  }
  const expiredRequests = new Map<string, OverrideRef>()
  for (const [id, ref] of overrides.expired) if (!desired.has(id)) expiredRequests.set(id, ref)
  return { requested, revoked, expiredRequests }
}

/** What a new or reactivated account gets with it: desired, not held, changeable; id order. */
export function grantsToAdd(rules: AppRules, grants: PairGrants): GrantTarget[] {
  const out: GrantTarget[] = []
  for (const [id, compiled] of grants.desired) {
    if (grants.held?.live.has(id) || !compiled.target) continue
    if (rules.grantsChange(compiled.target)) out.push(compiled.target)
  }
  for (const [id, { target }] of grants.requested) {
    if (grants.held?.live.has(id)) continue
    if (rules.grantsChange(target)) out.push(target)
  }
  return out.sort(byEntitlement)
}

/** What a leaving account holds that the app can remove first (a deactivation's `grants`). */
export function heldTargets(rules: AppRules, held: HeldGrants | undefined): GrantTarget[] {
  if (!held) return []
  const out: GrantTarget[] = []
  for (const id of held.live.keys()) {
    const target = rules.entitlements.get(id)
    if (target && rules.grantsChange(target)) out.push(target)
  }
  return out.sort(byEntitlement)
}

const byEntitlement = (a: GrantTarget, b: GrantTarget) =>
  a.entitlementId < b.entitlementId ? -1 : a.entitlementId > b.entitlementId ? 1 : 0

/**
 * The entitlement in evidence: one object per entitlement, shared by its findings (a chunk of
 * 5,000 people can hold 60,000 grant findings; their memory is what the bench watches).
 */
const ENTITLEMENT_WORDS = new WeakMap<GrantTarget, Readonly<Record<string, unknown>>>()

export function entitlementWords(target: GrantTarget): Readonly<Record<string, unknown>> {
  let words = ENTITLEMENT_WORDS.get(target)
  if (!words) {
    words = {
      id: target.entitlementId,
      remoteId: target.remoteId,
      name: target.displayName,
      kind: target.kind,
      privileged: target.privileged,
    }
    ENTITLEMENT_WORDS.set(target, words)
  }
  return words
}

const BLOCKED = 'the app’s connector cannot change this grant'

/** A rule in evidence: its id, its words, and whom it selects (a mover's diff quotes it). */
const RULE_WORDS = new WeakMap<CompiledGrantRule, Readonly<Record<string, unknown>>>()

function ruleWords(compiled: CompiledGrantRule): Readonly<Record<string, unknown>> {
  let words = RULE_WORDS.get(compiled)
  if (!words) {
    const { rule } = compiled
    const until = rule.until === undefined ? '' : `, until ${rule.until}`
    words = {
      id: rule.id,
      text: compiled.text,
      selects: `${rule.filter ?? 'everyone assigned'}${until}`,
    }
    RULE_WORDS.set(compiled, words)
  }
  return words
}

function grantOutcome(
  rules: AppRules,
  kind: GrantFindingKind,
  subject: Subject,
  target: GrantTarget,
  evidence: Record<string, unknown>,
  operation: OperationDraft | undefined,
): Outcome {
  const finding: FindingDraft = {
    appId: rules.app.id,
    kind,
    subjectKey: grantSubjectKey(subject, target.entitlementId),
    personId: subject.personId,
    accountId: subject.accountId,
    evidence: {
      entitlement: entitlementWords(target),
      ...evidence,
      ...(operation || kind === 'residual_grant' ? {} : { blocked: BLOCKED }),
    },
  }
  return { class: kind, finding, ...(operation ? { operation } : {}) }
}

/**
 * An entitled person's account: missing grants (only when the account is active: a
 * reactivation carries them) and excess ones (kept by an active exception, else removed).
 */
export function entitledGrantOutcomes(
  rules: AppRules,
  subject: Subject,
  account: AccountState,
  grants: PairGrants,
): Outcome[] {
  const outcomes: Outcome[] = []
  const live = grants.held?.live
  if (account.active) {
    for (const [id, compiled] of grants.desired) {
      if (live?.has(id) || !compiled.target) continue
      outcomes.push(
        missingOutcome(rules, subject, grants, compiled.target, { rule: ruleWords(compiled) }),
      )
    }
    for (const [id, { ref, target }] of grants.requested) {
      if (live?.has(id)) continue
      const evidence = { request: requestEvidence(ref) }
      outcomes.push(missingOutcome(rules, subject, grants, target, evidence))
    }
  }
  for (const [id, since] of live ?? []) {
    const target = rules.entitlements.get(id)
    if (!target || isDesired(grants, id)) continue
    const revokedBy = grants.revoked.get(id)
    if (!revokedBy && grants.held?.exceptions.has(id)) continue
    const why = revokedBy ? ({ kind: 'revoked', ref: revokedBy } as const) : expiryOf(grants, id)
    outcomes.push(excessOutcome(rules, subject, target, since, why))
  }
  return outcomes
}

function missingOutcome(
  rules: AppRules,
  subject: Subject,
  grants: PairGrants,
  target: GrantTarget,
  evidence: Record<string, unknown>,
): Outcome {
  const epoch = grants.held?.removed.get(target.entitlementId) ?? 'never'
  const op = grantOperation(rules, 'missing_grant', subject, { target, add: true, epoch })
  return grantOutcome(rules, 'missing_grant', subject, target, evidence, op)
}

/** Why a held grant nothing wants is excess: a review revoked it, a rule or request expired. */
type ExcessWhy =
  | { readonly kind: 'revoked'; readonly ref: OverrideRef }
  | { readonly kind: 'rule_expired'; readonly rule: CompiledGrantRule }
  | { readonly kind: 'request_expired'; readonly ref: OverrideRef }
  | undefined

function expiryOf(grants: PairGrants, id: string): ExcessWhy {
  const rule = grants.expired.get(id)
  if (rule) return { kind: 'rule_expired', rule }
  const ref = grants.expiredRequests.get(id)
  return ref ? { kind: 'request_expired', ref } : undefined
}

function excessOutcome(
  rules: AppRules,
  subject: Subject,
  target: GrantTarget,
  since: string,
  why: ExcessWhy,
): Outcome {
  const kind = target.privileged ? 'privileged_grant' : 'excess_grant'
  const op = grantOperation(rules, kind, subject, { target, add: false, epoch: since })
  const evidence = { heldSince: since, ...excessWords(why) }
  return grantOutcome(rules, kind, subject, target, evidence, op)
}

function excessWords(why: ExcessWhy): Record<string, unknown> {
  switch (why?.kind) {
    case undefined:
      return { reason: 'no grant rule grants it and no exception keeps it' }
    case 'rule_expired': {
      const { rule } = why.rule
      return {
        reason: `the rule ${rule.id} granted it until ${rule.until}: expired at ${rule.until}`,
        expired: { rule: ruleWords(why.rule), at: rule.until },
      }
    }
    case 'request_expired':
      return {
        reason: `${sourceWords(why.ref)} granted it until ${why.ref.until}: expired`,
        expired: { request: requestEvidence(why.ref), at: why.ref.until },
      }
    case 'revoked':
      return {
        reason: `revoked by ${sourceWords(why.ref)}: ${why.ref.reason}`,
        revoked: revokeEvidence(why.ref),
      }
  }
}

/**
 * A residual or orphan account's grants: one `residual_grant` finding each, no operation of
 * their own: they go with the account (a planned deactivation or deletion lists them first).
 */
export function residualGrantOutcomes(
  rules: AppRules,
  subject: Subject,
  held: HeldGrants | undefined,
  removal: OperationDraft | undefined,
  person: PersonState | null,
): Outcome[] {
  if (!held) return []
  const outcomes: Outcome[] = []
  for (const [id, since] of held.live) {
    const target = rules.entitlements.get(id)
    if (!target) continue
    const evidence = {
      heldSince: since,
      reason: person
        ? 'the account is residual: its grants go with it'
        : 'the account is an orphan: linked to nobody',
      removedWith: removal?.kind ?? null,
      ...(removal && !rules.grantsChange(target) ? { blocked: BLOCKED } : {}),
    }
    outcomes.push(grantOutcome(rules, 'residual_grant', subject, target, evidence, undefined))
  }
  return outcomes
}
