import type { PersonAccountRecord } from '../graph/index.js'

/** Where the app's assignment rule stands on the person right now. */
export type Inclusion = {
  readonly appName: string
  /** The assignment in words ("everyone", "filter: …", "listed people (3)"). */
  readonly assignmentText: string
  /** The rule selects them (whatever their status). */
  readonly assigned: boolean
  readonly status: 'active' | 'inactive' | 'gone'
  /** An admin offboarded them and nobody reversed it (issue 19). */
  readonly offboarded: boolean
}

/**
 * Why a person has an account, in words: how it is linked to them, and whether the app's
 * assignment rule includes them now, decided as reconciliation decides `entitled` (selected by
 * the rule, active, not offboarded).
 */
export function accountWhy(account: PersonAccountRecord, inclusion: Inclusion): string {
  const removed =
    account.removedAt === null
      ? ''
      : `No longer in ${inclusion.appName}'s listing since ${account.removedAt}. `
  return `${removed}${linkWords(account)}; ${ruleWords(inclusion)}.`
}

function linkWords(account: PersonAccountRecord): string {
  if (account.linkKind === 'manual' || account.linkRule === 'manual') return 'Linked by hand'
  if (account.linkRule) return `Linked by the correlation rule "${account.linkRule}"`
  return 'Linked'
}

function ruleWords(inclusion: Inclusion): string {
  const rule = `${inclusion.appName}'s assignment (${inclusion.assignmentText})`
  if (!inclusion.assigned) return `${rule} does not include them`
  if (inclusion.offboarded) return `${rule} includes them, but an admin offboarded them`
  if (inclusion.status !== 'active')
    return `${rule} includes them, but they are ${inclusion.status}`
  return `${rule} includes them`
}

/** No grant rule gives it and no exception keeps it: found in the listing, the next plan removes it. */
export function grantReasonWithoutRules(appName: string): { kind: 'none'; words: string } {
  return { kind: 'none', words: `No rule grants this: it was found in ${appName}'s listing` }
}
