import { z } from 'zod'
import { parseFilter } from '../../protocol/scim/filter/index.js'
import { describeZodIssues } from '../../shared/validation.js'
import type { Decision, ItemFilter, ReviewersSpec, ReviewScope } from './review-types.js'
import { reviewErrors } from './reviews-errors.js'

const id = z.string().trim().min(1).max(200)
const email = z
  .string()
  .trim()
  .min(3)
  .max(320)
  .regex(/^[^@\s]+@[^@\s]+$/, 'not an email')

const scopeSchema = z
  .object({
    apps: z.array(id).min(1).max(500).optional(),
    entitlements: z.array(id).min(1).max(1000).optional(),
    privilegedOnly: z.boolean().optional(),
    people: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .superRefine((text, context) => {
        const parsed = parseFilter(text)
        if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.error.detail })
      })
      .optional(),
  })
  .strict()
  .refine(
    (s) => s.apps || s.entitlements || s.privilegedOnly === true || s.people,
    'say what to review: apps, entitlements, privilegedOnly or people',
  )

const reviewersSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('app_owner') }).strict(),
  z.object({ type: z.literal('manager') }).strict(),
  z.object({ type: z.literal('members'), emails: z.array(email).min(1).max(100) }).strict(),
])

export const reviewInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    scope: scopeSchema,
    reviewers: reviewersSchema,
    dueAt: z.iso.datetime({ offset: true }),
    default: z.enum(['keep', 'revoke']),
    /** The "due soon" reminder goes this many hours before the due date (default 48). */
    remindBeforeHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 90)
      .optional(),
  })
  .strict()

export type ReviewInput = {
  readonly name: string
  readonly scope: ReviewScope
  readonly reviewers: ReviewersSpec
  readonly dueAt: string
  readonly defaultDecision: 'keep' | 'revoke'
  readonly remindAt: string
}

const DEFAULT_REMIND_HOURS = 48

/** Validates a campaign; the due date must be in the future. Throws REVIEW_INVALID. */
export function parseReviewInput(body: unknown, now: Date): ReviewInput {
  const parsed = reviewInputSchema.safeParse(body)
  if (!parsed.success) throw invalid(describeZodIssues(parsed.error))
  const { name, scope, reviewers, dueAt, remindBeforeHours } = parsed.data
  const due = new Date(dueAt)
  if (due.getTime() <= now.getTime())
    throw invalid([`dueAt: ${dueAt} is not in the future (now is ${now.toISOString()})`])
  const remind = due.getTime() - (remindBeforeHours ?? DEFAULT_REMIND_HOURS) * 3_600_000
  return {
    ...{ name, defaultDecision: parsed.data.default, dueAt: due.toISOString() },
    scope: scope as ReviewScope,
    reviewers: normalizeReviewers(reviewers as ReviewersSpec),
    remindAt: new Date(Math.max(remind, now.getTime())).toISOString(),
  }
}

function normalizeReviewers(spec: ReviewersSpec): ReviewersSpec {
  if (spec.type !== 'members') return spec
  return { type: 'members', emails: [...new Set(spec.emails.map((e) => e.toLowerCase()))] }
}

export function invalid(problems: string[]) {
  return reviewErrors.error('REVIEW_INVALID', `Invalid access review: ${problems.join('; ')}`, {
    problems,
  })
}

const decisionSchema = z
  .object({
    decision: z.enum(['keep', 'revoke', 'modify']),
    reason: z.string().trim().min(1).max(1000),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
  .refine((d) => d.decision !== 'modify' || d.note !== undefined, {
    message: 'modify needs a note saying what should change',
    path: ['note'],
  })

export type DecisionInput = { decision: Decision; reason: string; note: string | null }

/** A decision with its reason (and, for modify, the note of what should change). */
export function parseDecision(body: unknown): DecisionInput {
  const parsed = decisionSchema.safeParse(body)
  if (!parsed.success) {
    const problems = describeZodIssues(parsed.error)
    throw reviewErrors.error(
      'REVIEW_DECISION_INVALID',
      `Invalid decision: ${problems.join('; ')}`,
      { problems },
    )
  }
  return { ...parsed.data, note: parsed.data.note ?? null }
}

const filterSchema = z
  .object({
    appId: id.optional(),
    entitlementId: id.optional(),
    personId: id.optional(),
    kind: z.enum(['account', 'grant']).optional(),
    reasonKind: z.enum(['rule', 'exception', 'request', 'revoked', 'none', 'link']).optional(),
    status: z
      .enum([
        'undecided',
        'decided',
        'keep',
        'revoke',
        'modify',
        'pending',
        'awaiting_verification',
        'verified',
      ])
      .optional(),
    reviewer: email.optional(),
  })
  .strict()

/** Item filters from a query string or a bulk decision's `filter`. */
export function parseItemFilter(value: unknown): ItemFilter {
  const parsed = filterSchema.safeParse(value ?? {})
  if (!parsed.success) {
    const problems = describeZodIssues(parsed.error)
    throw reviewErrors.error('REVIEW_INVALID', `Invalid item filter: ${problems.join('; ')}`, {
      problems,
    })
  }
  const { reviewer, ...rest } = parsed.data
  return { ...rest, ...(reviewer ? { reviewer: reviewer.toLowerCase() } : {}) }
}
