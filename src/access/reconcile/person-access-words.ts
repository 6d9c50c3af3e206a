import type { PersonAccountRecord } from '../graph/index.js'
import { type AccountOverrideWords, sourceWords } from './overrides.js'

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
  /**
   * The access override that decided `assigned` against the rule (issue 18): a request that
   * assigns them until a time, a review that revoked the account, a request that expired.
   */
  readonly override?: AccountOverrideWords
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
  const override = inclusion.override
  if (override?.kind === 'revoked')
    return `revoked by ${sourceWords(override.ref)}: ${override.ref.reason}`
  if (override?.kind === 'expired')
    return `${rule} does not include them, and ${sourceWords(override.ref)} granted it until ${override.ref.until}: expired`
  if (override?.kind === 'request' && inclusion.status === 'active' && !inclusion.offboarded)
    return `granted by ${sourceWords(override.ref)}, until ${override.ref.until}`
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
