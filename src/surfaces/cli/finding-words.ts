import type { Finding } from '../../access/reconcile/index.js'

/** What a finding line needs besides the finding: the app's and the person's names. */
export type FindingNames = {
  readonly app: string
  /** `Grace Cerf <grace@acme.test>`, or the email alone when the person has no name. */
  readonly person: string | null
}

type Evidence = Readonly<Record<string, unknown>>

/**
 * One finding as a sentence an admin can act on: who, in which app, what is wrong and why
 * (the evidence in words). The raw evidence stays in `--json`.
 */
export function describeFinding(finding: Finding, names: FindingNames): string {
  const e = finding.evidence
  const who = names.person ?? finding.personEmail ?? accountName(e) ?? finding.accountId ?? '?'
  const day = finding.since.slice(0, 10)
  const blocked = typeof e.blocked === 'string' ? ` (${e.blocked})` : ''
  return `${finding.kind.padEnd(9)} ${who} in ${names.app}: ${whatIsWrong(finding.kind, e)}; since ${day}${blocked}`
}

function whatIsWrong(kind: Finding['kind'], e: Evidence): string {
  switch (kind) {
    case 'missing':
      return typeof e.inactiveSince === 'string'
        ? `assigned (${e.rule}) but the account is inactive since ${e.inactiveSince.slice(0, 10)}`
        : `assigned (${e.rule}) but has no account`
    case 'residual':
      return `account still active, but ${residualWhy(e)}`
    case 'drifted':
      return driftWords(e.attributes)
    case 'orphan':
      return `an account nobody owns (no correlation rule matched: ${listWords(e.rulesTried)})`
    case 'ambiguous':
      return typeof e.reason === 'string' ? e.reason : 'matches more than one person'
    case 'missing_grant':
      return `${ruleWords(e, 'granted')} ${grantWords(e)}, the account lacks it`
    case 'excess_grant':
      return `holds ${grantWords(e)}, which no rule grants and no exception keeps`
    case 'privileged_grant':
      return `holds ${grantWords(e)}, privileged, outside any rule`
    case 'residual_grant':
      return `holds ${grantWords(e)} on an account that should go (it goes with the account)`
    default:
      return 'needs a look'
  }
}

/** "role Editors" from a grant finding's evidence; "a role or group" if it names none. */
export function grantWords(e: Evidence): string {
  const entitlement = (e.entitlement ?? {}) as { displayName?: unknown; kind?: unknown }
  if (typeof entitlement.displayName !== 'string') return 'a role or group'
  const kind = typeof entitlement.kind === 'string' ? `${entitlement.kind} ` : ''
  return `${kind}${entitlement.displayName}`
}

function ruleWords(e: Evidence, verb: string): string {
  return typeof e.rule === 'string' ? `${verb} by ${e.rule}:` : `${verb}:`
}

function residualWhy(e: Evidence): string {
  const person = (e.person ?? {}) as { goneAt?: string }
  switch (e.reason) {
    case 'person_gone':
      return `the person left the identity provider${person.goneAt ? ` on ${person.goneAt.slice(0, 10)}` : ''}`
    case 'person_inactive':
      return 'the person is deactivated in the identity provider'
    case 'offboarding':
      return 'the person is being offboarded'
    default:
      return `the person is no longer assigned (${e.rule})`
  }
}

function driftWords(attributes: unknown): string {
  if (!Array.isArray(attributes) || attributes.length === 0) return 'attributes differ'
  const parts = attributes
    .slice(0, 3)
    .map(
      (a: { attribute?: unknown; expected?: unknown; actual?: unknown }) =>
        `${String(a.attribute)} is ${valueWords(a.actual)}, should be ${valueWords(a.expected)}`,
    )
  return parts.join('; ') + (attributes.length > 3 ? `; and ${attributes.length - 3} more` : '')
}

function valueWords(value: unknown): string {
  if (value === null || value === undefined) return 'empty'
  return typeof value === 'string' ? `“${value}”` : JSON.stringify(value)
}

function listWords(value: unknown): string {
  return Array.isArray(value) && value.length > 0 ? value.join(', ') : 'none'
}

function accountName(e: Evidence): string | null {
  const account = e.account as { userName?: unknown } | undefined
  return typeof account?.userName === 'string' ? `account ${account.userName}` : null
}
