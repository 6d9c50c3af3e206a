import type { ScimResource } from '../../protocol/scim/schemas/index.js'
import type { AccountAttributes, Candidate } from '../graph/index.js'
import type { AppRules } from './app-rules.js'
import type { MappedValue } from './mappings/ast.js'
import { evaluateMappings } from './mappings/compile-mappings.js'
import { changesFrom, currentValue, newAccountFrom, sameValue } from './mappings/targets.js'
import { operationFor, type Subject } from './operations.js'
import { type AccountOverrideWords, accountOverrideEvidence } from './overrides.js'
import type { FindingDraft, FindingKind, GrantTarget, OperationDraft, PairClass } from './types.js'

/** A person as reconciliation sees them. */
export type PersonState = {
  readonly id: string
  readonly userName: string
  readonly email: string | null
  readonly displayName: string | null
  readonly status: 'active' | 'inactive' | 'gone'
  readonly goneAt: string | null
  readonly version: number
  readonly updatedAt: string
  /** An admin offboarded them and nobody reversed it: no app may have them back (issue 19). */
  readonly offboarded?: boolean
  readonly resource: ScimResource
}

/** A live account as reconciliation sees it. */
export type AccountState = {
  readonly id: string
  readonly remoteId: string
  readonly active: boolean
  readonly inactiveSince: string | null
  readonly attributes: AccountAttributes
  readonly fingerprint: string
  readonly linkRule: string | null
}

/** One (person, app) pair: who, whether the app's assignment selects them, what they have. */
export type PairInput = {
  readonly person: PersonState
  readonly assigned: boolean
  readonly account: AccountState | undefined
  /** Ambiguous accounts of this app that name this person among their candidates. */
  readonly ambiguousAccounts: readonly string[]
  /** Plan as if the person were leaving (an offboarding preview). */
  readonly offboard: boolean
  /**
   * Grants the account's operation carries (issue 15): `add` with a create or reactivation,
   * `remove` (what it holds) with a deactivation or deletion.
   */
  readonly grants?: {
    readonly add: readonly GrantTarget[]
    readonly remove: readonly GrantTarget[]
  }
  /**
   * The access override that decided `assigned` against the app's rule (issue 18): a request
   * assigns them, a review's revoke or an expired request does not. Evidence names it.
   */
  readonly override?: AccountOverrideWords
}

/** `none`: the pair does not exist (not entitled, no account): nothing to count. */
export type Outcome = {
  readonly class: PairClass | 'none'
  readonly finding?: FindingDraft
  readonly operation?: OperationDraft
}

const NONE: Outcome = { class: 'none' }
const IN_SYNC: Outcome = { class: 'in_sync' }
const DAY_MS = 86_400_000

/**
 * Classifies one (person, app) pair (pure): an entitled person (active, selected by the
 * assignment, not leaving) should have an active account with the mapped attributes; anyone
 * else should have none, or only a deactivated one as the app's policy says.
 */
export function classifyPair(input: PairInput, rules: AppRules, now: string): Outcome {
  const { account } = input
  if (isEntitled(input)) return entitledPair(input, rules)
  if (!account) return NONE
  const reason = residualReason(input)
  if (account.active) return residual(input, rules, account, reason, 'deactivate_or_delete')
  const dueAt =
    account.inactiveSince === null
      ? undefined
      : Date.parse(account.inactiveSince) + rules.policy.deleteAfterDays * DAY_MS
  const deleteNow =
    rules.deprovision === 'delete' ||
    (rules.deprovision === 'deactivate_then_delete' &&
      dueAt !== undefined &&
      dueAt <= Date.parse(now))
  return deleteNow ? residual(input, rules, account, reason, 'delete') : IN_SYNC
}

/** Active, selected by the assignment, not leaving: should have an active account. */
export function isEntitled(input: Pick<PairInput, 'person' | 'assigned' | 'offboard'>): boolean {
  const { person } = input
  return (
    person.status === 'active' && input.assigned && !input.offboard && person.offboarded !== true
  )
}

