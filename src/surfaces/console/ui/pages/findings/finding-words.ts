import type { Finding, FindingKind } from '../../api/types.js'
import type { Tone } from '../../components/badge.js'

export const FINDING_KINDS: readonly FindingKind[] = [
  'missing',
  'drifted',
  'residual',
  'orphan',
  'ambiguous',
]

/** What each kind means, in the words the console uses everywhere. */
export const KIND_MEANINGS: Readonly<Record<FindingKind, string>> = {
  missing: 'should have an account, has none',
  drifted: 'an attribute differs from its mapping',
  residual: 'should no longer have access, account still active',
  orphan: 'an account nobody is linked to',
  ambiguous: 'several people could own the account',
}

export const KIND_TONES: Readonly<Record<FindingKind, Tone>> = {
  missing: 'warn',
  drifted: 'neutral',
  residual: 'bad',
  orphan: 'warn',
  ambiguous: 'warn',
}

/** Who or what a finding is about: the person's email, else the account's user name. */
export function subjectOf(finding: Finding): string {
  if (finding.personEmail) return finding.personEmail
  const account = finding.evidence.account
  if (typeof account === 'object' && account !== null && 'userName' in account)
    return String((account as { userName: unknown }).userName)
  return finding.accountId ?? finding.subjectKey
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
