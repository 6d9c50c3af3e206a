import { z } from 'zod'
import type { Db, NewRow } from '../../platform/store/index.js'
import { describeZodIssues } from '../../shared/validation.js'
import { resolveEntitlementRef } from '../apps/index.js'
import { createRequestDecisions } from './request-decisions.js'
import { effectivePolicy } from './request-policies.js'
import {
  type Caller,
  callerKey,
  mayRequest,
  parseDuration,
  type RequestPolicy,
} from './request-policy.js'
import {
  type AccessRequest,
  REQUEST_STATUSES,
  type RequestStatus,
  toAccessRequest,
} from './request-view.js'
import type { RequestsDeps } from './requests-deps.js'
import { requestErrors } from './requests-errors.js'
import {
  approvalsOf,
  findRequest,
  insertRequest,
  listRequests,
  openRequestFor,
  type RequestRow,
} from './requests-store.js'

export const requestInputSchema = z
  .object({
    appId: z.string().trim().min(1).max(200),
    /** Our id, the app's own id or the exact name; absent: an account in the app. */
    entitlementId: z.string().trim().min(1).max(200).optional(),
    /** A person id or email; absent: the member who asks. */
    personId: z.string().trim().min(1).max(320).optional(),
    reason: z.string().trim().min(1).max(500),
    duration: z.string().trim().min(1).max(20),
  })
  .strict()

export type RequestListQuery = {
  readonly mine?: boolean
  readonly toApprove?: boolean
  readonly status?: string
  readonly appId?: string
  readonly limit?: number
}

/**
 * Access requests (issue 18): a member asks for an entitlement (or an account) in an app for a
 * reason and a duration, under the app's request policy; approvers decide
 * (request-decisions.ts); an approval becomes a 'grant' access override until approval time +
 * duration, planned and applied like any other change and removed by reconciliation at its end.
 */