function entitledPair(input: PairInput, rules: AppRules): Outcome {
  const { person, account } = input
  if (!account && input.ambiguousAccounts.length > 0) {
    return finding(rules, 'ambiguous', input, undefined, {
      accounts: input.ambiguousAccounts,
      reason: 'an account in this app matches this person and is not linked to anyone yet',
    })
  }
  if (!account) {
    const values = evaluateMappings(rules.mappings.onCreate, person.resource)
    const created = newAccountFrom(values, person.userName)
    const grants = input.grants?.add ?? []
    const op = operationFor(rules, 'missing', subjectOf(person, undefined), {
      intent: 'create',
      account: created,
      ...(grants.length > 0 ? { grants } : {}),
    })
    return finding(rules, 'missing', input, op, {
      rule: rules.assignmentText,
      ...who(person),
      ...grantNames(grants),
      ...accountOverrideEvidence(input.override),
    })
  }
  const drift = driftOf(rules, person.resource, account.attributes)
  if (!account.active) {
    const changes =
      drift.changed.size > 0 ? changesFrom(drift.changed, account.attributes) : undefined
    const grants = input.grants?.add ?? []
    const op = operationFor(rules, 'missing', subjectOf(person, account), {
      intent: 'reactivate',
      payload: {
        kind: 'reactivate',
        ...(changes ? { changes } : {}),
        ...(grants.length > 0 ? { grants } : {}),
      },
    })
    const evidence = {
      rule: rules.assignmentText,
      ...who(person),
      inactiveSince: account.inactiveSince,
      ...grantNames(grants),
      ...accountOverrideEvidence(input.override),
    }
    return finding(rules, 'missing', input, op, evidence)
  }
  if (drift.changed.size === 0) return IN_SYNC
  const op = operationFor(rules, 'drifted', subjectOf(person, account), {
    intent: 'update',
    payload: { kind: 'update', changes: changesFrom(drift.changed, account.attributes) },
  })
  return finding(rules, 'drifted', input, op, { attributes: drift.evidence })
}

type Removal = 'deactivate_or_delete' | 'delete'

function residual(
  input: PairInput,
  rules: AppRules,
  account: AccountState,
  reason: string,
  removal: Removal,
): Outcome {
  const intent = removal === 'delete' || rules.deprovision === 'delete' ? 'delete' : 'deactivate'
  const grants = input.grants?.remove ?? []
  const op = operationFor(rules, 'residual', subjectOf(input.person, account), {
    intent,
    ...(grants.length > 0 ? { grants } : {}),
  })
  return finding(rules, 'residual', input, op, {
    reason,
    ...accountOverrideEvidence(input.override),
    ...who(input.person),
    rule: rules.assignmentText,
    account: { id: account.id, active: account.active, inactiveSince: account.inactiveSince },
    policy: rules.deprovision,
    ...(rules.deprovision === 'deactivate_then_delete'
      ? { deleteAfterDays: rules.policy.deleteAfterDays }
      : {}),
  })
}

function residualReason(input: PairInput): string {
  if (input.offboard) return 'offboarding'
  if (input.person.offboarded === true) return 'offboarded'
  if (input.person.status === 'gone') return 'person_gone'
  if (input.person.status === 'inactive') return 'person_inactive'
  if (input.override?.kind === 'revoked') return 'revoked'
  if (input.override?.kind === 'expired') return 'request_expired'
  return 'unassigned'
}

function who(person: PersonState) {
  return {
    person: {
      userName: person.userName,
      email: person.email,
      status: person.status,
      ...(person.goneAt ? { goneAt: person.goneAt } : {}),
    },
  }
}

/** The grants an account operation carries, by name, for its finding's evidence. */
function grantNames(grants: readonly GrantTarget[]) {
  return grants.length > 0 ? { grants: grants.map((g) => g.displayName) } : {}
}

