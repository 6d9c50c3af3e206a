import type { GrantChanges } from '../../integrations/catalog/index.js'
import type { GrantRule, GrantRuleInput } from './grant-rules.js'

/**
 * Turning the grant rules an admin wrote into the rules stored on the app (pure): each rule's
 * `entitlement` resolved against what the app's last listing returned, and every reason to refuse
 * the list collected, so one answer names every bad rule (`grants[2]: ...`).
 */

/** An entitlement of the app as the graph keeps it (removed ones too, to say so). */
export type EntitlementChoice = {
  readonly id: string
  readonly remoteId: string
  readonly displayName: string
  readonly kind: string
  readonly privileged: boolean
  readonly removedAt: string | null
}

/**
 * A port: the app's entitlements, read from the graph's tables. The graph sits after apps in the
 * domain order, so the composition root injects the graph's read.
 */
export type EntitlementLookup = (
  workspaceId: string,
  appId: string,
) => Promise<readonly EntitlementChoice[]>

export type Resolved<T> = { ok: true; value: T } | { ok: false; message: string }

/**
 * Our id, then the app's own id, then the exact display name ignoring case (live ones only: a
 * removed entitlement is named only by id). Two live ones of that name are ambiguous.
 * @example resolveEntitlementRef('editors', entitlements) // the live "Editors"
 */
export function resolveEntitlementRef(
  ref: string,
  entitlements: readonly EntitlementChoice[],
): Resolved<EntitlementChoice> {
  const exact =
    entitlements.find((e) => e.id === ref) ?? entitlements.find((e) => e.remoteId === ref)
  if (exact) return exact.removedAt === null ? { ok: true, value: exact } : removed(exact)
  const key = ref.toLowerCase()
  const named = entitlements.filter((e) => e.displayName.toLowerCase() === key)
  const live = named.filter((e) => e.removedAt === null)
  const [only] = live
  if (live.length === 1 && only) return { ok: true, value: only }
  if (live.length > 1) {
    const ids = live.map((e) => e.id).join(', ')
    return { ok: false, message: `'${ref}' names ${live.length} entitlements (${ids}); use an id` }
  }
  const [gone] = named
  if (gone) return removed(gone)
  return { ok: false, message: `no entitlement '${ref}' in this app's last listing` }
}

function removed(entitlement: EntitlementChoice): Resolved<EntitlementChoice> {
  return {
    ok: false,
    message: `the entitlement '${entitlement.displayName}' (${entitlement.id}) was removed: the app's listing of ${entitlement.removedAt} no longer returned it`,
  }
}

export type GrantRulesContext = {
  readonly appName: string
  readonly entitlements: readonly EntitlementChoice[]
  /** How grants of a kind change, from the app's catalog entry; undefined: the catalog says nothing. */
  readonly grantChanges: (kind: string) => GrantChanges | undefined
  /** Whether the app's connector can add and remove grants (`manage_grants`). */
  readonly managesGrants: boolean
  readonly now: Date
  /** The rules saved now: an identical rule saved again keeps its id and creation time. */
  readonly existing: readonly GrantRule[]
  readonly newId: () => string
}

/** The stored rules, or every problem found (the list is saved whole or not at all). */
export function resolveGrantRules(
  inputs: readonly GrantRuleInput[],
  context: GrantRulesContext,
): { ok: true; rules: GrantRule[] } | { ok: false; problems: string[] } {
  if (inputs.length > 0 && !context.managesGrants) {
    return {
      ok: false,
      problems: [
        `grants: ${context.appName}'s connector cannot add or remove grants (no manage_grants capability), so no rule could be applied`,
      ],
    }
  }
  const problems: string[] = []
  const rules: GrantRule[] = []
  const seen = new Map<string, number>()
  for (const [index, input] of inputs.entries()) {
    const rule = resolveOne(input, context, `grants[${index}]`)
    if (!rule.ok) {
      problems.push(rule.message)
      continue
    }
    const key = JSON.stringify([rule.value.entitlementId, rule.value.filter ?? null])
    const first = seen.get(key)
    if (first !== undefined) {
      const whom = rule.value.filter === undefined ? 'to everyone assigned' : 'with the same filter'
      problems.push(
        `grants[${index}]: grants[${first}] already grants '${rule.value.entitlementName}' ${whom}`,
      )
      continue
    }
    seen.set(key, index)
    rules.push(rule.value)
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rules }
}

function resolveOne(
  input: GrantRuleInput,
  context: GrantRulesContext,
  at: string,
): Resolved<GrantRule> {
  const found = resolveEntitlementRef(input.entitlement, context.entitlements)
  if (!found.ok) return { ok: false, message: `${at}.entitlement: ${found.message}` }
  const entitlement = found.value
  if (context.grantChanges(entitlement.kind) === 'none') {
    return {
      ok: false,
      message: `${at}.entitlement: '${entitlement.displayName}' is a ${entitlement.kind} whose grants ${context.appName} does not let anyone change (read-only in the catalog)`,
    }
  }
  if (input.until !== undefined && Date.parse(input.until) <= context.now.getTime()) {
    return {
      ok: false,
      message: `${at}.until: ${input.until} is not in the future (now is ${context.now.toISOString()})`,
    }
  }
  return { ok: true, value: storedRule(input, entitlement, context) }
}

function storedRule(
  input: GrantRuleInput,
  entitlement: EntitlementChoice,
  context: GrantRulesContext,
): GrantRule {
  const until = input.until === undefined ? undefined : new Date(input.until).toISOString()
  const same = context.existing.find(
    (rule) =>
      rule.entitlementId === entitlement.id && rule.filter === input.filter && rule.until === until,
  )
  return {
    id: same?.id ?? context.newId(),
    entitlementId: entitlement.id,
    entitlementName: entitlement.displayName,
    ...(input.filter === undefined ? {} : { filter: input.filter }),
    ...(until === undefined ? {} : { until }),
    ...(input.reason === undefined ? {} : { reason: input.reason }),
    createdAt: same?.createdAt ?? context.now.toISOString(),
  }
}