export function createRequestsService(deps: RequestsDeps) {
  const decisions = createRequestDecisions(deps, { view, require: requireRequest })
  const now = () => deps.clock.now().toISOString()

  async function view(db: Db, row: RequestRow): Promise<AccessRequest> {
    return toAccessRequest(row, await approvalsOf(db, [row.id]), now())
  }

  async function requireRequest(db: Db, workspaceId: string, id: string): Promise<RequestRow> {
    const row = await findRequest(db, workspaceId, id)
    if (row) return row
    throw requestErrors.error(
      'ACCESS_REQUEST_NOT_FOUND',
      `No access request '${id}' in this workspace.`,
    )
  }

  /** The entitlement a request names, live and changeable in the app; null for an account. */
  async function entitlementOf(workspaceId: string, appId: string, ref: string | undefined) {
    if (ref === undefined) return null
    const found = resolveEntitlementRef(ref, await deps.entitlements(workspaceId, appId))
    if (!found.ok)
      throw requestErrors.error(
        'ACCESS_REQUEST_ENTITLEMENT_NOT_FOUND',
        `entitlementId: ${found.message}.`,
      )
    const entitlement = found.value
    if (!(await deps.grantsChange(workspaceId, appId, entitlement.kind)))
      throw requestErrors.error(
        'ACCESS_REQUEST_ENTITLEMENT_READ_ONLY',
        `'${entitlement.displayName}' is a ${entitlement.kind} whose grants the app does not let anyone change: it cannot be requested.`,
      )
    return entitlement.id
  }

  /** Whose access: the person named (admins, or the member themselves), else the member. */
  async function personOf(workspaceId: string, ref: string | undefined, caller: Caller) {
    const own = caller.member?.email
    if (ref === undefined && own === undefined)
      throw requestErrors.error(
        'ACCESS_REQUEST_INVALID',
        'personId: whose access? A request made with a token names the person.',
      )
    const person = await deps.people.resolve(workspaceId, ref ?? own ?? '')
    const isOwn = own !== undefined && person.email?.toLowerCase() === own.toLowerCase()
    if (!isOwn && !caller.isAdmin)
      throw requestErrors.error(
        'ACCESS_REQUEST_NOT_ALLOWED',
        'Members request access for themselves; an admin may request it for someone else.',
      )
    return person
  }

  function checkDuration(seconds: number, policy: RequestPolicy) {
    const max = parseDuration(policy.maxDuration) ?? 0
    if (seconds > max)
      throw requestErrors.error(
        'ACCESS_REQUEST_DURATION_TOO_LONG',
        `duration: at most ${policy.maxDuration} under this app's request policy.`,
        { maxDuration: policy.maxDuration },
      )
  }

  return {
    ...decisions,

    /** Files a request (201), or refuses it with a clear code and writes nothing. */
    async create(workspaceId: string, body: unknown, caller: Caller): Promise<AccessRequest> {
      const parsed = requestInputSchema.safeParse(body ?? {})
      if (!parsed.success) {
        const problems = describeZodIssues(parsed.error)
        throw requestErrors.error(
          'ACCESS_REQUEST_INVALID',
          `Invalid access request: ${problems.join('; ')}`,
          { problems },
        )
      }
      const input = parsed.data
      const seconds = parseDuration(input.duration)
      if (seconds === undefined)
        throw requestErrors.error(
          'ACCESS_REQUEST_INVALID',
          `duration: '${input.duration}' is not a duration such as "7d" or "12h".`,
        )
      const app = await deps.apps.get(workspaceId, input.appId)
      const entitlementId = await entitlementOf(workspaceId, app.id, input.entitlementId)
      const policy = await effectivePolicy(deps, workspaceId, app.id, entitlementId)
      if (!mayRequest(policy, caller))
        throw requestErrors.error(
          'ACCESS_REQUEST_NOT_ALLOWED',
          `${app.name}'s request policy does not let you request this (requesters: ${describeRequesters(policy)}).`,
        )
      checkDuration(seconds, policy)
      const person = await personOf(workspaceId, input.personId, caller)
      const at = now()
      const access = { appId: app.id, personId: person.id, entitlementId }
      const open = await openRequestFor(deps.db, workspaceId, access, at)
      if (open)
        throw requestErrors.error(
          'ACCESS_REQUEST_EXISTS',
          `The request ${open.id} (${open.status}) already asks for this access.`,
          { requestId: open.id },
        )
      const row = {
        ...{ id: deps.ids.next(), workspace_id: workspaceId, app_id: app.id, person_id: person.id },
        ...{ entitlement_id: entitlementId, reason: input.reason, duration_seconds: seconds },
        ...{
          status: 'pending' as const,
          policy: JSON.stringify(policy),
          requested_by: JSON.stringify(caller.actor),
        },
        ...{ requester_key: callerKey(caller), requester_email: caller.member?.email ?? null },
        ...{ created_at: at, decided_at: null, decided_by: null, decision_reason: null },
        ...{ until: null, override_id: null, ended_at: null, ended_by: null, end_reason: null },
      } satisfies NewRow<'access_requests'>
      const created = toAccessRequest(row, [], at)
      await deps.transact(async (trx) => {
        await insertRequest(trx, row)
        await decisions.record(trx, {
          workspaceId,
          actor: caller.actor,
          verb: 'created',
          request: created,
        })
      })
      return created
    },

    async get(workspaceId: string, id: string): Promise<AccessRequest> {
      return view(deps.db, await requireRequest(deps.db, workspaceId, id))
    },

    /**
     * Newest first: `mine` (filed by the caller), `toApprove` (pending ones the caller may approve
     * and has not, never their own), `status`, `appId`.
     */
    async list(
      workspaceId: string,
      query: RequestListQuery,
      caller: Caller,
    ): Promise<AccessRequest[]> {
      const statuses = statusesOf(query)
      const limit = Math.max(1, Math.min(query.limit ?? 200, 1000))
      const rows = await listRequests(deps.db, workspaceId, {
        ...(statuses ? { statuses } : {}),
        ...(query.mine ? { requesterKey: callerKey(caller) } : {}),
        ...(query.appId ? { appId: query.appId } : {}),
        limit: query.toApprove ? 1000 : limit,
      })
      const approvals = await approvalsOf(
        deps.db,
        rows.map((r) => r.id),
      )
      const at = now()
      let views = rows.map((row) => toAccessRequest(row, approvals, at))
      if (query.status) views = views.filter((v) => v.status === query.status)
      if (query.toApprove) views = await decisions.approvable(workspaceId, views, caller)
      return views.slice(0, limit)
    },
  }
}

/** The stored statuses a filter needs (`expired` is also an approval whose `until` passed). */
function statusesOf(query: RequestListQuery): RequestRow['status'][] | undefined {
  if (query.toApprove) return ['pending']
  if (query.status === undefined) return undefined
  if (!(REQUEST_STATUSES as readonly string[]).includes(query.status))
    throw requestErrors.error(
      'ACCESS_REQUEST_INVALID',
      `status: one of ${REQUEST_STATUSES.join(', ')}.`,
    )
  const status = query.status as RequestStatus
  return status === 'expired' || status === 'approved' ? ['approved', 'expired'] : [status]
}

function describeRequesters(policy: RequestPolicy): string {
  return typeof policy.requesters === 'string' ? policy.requesters : policy.requesters.join(', ')
}

export type RequestsService = ReturnType<typeof createRequestsService>