export function subjectOf(person: PersonState, account: AccountState | undefined): Subject {
  return {
    personId: person.id,
    email: person.email ?? (person.userName.includes('@') ? person.userName : null),
    displayName: person.displayName,
    accountId: account?.id ?? null,
    remoteId: account?.remoteId ?? null,
    version: account ? account.fingerprint : `v${person.version}`,
  }
}

function finding(
  rules: AppRules,
  kind: FindingKind,
  input: PairInput,
  operation: OperationDraft | undefined,
  evidence: Record<string, unknown>,
): Outcome {
  const draft: FindingDraft = {
    appId: rules.app.id,
    kind,
    subjectKey: input.person.id,
    personId: input.person.id,
    accountId: input.account?.id ?? null,
    // Nothing the app can do carries this out: the finding says so, and no step is planned.
    evidence: operation ? evidence : { ...evidence, blocked: 'the app’s connector cannot do this' },
  }
  return { class: kind, finding: draft, ...(operation ? { operation } : {}) }
}

/** The `always` mappings whose value differs from the account's; with the evidence. */
export function driftOf(rules: AppRules, person: ScimResource, account: AccountAttributes) {
  const changed = new Map<string, MappedValue>()
  const evidence: Array<{
    attribute: string
    mapping: string
    expected: MappedValue
    actual: MappedValue
  }> = []
  for (const mapping of rules.mappings.always) {
    const expected = mapping.evaluate(person)
    if (expected === null || (Array.isArray(expected) && expected.length === 0)) continue
    const actual = currentValue(account, mapping.target)
    if (sameValue(mapping.target, expected, actual)) continue
    changed.set(mapping.target, expected)
    evidence.push({ attribute: mapping.target, mapping: mapping.expression, expected, actual })
  }
  return { changed, evidence }
}

/** An account nobody is linked to, as reconciliation sees it. */
export type UnlinkedAccount = AccountState & {
  readonly linkState: 'orphan' | 'ambiguous'
  readonly userName: string
  readonly email: string | null
  readonly firstSeenAt: string
  readonly candidates: readonly Candidate[]
}

/** An orphan or ambiguous account: a finding, and for orphans what the app's policy wants. */
export function classifyUnlinked(
  account: UnlinkedAccount,
  rules: AppRules,
  grants: readonly GrantTarget[] = [],
): Outcome {
  const shown = {
    id: account.id,
    remoteId: account.remoteId,
    userName: account.userName,
    email: account.email,
    active: account.active,
    firstSeenAt: account.firstSeenAt,
  }
  const draft = (kind: FindingKind, evidence: Record<string, unknown>): FindingDraft => ({
    appId: rules.app.id,
    kind,
    subjectKey: `account:${account.id}`,
    personId: null,
    accountId: account.id,
    evidence: { account: shown, ...evidence },
  })
  if (account.linkState === 'ambiguous') {
    const reason =
      account.candidates.length > 1
        ? `matches ${account.candidates.length} people`
        : 'matches a person who already has another account in this app'
    return {
      class: 'ambiguous',
      finding: draft('ambiguous', { candidates: account.candidates, reason }),
    }
  }
  const finding = draft('orphan', { rulesTried: rules.correlationRules })
  if (rules.policy.orphans !== 'deactivate' || !account.active) return { class: 'orphan', finding }
  const subject = unlinkedSubject(account)
  const operation = operationFor(rules, 'orphan', subject, {
    intent: 'deactivate',
    ...(grants.length > 0 ? { grants } : {}),
  })
  return { class: 'orphan', finding, ...(operation ? { operation } : {}) }
}

/** An unlinked account as the subject of its operations. */
export function unlinkedSubject(account: UnlinkedAccount): Subject {
  return {
    personId: null,
    email: account.email,
    displayName: null,
    accountId: account.id,
    remoteId: account.remoteId,
    version: account.fingerprint,
  }
}
