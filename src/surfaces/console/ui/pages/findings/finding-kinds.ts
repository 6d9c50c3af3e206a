import type { Finding, FindingKind } from '../../api/types.js'

/* Findings in words, pure (no component imports), so node's tests can load it. */

export const FINDING_KINDS: readonly FindingKind[] = [
  'missing',
  'drifted',
  'residual',
  'orphan',
  'ambiguous',
  'missing_grant',
  'excess_grant',
  'privileged_grant',
  'residual_grant',
]

/** What each kind means, in the words the console uses everywhere. */
export const KIND_MEANINGS: Readonly<Record<FindingKind, string>> = {
  missing: 'should have an account, has none',
  drifted: 'an attribute differs from its mapping',
  residual: 'should no longer have access, account still active',
  orphan: 'an account nobody is linked to',
  ambiguous: 'several people could own the account',
  missing_grant: 'a rule grants a role or group the account lacks',
  excess_grant: 'holds a role or group no rule or exception grants',
  privileged_grant: 'holds a privileged role or group no rule grants',
  residual_grant: 'a role or group on an orphan or residual account',
}

/**
 * Who or what a finding is about: the person's email, else the account's user name; for a
 * grant finding, with the entitlement ("alice@acme.test: role Editors (privileged)").
 */
export function subjectOf(finding: Finding): string {
  const grant = entitlementOf(finding.evidence)
  return grant ? `${holderOf(finding)}: ${grant}` : holderOf(finding)
}

function holderOf(finding: Finding): string {
  if (finding.personEmail) return finding.personEmail
  const account = finding.evidence.account
  if (typeof account === 'object' && account !== null && 'userName' in account)
    return String((account as { userName: unknown }).userName)
  return finding.accountId ?? finding.subjectKey
}

/** "role Editors (privileged)" from a grant finding's evidence, if it names an entitlement. */
export function entitlementOf(evidence: Record<string, unknown>): string | null {
  const e = evidence.entitlement
  if (typeof e !== 'object' || e === null) return null
  const { displayName, kind, privileged } = e as Record<string, unknown>
  if (typeof displayName !== 'string') return null
  const name = typeof kind === 'string' ? `${kind} ${displayName}` : displayName
  return privileged === true ? `${name} (privileged)` : name
}

/** Evidence as label/value lines: nested objects become `person.status`, lists are joined. */
export function evidenceLines(
  evidence: Record<string, unknown>,
  prefix = '',
): Array<[string, string]> {
  return Object.entries(evidence).flatMap(([key, value]): Array<[string, string]> => {
    const label = prefix ? `${prefix}.${key}` : key
    if (value === null || value === undefined) return [[label, '—']]
    if (Array.isArray(value))
      return [
        [
          label,
          value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', '),
        ],
      ]
    if (typeof value === 'object') return evidenceLines(value as Record<string, unknown>, label)
    return [[label, String(value)]]
  })
}
