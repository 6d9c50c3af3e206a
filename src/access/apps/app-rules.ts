import { z } from 'zod'

/**
 * The parts of an app.json that say how the identity graph and reconciliation treat the app:
 * how its accounts are matched to people (`correlation`), what happens to accounts of people who
 * should no longer have one (`policy`), and the attribute mappings' form. Reconciliation reads
 * these; a `{}` in the database means "the defaults" (apps connected before these existed).
 */

/** Correlation rules, tried in order; the first that finds anyone decides. */
export const CORRELATION_RULES = [
  'externalId',
  'userName',
  'primaryEmail',
  'email',
  'employeeNumber',
] as const
export type CorrelationRule = (typeof CORRELATION_RULES)[number]

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'a domain name such as acme.com')

export const correlationSchema = z
  .object({
    rules: z
      .array(z.enum(CORRELATION_RULES))
      .min(1)
      .refine((rules) => new Set(rules).size === rules.length, 'a rule appears twice')
      .default([...CORRELATION_RULES]),
    /** Alias domain → the domain it stands for: `{"acme.io": "acme.com"}`. */
    domainAliases: z.record(domain, domain).default({}),
  })
  .strict()

export type Correlation = z.infer<typeof correlationSchema>

/** Operation kinds a plan can hold (reconcile/types.ts); approval policy names them. */
export const OPERATION_KINDS = [
  'create',
  'update',
  'deactivate',
  'reactivate',
  'delete',
  'task',
  'add_grant',
  'remove_grant',
] as const

/**
 * The safety rule of one app: a plan that would deactivate or delete more than `maxCount`
 * accounts, or more than `maxShare` of the app's accounts (once more than `minCount`), is held.
 */
export const safetySchema = z
  .object({
    maxShare: z.number().min(0).max(1).default(0.2),
    maxCount: z.number().int().min(0).default(50),
    minCount: z.number().int().min(0).default(5),
  })
  .strict()

export type SafetyThresholds = z.infer<typeof safetySchema>

/**
 * The service level of an app's tasks (apps without an API): how soon its owner must remove or
 * grant access, and how long before the due time the owner is reminded.
 */
export const taskSlaSchema = z
  .object({
    /** Deactivations and deletions: every hour is residual access. */
    revokeWithinHours: z
      .number()
      .min(0.25)
      .max(24 * 90)
      .default(24),
    /** Creations, updates and reactivations. */
    grantWithinHours: z
      .number()
      .min(0.25)
      .max(24 * 90)
      .default(72),
    remindBeforeHours: z
      .number()
      .min(0)
      .max(24 * 30)
      .default(4),
  })
  .strict()

export type TaskSla = z.infer<typeof taskSlaSchema>

export const policySchema = z
  .object({
    /** What happens to the account of someone who should no longer have one. */
    deprovision: z.enum(['deactivate', 'delete', 'deactivate_then_delete']).default('deactivate'),
    /** `deactivate_then_delete`: days an account stays deactivated before it is deleted. */
    deleteAfterDays: z.number().int().min(0).max(3650).default(30),
    /** Accounts nobody matches: only reported (default), or deactivated too. */
    orphans: z.enum(['report', 'deactivate']).default('report'),
    /** Operation kinds that always wait for a person's approval. */
    approve: z.array(z.enum(OPERATION_KINDS)).default(['delete']),
    safety: safetySchema.prefault({}),
    /** How often the server refreshes the app's accounts; null: only `rollcall sync`. */
    refreshMinutes: z.number().int().min(5).nullable().default(60),
    /** A privileged app (admin consoles, production access): every grant waits for approval. */
    privileged: z.boolean().default(false),
    /** Groups or roles whose grant waits for approval, matched against mapped attributes. */
    privilegedGroups: z.array(z.string().trim().min(1).max(200)).max(200).default([]),
    tasks: taskSlaSchema.prefault({}),
  })
  .strict()

export type Policy = z.infer<typeof policySchema>

/**
 * One attribute mapping: target account attribute ← expression over the person. A bare string is
 * applied always (drift is corrected); `on_create` only sets the value when the account is made.
 */
export const mappingSchema = z.union([
  z.string().min(1).max(2000),
  z
    .object({
      expression: z.string().min(1).max(2000),
      apply: z.enum(['always', 'on_create']).default('always'),
    })
    .strict(),
])

export const mappingsSchema = z.record(z.string().min(1).max(200), mappingSchema)

export type Mappings = z.infer<typeof mappingsSchema>

export type MappingEntry = {
  readonly target: string
  readonly expression: string
  readonly apply: 'always' | 'on_create'
}

/** The mappings as a list, whatever form each was written in. */
export function mappingEntries(mappings: Mappings): MappingEntry[] {
  return Object.entries(mappings).map(([target, mapping]) =>
    typeof mapping === 'string'
      ? { target, expression: mapping, apply: 'always' }
      : { target, expression: mapping.expression, apply: mapping.apply },
  )
}

export const resolveCorrelation = (value: unknown): Correlation =>
  correlationSchema.parse(value ?? {})
export const resolvePolicy = (value: unknown): Policy => policySchema.parse(value ?? {})
