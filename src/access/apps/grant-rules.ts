import { z } from 'zod'
import { parseFilter } from '../../protocol/scim/filter/index.js'

/**
 * Grant rules (issue 15): which entitlements an app's accounts get. A rule without a filter is a
 * birthright grant (everyone the app's assignment selects); a rule with a SCIM filter over people
 * (`department eq "Sales"`, `groups.display eq "Engineering"`) grants it to those of the assigned
 * people it selects. `until` makes the grant time-bound: after it, reconciliation plans the
 * removal and no later sync grants it again.
 */
export const grantRuleInputSchema = z
  .object({
    /** Our entitlement id (`ent_…`), the app's own id for it, or its exact display name. */
    entitlement: z.string().trim().min(1).max(500),
    filter: z
      .string()
      .min(1)
      .max(4000)
      .superRefine((text, context) => {
        const parsed = parseFilter(text)
        if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.error.detail })
      })
      .optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    /** Why the rule exists, for the people reviewing it. */
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .strict()

export type GrantRuleInput = z.infer<typeof grantRuleInputSchema>

/** At most this many rules per app: each is a predicate in every reconcile's people query. */
export const MAX_GRANT_RULES = 200

export const grantRulesInputSchema = z.array(grantRuleInputSchema).max(MAX_GRANT_RULES)

/**
 * A grant rule as stored on the app (`apps.grant_rules`): the entitlement resolved to our id
 * when the rule was saved (a rename in the app does not break it), its name then kept for
 * words, and the rule's own id so findings and the person's access can name the rule.
 */
export type GrantRule = {
  readonly id: string
  readonly entitlementId: string
  /** The entitlement's display name when the rule was saved (for words; the id decides). */
  readonly entitlementName: string
  readonly filter?: string
  readonly until?: string
  readonly reason?: string
  readonly createdAt: string
}

/** The rule in words: "Editors (everyone assigned)", "sales (filter: department eq "Sales")". */
export function describeGrantRule(rule: GrantRule): string {
  const who = rule.filter === undefined ? 'everyone assigned' : `filter: ${rule.filter}`
  const until = rule.until === undefined ? '' : `, until ${rule.until}`
  return `${rule.entitlementName} (${who}${until})`
}
