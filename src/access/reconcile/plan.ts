import type { AppRules } from './app-rules.js'
import {
  type AccountState,
  classifyPair,
  classifyUnlinked,
  isEntitled,
  type Outcome,
  type PersonState,
  subjectOf,
  type UnlinkedAccount,
  unlinkedSubject,
} from './classify.js'
import {
  entitledGrantOutcomes,
  grantsToAdd,
  heldTargets,
  type PairGrants,
  pairGrants,
  residualGrantOutcomes,
} from './classify-grants.js'
import type { HeldGrants } from './grant-chunk-store.js'
import { accountOverride, type ChunkOverrides } from './overrides.js'
import {
  type ClassCounts,
  emptyClassCounts,
  type FindingDraft,
  type OperationDraft,
} from './types.js'

/** Desired state: each person, and the apps whose assignment selects them. */
export type DesiredPerson = {
  readonly person: PersonState
  readonly assigned: ReadonlySet<string>
  /** The grant rules with a filter that selects the person (ids; issue 15). */
  readonly grantRules?: ReadonlySet<string>
}

/** Actual state for the same people: their live linked accounts, and ambiguous matches. */
export type ActualState = {
  /** person id → app id → the account linked to them. */
  readonly accounts: ReadonlyMap<string, ReadonlyMap<string, AccountState>>
  /** person id → app id → ambiguous accounts that name them as a candidate. */
  readonly ambiguous: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>
  /** account id → its grants and exceptions (accounts holding nothing are absent). */
  readonly grants?: ReadonlyMap<string, HeldGrants>
  /** person id → app id → access overrides (issue 18); absent when the apps have none. */
  readonly overrides?: ChunkOverrides
}

/** What a chunk of the diff found: counts per app, findings, and operations. */
export type DiffResult = {
  readonly counts: Map<string, ClassCounts>
  readonly findings: FindingDraft[]
  readonly operations: OperationDraft[]
}

export type DiffOptions = {
  readonly now: string
  /** Plan as if every person given were leaving (an offboarding preview). */
  readonly offboard?: boolean
}

/**
 * The diff of desired against actual (pure, STYLE §4.2): every (person, app) pair is
 * classified, findings carry their evidence, and each finding becomes at most one operation.
 * Reconciliation runs it chunk by chunk over people ordered by id, so memory stays bounded.
 */
export function diff(
  desired: readonly DesiredPerson[],
  actual: ActualState,
  rules: readonly AppRules[],
  options: DiffOptions,
): DiffResult {
  const result: DiffResult = { counts: new Map(), findings: [], operations: [] }
  const offboard = options.offboard === true
  for (const { person, assigned, grantRules } of desired) {
    const accounts = actual.accounts.get(person.id)
    const ambiguous = actual.ambiguous.get(person.id)
    for (const app of rules) {
      const account = accounts?.get(app.app.id)
      const held = account ? actual.grants?.get(account.id) : undefined
      const overrides = actual.overrides?.get(person.id)?.get(app.app.id)
      const byOverride = accountOverride(assigned.has(app.app.id), overrides)
      const pair = {
        person,
        assigned: byOverride.assigned,
        account,
        ambiguousAccounts: ambiguous?.get(app.app.id) ?? [],
        offboard,
        ...(byOverride.override ? { override: byOverride.override } : {}),
      }
      const entitled = isEntitled(pair)
      const grants = entitled
        ? pairGrants(app, grantRules ?? NONE, held, options.now, overrides)
        : undefined
      const outcome = classifyPair(
        {
          ...pair,
          grants: {
            add: grants ? grantsToAdd(app, grants) : [],
            remove: entitled ? [] : heldTargets(app, held),
          },
        },
        app,
        options.now,
      )
      collect(result, app.app.id, outcome)
      for (const extra of pairGrantOutcomes(app, { person, account, held, grants, outcome }))
        collect(result, app.app.id, extra)
    }
  }
  return result
}

const NONE: ReadonlySet<string> = new Set()

/**
 * The grant findings of a pair: an entitled person's account gets its missing and excess
 * grants; a residual account (deactivation or deletion planned, or blocked) one
 * `residual_grant` per grant it holds; an account left deactivated is in sync.
 */
function pairGrantOutcomes(
  app: AppRules,
  pair: {
    person: PersonState
    account: AccountState | undefined
    held: HeldGrants | undefined
    grants: PairGrants | undefined
    outcome: Outcome
  },
): Outcome[] {
  const { account, held, grants, outcome } = pair
  if (!account) return []
  const subject = subjectOf(pair.person, account)
  if (grants) return entitledGrantOutcomes(app, subject, account, grants)
  if (outcome.class !== 'residual') return []
  return residualGrantOutcomes(app, subject, held, outcome.operation, pair.person)
}

/** The diff of accounts nobody is linked to (orphans, ambiguities) of one app. */
export function diffUnlinked(
  accounts: readonly UnlinkedAccount[],
  rules: AppRules,
  grants?: ReadonlyMap<string, HeldGrants>,
): DiffResult {
  const result: DiffResult = { counts: new Map(), findings: [], operations: [] }
  for (const account of accounts) {
    const held = grants?.get(account.id)
    const outcome = classifyUnlinked(account, rules, heldTargets(rules, held))
    collect(result, rules.app.id, outcome)
    if (account.linkState !== 'orphan') continue
    const subject = unlinkedSubject(account)
    for (const extra of residualGrantOutcomes(rules, subject, held, outcome.operation, null))
      collect(result, rules.app.id, extra)
  }
  return result
}

function collect(result: DiffResult, appId: string, outcome: Outcome): void {
  if (outcome.class === 'none') return
  let counts = result.counts.get(appId)
  if (!counts) {
    counts = emptyClassCounts()
    result.counts.set(appId, counts)
  }
  counts[outcome.class] += 1
  if (outcome.finding) result.findings.push(outcome.finding)
  if (outcome.operation) result.operations.push(outcome.operation)
}

/** Adds one app's counts into another's (runs add chunks up). */
export function addCounts(into: ClassCounts, from: ClassCounts): void {
  for (const key of Object.keys(into) as (keyof ClassCounts)[]) into[key] += from[key]
}
