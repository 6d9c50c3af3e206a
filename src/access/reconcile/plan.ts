import type { AppRules } from './app-rules.js'
import {
  type AccountState,
  classifyPair,
  classifyUnlinked,
  type Outcome,
  type PersonState,
  type UnlinkedAccount,
} from './classify.js'
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
}

/** Actual state for the same people: their live linked accounts, and ambiguous matches. */
export type ActualState = {
  /** person id → app id → the account linked to them. */
  readonly accounts: ReadonlyMap<string, ReadonlyMap<string, AccountState>>
  /** person id → app id → ambiguous accounts that name them as a candidate. */
  readonly ambiguous: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>
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
  for (const { person, assigned } of desired) {
    const accounts = actual.accounts.get(person.id)
    const ambiguous = actual.ambiguous.get(person.id)
    for (const app of rules) {
      const outcome = classifyPair(
        {
          person,
          assigned: assigned.has(app.app.id),
          account: accounts?.get(app.app.id),
          ambiguousAccounts: ambiguous?.get(app.app.id) ?? [],
          offboard: options.offboard === true,
        },
        app,
        options.now,
      )
      collect(result, app.app.id, outcome)
    }
  }
  return result
}

/** The diff of accounts nobody is linked to (orphans, ambiguities) of one app. */
export function diffUnlinked(accounts: readonly UnlinkedAccount[], rules: AppRules): DiffResult {
  const result: DiffResult = { counts: new Map(), findings: [], operations: [] }
  for (const account of accounts) collect(result, rules.app.id, classifyUnlinked(account, rules))
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
