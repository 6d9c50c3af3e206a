import { z } from 'zod'
import type { Actor } from '../../platform/audit/index.js'

/**
 * Request policies (issue 18), pure: who may ask for access in an app (or for one of its
 * entitlements), who approves, how many approvals it takes, and the longest duration. An
 * entitlement's policy replaces the app's; with neither, DEFAULT_POLICY applies.
 */
export type RequestPolicy = {
  /** `anyone` (every member), `nobody`, or the member emails that may. */
  readonly requesters: 'anyone' | 'nobody' | readonly string[]
  /** `owner` (the app's owner), `admins` (workspace admins and owners), or member emails. */
  readonly approvers: readonly string[]
  /** Distinct approvals needed. */
  readonly approvals: 1 | 2
  /** The longest access a request may ask for: `<n>d` or `<n>h`. */
  readonly maxDuration: string
}

export const DEFAULT_POLICY: RequestPolicy = {
  requesters: 'anyone',
  approvers: ['owner', 'admins'],
  approvals: 1,
  maxDuration: '30d',
}

/** No request grants access for more than a year: longer access is a rule's job. */
export const MAX_DURATION_SECONDS = 365 * 86_400

const DURATION = /^(\d{1,6})([dh])$/

/** `7d` / `12h` (or ISO 8601 `P7D` / `PT12H`) in seconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim()
  const iso = /^P(?:(\d{1,6})D|T(\d{1,6})H)$/i.exec(trimmed)
  const plain = DURATION.exec(trimmed.toLowerCase())
  const days = iso?.[1] ?? (plain?.[2] === 'd' ? plain[1] : undefined)
  const hours = iso?.[2] ?? (plain?.[2] === 'h' ? plain[1] : undefined)
  const seconds = days ? Number(days) * 86_400 : hours ? Number(hours) * 3_600 : undefined
  return seconds && seconds > 0 ? seconds : undefined
}

const duration = z
  .string()
  .refine((text) => parseDuration(text) !== undefined, 'a duration such as "7d" or "12h"')
  .refine((text) => (parseDuration(text) ?? 0) <= MAX_DURATION_SECONDS, 'at most a year ("365d")')

const email = z.email().transform((e) => e.toLowerCase())

export const requestPolicySchema = z
  .object({
    requesters: z
      .union([z.enum(['anyone', 'nobody']), z.array(email).min(1).max(500)])
      .default('anyone'),
    approvers: z
      .array(z.union([z.enum(['owner', 'admins']), email]))
      .min(1)
      .max(50)
      .default(['owner', 'admins']),
    approvals: z.union([z.literal(1), z.literal(2)]).default(1),
    maxDuration: duration.default('30d'),
  })
  .strict()

/** `PUT /api/apps/:id/request-policies`: the app's policy and each entitlement's, whole. */
export const requestPoliciesSchema = z
  .object({
    app: requestPolicySchema.nullable().optional(),
    entitlements: z.record(z.string().min(1).max(200), requestPolicySchema).optional(),
  })
  .strict()

/** Who calls, as the policies see them. */
export type Caller = {
  readonly actor: Actor
  /** Holds `integrations:manage`: a workspace admin or owner, a token they issued, the CLI. */
  readonly isAdmin: boolean
  /** The workspace member behind the call, when there is one (a console session, `--as`). */
  readonly member?: { readonly id: string; readonly email: string }
}

/** One key per person who decides: a member by id, anyone else by credential. */
export function callerKey(caller: Caller): string {
  return caller.member ? `member:${caller.member.id}` : `${caller.actor.type}:${caller.actor.id}`
}

/**
 * Whether the caller may file a request under this policy. Admins may file one for anyone
 * unless the policy says `nobody` (they could write a grant rule anyway); members as it lists.
 */
export function mayRequest(policy: RequestPolicy, caller: Caller): boolean {
  if (policy.requesters === 'nobody') return false
  if (policy.requesters === 'anyone' || caller.isAdmin) return true
  const email = caller.member?.email.toLowerCase()
  return email !== undefined && policy.requesters.includes(email)
}

/** Whether the policy names the caller as an approver (the app's owner by email). */
export function mayApprove(
  policy: RequestPolicy,
  caller: Caller,
  appOwner: string | null,
): boolean {
  const email = caller.member?.email.toLowerCase()
  return policy.approvers.some((who) => {
    if (who === 'admins') return caller.isAdmin
    if (who === 'owner') return email !== undefined && email === appOwner?.toLowerCase()
    return email !== undefined && who === email
  })
}

/** A policy's problems that the schema cannot see: two approvals from a single approver. */
export function policyProblems(policy: RequestPolicy, at: string): string[] {
  const many = policy.approvers.includes('admins') || policy.approvers.length >= 2
  return policy.approvals === 2 && !many
    ? [`${at}.approvals: two approvals need at least two possible approvers (or 'admins')`]
    : []
}

/** The member emails a policy names (each must be a member of the workspace). */
export function namedMembers(policy: RequestPolicy): string[] {
  const requesters = Array.isArray(policy.requesters) ? policy.requesters : []
  const approvers = policy.approvers.filter((a) => a !== 'owner' && a !== 'admins')
  return [...new Set([...requesters, ...approvers])]
}
