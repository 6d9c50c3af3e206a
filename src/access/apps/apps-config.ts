import { z } from 'zod'
import { parseFilter } from '../../protocol/scim/filter/index.js'
import { correlationSchema, mappingsSchema, policySchema } from './app-rules.js'
import { grantRulesInputSchema } from './grant-rules.js'

/**
 * Who gets an account (DESIGN: `app connect`): everyone, the people a SCIM filter over people
 * selects, or a list. The filter is parsed now, so a typo fails at connect time, not at the
 * first reconcile.
 */
export const assignmentSchema = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z
    .object({
      filter: z
        .string()
        .min(1)
        .superRefine((text, context) => {
          const parsed = parseFilter(text)
          if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.error.detail })
        }),
    })
    .strict(),
  z.object({ people: z.array(z.email()).max(100_000) }).strict(),
])

export type Assignment = z.infer<typeof assignmentSchema>

export { mappingsSchema } from './app-rules.js'

/**
 * An app.json: the catalog entry, a name, and either a connection (apps with an API) or an owner
 * who receives tasks (apps without). The connection itself is checked by the app's connector.
 */
export const appConfigSchema = z
  .object({
    catalogId: z.string().min(1).max(100),
    name: z.string().trim().min(1).max(200),
    connection: z.unknown().optional(),
    // Nobody is assigned until the admin says who: a new app never provisions by surprise.
    assignment: assignmentSchema.default({ people: [] }),
    mappings: mappingsSchema.default({}),
    correlation: correlationSchema.prefault({}),
    policy: policySchema.prefault({}),
    owner: z.email().optional(),
    /**
     * Accepted only empty: a rule names an entitlement, and an app's entitlements are known only
     * after its first refresh (`app update` sets them then).
     */
    grants: z.array(z.unknown()).optional(),
  })
  .strict()

/**
 * What `app update` may change: the rules, never the catalog entry or the connection (a new
 * connection is a new app, so its secret is sealed for it).
 */
export const appRulesUpdateSchema = z
  .object({
    assignment: assignmentSchema.optional(),
    mappings: mappingsSchema.optional(),
    correlation: correlationSchema.optional(),
    policy: policySchema.optional(),
    owner: z.email().optional(),
    /** The whole list of grant rules (replaces the app's). */
    grants: grantRulesInputSchema.optional(),
  })
  .strict()

export type AppRulesUpdate = z.infer<typeof appRulesUpdateSchema>

export type AppConfig = z.infer<typeof appConfigSchema>
