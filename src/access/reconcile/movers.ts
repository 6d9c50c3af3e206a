import type { EntitlementKind } from '../../integrations/catalog/index.js'
import { grantSubjectKey } from './grant-operations.js'
import type { FindingDraft, OperationDraft } from './types.js'

/** One grant a mover leaves or joins. */
export type MoverChange = {
  readonly appId: string
  readonly appName: string
  readonly entitlementId: string
  readonly entitlement: string
  readonly kind: EntitlementKind
  readonly privileged: boolean
  /** Joins: what the rule that grants it selects ("department eq "Engineering""). */
  readonly rule?: string
}

/**
 * A mover (issue 15): a person whose grants change in several apps, or who leaves some grants
 * and joins others (their attributes changed: a new department, a new IdP group). One
 * explained diff: "leaves: role Sales-Editor in Stensul, group sales in Okta; joins: role
 * Eng-Editor in Stensul (rule: department eq "Engineering")".
 */
export type MoverDiff = {
  readonly personId: string
  readonly email: string | null
  readonly leaves: readonly MoverChange[]
  readonly joins: readonly MoverChange[]
  readonly words: string
}

type Grouped = { email: string | null; leaves: MoverChange[]; joins: MoverChange[] }

/**
 * The movers among one chunk's operations (pure): a person's pairs all fall in one chunk, so
 * the diff of each person is whole. Only add_grant / remove_grant count: a new account's
 * grants are an arrival, a deactivation's a departure, not a move.
 */
export function moversOf(
  operations: readonly OperationDraft[],
  findings: readonly FindingDraft[],
  appNames: ReadonlyMap<string, string>,
): MoverDiff[] {
  const byPerson = new Map<string, Grouped>()
  const findingsByKey = new Map(findings.map((f) => [`${f.appId}|${f.subjectKey}`, f]))
  for (const op of operations) {
    const p = op.payload
    if ((p.kind !== 'add_grant' && p.kind !== 'remove_grant') || op.personId === null) continue
    const group = byPerson.get(op.personId) ?? { email: op.personEmail, leaves: [], joins: [] }
    byPerson.set(op.personId, group)
    const key = grantSubjectKey(op, p.entitlement.entitlementId)
    const rule = ruleOf(findingsByKey.get(`${op.appId}|${key}`))
    const change: MoverChange = {
      ...{ appId: op.appId, appName: appNames.get(op.appId) ?? op.appId },
      ...{ entitlementId: p.entitlement.entitlementId, entitlement: p.entitlement.displayName },
      ...{ kind: p.entitlement.kind, privileged: p.entitlement.privileged },
      ...(p.kind === 'add_grant' && rule ? { rule } : {}),
    }
    ;(p.kind === 'add_grant' ? group.joins : group.leaves).push(change)
  }
  const movers: MoverDiff[] = []
  for (const [personId, group] of byPerson) {
    const apps = new Set([...group.leaves, ...group.joins].map((c) => c.appId))
    const moves = group.leaves.length > 0 && group.joins.length > 0
    if (!moves && apps.size < 2) continue
    const leaves = group.leaves.sort(byWords)
    const joins = group.joins.sort(byWords)
    const words = [
      ...(leaves.length > 0 ? [`leaves: ${leaves.map(changeWords).join(', ')}`] : []),
      ...(joins.length > 0 ? [`joins: ${joins.map(changeWords).join(', ')}`] : []),
    ].join('; ')
    movers.push({
      personId,
      email: group.email,
      leaves,
      joins,
      words: `${group.email ?? personId} ${words}`,
    })
  }
  return movers
}

function ruleOf(finding: FindingDraft | undefined): string | undefined {
  const rule = finding?.evidence.rule
  if (typeof rule !== 'object' || rule === null) return undefined
  const selects = (rule as { selects?: unknown }).selects
  return typeof selects === 'string' ? selects : undefined
}

function changeWords(change: MoverChange): string {
  const rule = change.rule ? ` (rule: ${change.rule})` : ''
  return `${change.kind} ${change.entitlement} in ${change.appName}${rule}`
}

const byWords = (a: MoverChange, b: MoverChange) =>
  a.appName.localeCompare(b.appName, 'en') || a.entitlement.localeCompare(b.entitlement, 'en')

/** At most this many movers are kept with a plan (the count says how many there were). */
export const MAX_MOVERS = 200

/** A plan's movers as stored with its notes. */
export type PlanMovers = { readonly movers: readonly MoverDiff[]; readonly total: number }
