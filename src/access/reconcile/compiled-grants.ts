import {
  type CatalogEntry,
  type EntitlementKind,
  grantChangesOf,
} from '../../integrations/catalog/index.js'
import type { Capability } from '../../integrations/connectors/index.js'
import { describeGrantRule, type GrantRule } from '../apps/index.js'
import type { GrantTarget } from './types.js'

/**
 * A grant rule as the planner uses it (issue 15): the rule, its words for evidence, and its
 * entitlement as the app lists it now. `target` is undefined when the app no longer lists the
 * entitlement: the rule is inert (it grants nothing) and the plan's notes say so.
 */
export type CompiledGrantRule = {
  readonly rule: GrantRule
  /** describeGrantRule: "Editors (filter: department eq "Sales")". */
  readonly text: string
  readonly target: GrantTarget | undefined
}

export function compileGrantRules(
  rules: readonly GrantRule[],
  entitlements: ReadonlyMap<string, GrantTarget>,
): CompiledGrantRule[] {
  return rules.map((rule) => ({
    rule,
    text: describeGrantRule(rule),
    target: entitlements.get(rule.entitlementId),
  }))
}

/**
 * Whether the app can change a grant of an entitlement: its connector claims `manage_grants`
 * (the manual connector does, and opens a task), and the catalog does not say grants of that
 * kind never change (`grants: none` on every type of that kind). An app the catalog does not know decides by its connector.
 */
export function grantsChangeIn(
  entry: CatalogEntry | undefined,
  capabilities: ReadonlySet<Capability>,
): (target: GrantTarget) => boolean {
  if (!capabilities.has('manage_grants')) return () => false
  const types = entry?.entitlements ?? []
  const listed = new Set<EntitlementKind>(types.map((t) => t.kind))
  const changing = new Set(types.filter((t) => grantChangesOf(t) !== 'none').map((t) => t.kind))
  return (target) => !listed.has(target.kind) || changing.has(target.kind)
}

/** The plan's words for rules that grant nothing because their entitlement is gone. */
export function inertRuleNotes(
  apps: ReadonlyArray<{
    readonly app: { readonly name: string }
    readonly grantRules: readonly CompiledGrantRule[]
  }>,
): string[] {
  return apps.flatMap(({ app, grantRules }) =>
    grantRules
      .filter((r) => r.target === undefined)
      .map(
        (r) =>
          `${app.name}: the grant rule ${r.rule.id} (${r.text}) names an entitlement the app no longer lists (${r.rule.entitlementId}); it grants nothing until the entitlement is back or the rule is changed.`,
      ),
  )
}
