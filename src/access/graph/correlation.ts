import type { Correlation, CorrelationRule } from '../apps/index.js'
import type { AccountKeys } from './account-record.js'
import type { Candidate } from './types.js'

/** What correlation decided for one account. */
export type Decision =
  | { readonly kind: 'linked'; readonly personId: string; readonly rule: CorrelationRule }
  | {
      readonly kind: 'ambiguous'
      readonly candidates: readonly Candidate[]
      readonly reason: string
    }
  | { readonly kind: 'orphan' }

/** The people a rule finds for an account (from a batch lookup). */
export type RuleLookup = (rule: CorrelationRule, keys: AccountKeys) => ReadonlySet<string>

/**
 * Decides whose an account is (pure). Rules run in the app's order and the first that finds
 * anyone decides: one person is a link, two or more are an ambiguity, which is never linked
 * automatically (it becomes a finding for a person to resolve). No rule finding anyone makes an
 * orphan.
 */
export function decide(
  keys: AccountKeys,
  rules: readonly CorrelationRule[],
  lookup: RuleLookup,
): Decision {
  for (const rule of rules) {
    const found = [...lookup(rule, keys)].sort()
    if (found.length === 1 && found[0]) return { kind: 'linked', personId: found[0], rule }
    if (found.length > 1) {
      return {
        kind: 'ambiguous',
        candidates: found.map((personId) => ({ personId, rule })),
        reason: `the ${rule} rule matches ${found.length} people`,
      }
    }
  }
  return { kind: 'orphan' }
}

/**
 * One account per person and app: when several accounts of a batch decide for one person, or
 * the person already has a live account in the app, none of the newcomers is linked (which one
 * is theirs is a person's call).
 */
export function settleConflicts(
  decisions: ReadonlyMap<string, Decision>,
  alreadyLinked: ReadonlyMap<string, string>,
): Map<string, Decision> {
  const claims = new Map<string, string[]>()
  for (const [accountId, decision] of decisions) {
    if (decision.kind !== 'linked') continue
    claims.set(decision.personId, [...(claims.get(decision.personId) ?? []), accountId])
  }
  const settled = new Map(decisions)
  for (const [personId, accounts] of claims) {
    const holder = alreadyLinked.get(personId)
    const taken = holder !== undefined && !accounts.includes(holder)
    if (!taken && accounts.length === 1) continue
    for (const accountId of accounts) {
      const decision = decisions.get(accountId)
      if (decision?.kind !== 'linked') continue
      settled.set(accountId, {
        kind: 'ambiguous',
        candidates: [{ personId, rule: decision.rule }],
        reason: taken
          ? 'the matching person already has another account in this app'
          : `${accounts.length} accounts in this app match the same person`,
      })
    }
  }
  return settled
}

/**
 * The addresses an email may be stored under, given domain aliases (`{"acme.io": "acme.com"}`):
 * every domain that stands for the same one. `alice@acme.io` → alice@acme.io, alice@acme.com.
 * Aliases are read as an undirected graph, so a chain (`acme.io → acme.net → acme.com`) is one
 * family and the answer is the same from any of its domains: an account under one domain finds
 * the person under another exactly when the reverse holds.
 */
export function emailVariants(email: string, correlation: Correlation): string[] {
  const at = email.lastIndexOf('@')
  if (at <= 0) return [email]
  const local = email.slice(0, at)
  return [...domainFamily(email.slice(at + 1), correlation.domainAliases)].map(
    (domain) => `${local}@${domain}`,
  )
}

/** The domains connected to `domain` by aliases in either direction (itself included). */
function domainFamily(domain: string, aliases: Readonly<Record<string, string>>): Set<string> {
  const family = new Set([domain])
  const pairs = Object.entries(aliases)
  for (let grew = true; grew; ) {
    grew = false
    for (const [alias, target] of pairs) {
      if (family.has(alias) === family.has(target)) continue
      family.add(alias).add(target)
      grew = true
    }
  }
  return family
}
