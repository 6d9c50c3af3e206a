import type { Db, Dialect } from '../../platform/store/index.js'
import type { Correlation, CorrelationRule } from '../apps/index.js'
import type { AccountKeys } from './account-record.js'
import { deleteCandidates, insertCandidates } from './candidates-store.js'
import { type Decision, decide, emailVariants, settleConflicts } from './correlation.js'
import { chunks, linkedAccounts, peopleByKeys } from './graph-store.js'
import type { LinkState } from './types.js'

export type LinkScope = {
  readonly workspaceId: string
  readonly appId: string
  readonly correlation: Correlation
  readonly dialect: Dialect
}

export type CorrelationTarget = { readonly accountId: string; readonly keys: AccountKeys }

function keysFor(rule: CorrelationRule, keys: AccountKeys, correlation: Correlation): string[] {
  switch (rule) {
    case 'externalId':
      return keys.externalId ? [keys.externalId] : []
    case 'userName':
      return keys.userName ? [keys.userName] : []
    case 'primaryEmail':
      return keys.primaryEmail ? emailVariants(keys.primaryEmail, correlation) : []
    case 'email':
      return keys.emails.flatMap((email) => emailVariants(email, correlation))
    case 'employeeNumber':
      return keys.employeeNumber ? [keys.employeeNumber] : []
  }
}

/**
 * Correlates a batch of accounts (one page of a listing, or a chunk of unlinked accounts): one
 * query per rule for the whole batch, then the pure decision per account, then the "one
 * account per person and app" check against the batch and the app's live links.
 */
export async function correlateAccounts(
  db: Db,
  scope: LinkScope,
  targets: readonly CorrelationTarget[],
): Promise<Map<string, Decision>> {
  const { correlation } = scope
  const found = new Map<CorrelationRule, Map<string, Set<string>>>()
  for (const rule of correlation.rules) {
    const keys = targets.flatMap((t) => keysFor(rule, t.keys, correlation))
    found.set(rule, await peopleByKeys(db, scope.dialect, scope.workspaceId, rule, keys))
  }
  const lookup = (rule: CorrelationRule, keys: AccountKeys) => {
    const people = new Set<string>()
    for (const key of keysFor(rule, keys, correlation))
      for (const id of found.get(rule)?.get(key) ?? []) people.add(id)
    return people
  }
  const decisions = new Map(
    targets.map((t) => [t.accountId, decide(t.keys, correlation.rules, lookup)] as const),
  )
  const claimed = [...decisions.values()].flatMap((d) => (d.kind === 'linked' ? [d.personId] : []))
  return settleConflicts(decisions, await linkedAccounts(db, scope.appId, claimed))
}

/** The link columns of an account for a decision (a rule's link, or none). */
export function linkColumns(decision: Decision, now: string) {
  const state: LinkState = decision.kind
  return decision.kind === 'linked'
    ? {
        person_id: decision.personId,
        link_state: state,
        link_kind: 'rule',
        link_rule: decision.rule,
        linked_at: now,
      }
    : { person_id: null, link_state: state, link_kind: null, link_rule: null, linked_at: null }
}

/** Replaces the candidates of the decided accounts: ambiguous ones get theirs, others none. */
export async function writeCandidates(
  db: Db,
  scope: LinkScope,
  decisions: ReadonlyMap<string, Decision>,
): Promise<void> {
  for (const part of chunks([...decisions.keys()])) {
    await deleteCandidates(db, part)
  }
  const rows = [...decisions].flatMap(([accountId, decision]) =>
    decision.kind === 'ambiguous'
      ? decision.candidates.map((c) => ({
          account_id: accountId,
          person_id: c.personId,
          app_id: scope.appId,
          workspace_id: scope.workspaceId,
          rule: c.rule,
        }))
      : [],
  )
  for (const part of chunks(rows)) await insertCandidates(db, part)
}
