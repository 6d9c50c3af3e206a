import type { Actor } from '../../platform/audit/index.js'
import { type Db, decodeJson } from '../../platform/store/index.js'
import { endAccessOverride, insertAccessOverride } from '../reconcile/index.js'
import { type Caller, callerKey, mayApprove, type RequestPolicy } from './request-policy.js'
import type { AccessRequest } from './request-view.js'
import type { RequestsDeps } from './requests-deps.js'
import { requestErrors } from './requests-errors.js'
import {
  approvalsOf,
  approvedPastUntil,
  insertApproval,
  moveRequest,
  type RequestRow,
} from './requests-store.js'

/** A decision's answer: the request, and the plan that carries it out when there is one. */
export type Decided = AccessRequest & { readonly planId?: string; readonly planError?: string }

type Helpers = {
  view(db: Db, row: RequestRow): Promise<AccessRequest>
  require(db: Db, workspaceId: string, id: string): Promise<RequestRow>
}

const EXPIRY: Actor = { type: 'system', id: 'access-request-expiry' }

/** Every decision says why (it is audited with who decided). */
function reasonOf(reason: unknown, required: boolean): string | null {
  if (reason === undefined && !required) return null
  if (typeof reason !== 'string' || reason.trim() === '' || reason.length > 500)
    throw requestErrors.error(
      'ACCESS_REQUEST_INVALID',
      'reason: say why, in at most 500 characters.',
    )
  return reason.trim()
}

/**
 * Deciding requests: approve (one or two distinct approvers, never the requester nor the person
 * whose access it is), reject, cancel (the requester), revoke early (admins), and the expiry the
 * lifecycle round records. An approval writes the 'grant' access override in the same
 * transaction; then the person's access in the app is planned and applied.
 */
export function createRequestDecisions(deps: RequestsDeps, helpers: Helpers) {
  const now = () => deps.clock.now().toISOString()

  async function record(
    trx: Db,
    entry: { workspaceId: string; actor: Actor; verb: string; request: AccessRequest },
  ): Promise<void> {
    const { workspaceId, actor, verb, request } = entry
    const target = { type: 'access_request', id: request.id }
    await deps.audit.record(trx, {
      workspaceId,
      actor,
      action: `access_request.${verb}`,
      target,
      after: request,
    })
    await deps.events.append(trx, {
      ...{ workspaceId, sourceId: request.appId, type: `access_request.${verb}` },
      ...{ subject: target, data: request },
    })
  }

  /** Why the caller may not decide this pending request, if they may not. */
  async function refusal(row: RequestRow, caller: Caller, approvals: readonly string[]) {
    const person = await deps.people.resolve(row.workspace_id, row.person_id)
    const email = caller.member?.email.toLowerCase()
    const own =
      callerKey(caller) === row.requester_key ||
      (email !== undefined &&
        (email === row.requester_email?.toLowerCase() || email === person.email?.toLowerCase()))
    if (own) return requestErrors.error('ACCESS_REQUEST_SELF_APPROVAL')
    const app = await deps.apps.get(row.workspace_id, row.app_id)
    const policy = decodeJson<RequestPolicy>(row.policy)
    if (!mayApprove(policy, caller, app.owner))
      return requestErrors.error(
        'ACCESS_REQUEST_APPROVAL_FORBIDDEN',
        `The request's policy names these approvers: ${policy.approvers.join(', ')}.`,
      )
    if (approvals.includes(callerKey(caller)))
      return requestErrors.error('ACCESS_REQUEST_ALREADY_APPROVED')
    return undefined
  }

  async function pending(workspaceId: string, id: string): Promise<RequestRow> {
    const row = await helpers.require(deps.db, workspaceId, id)
    if (row.status !== 'pending')
      throw requestErrors.error(
        'ACCESS_REQUEST_NOT_PENDING',
        `The request ${id} is ${row.status}, not pending.`,
      )
    return row
  }

  /** After a commit: plan and apply the person's access in the app; the decision stands anyway. */
  async function carryOut(workspaceId: string, row: RequestRow, actor: Actor) {
    try {
      return {
        planId: await deps.planAccess(
          workspaceId,
          { appId: row.app_id, personId: row.person_id },
          actor,
        ),
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      deps.log?.warn(
        { requestId: row.id, error: message },
        'access request: the follow-up plan failed',
      )
      return { planError: message }
    }
  }

  async function approveNow(trx: Db, row: RequestRow, actor: Actor, reason: string, at: string) {
    const until = new Date(Date.parse(at) + row.duration_seconds * 1000).toISOString()
    const overrideId = deps.ids.next()
    const moved = await moveRequest(trx, row.id, 'pending', {
      ...{ status: 'approved', decided_at: at, decided_by: JSON.stringify(actor) },
      ...{ decision_reason: reason, until, override_id: overrideId },
    })
    if (!moved) throw requestErrors.error('ACCESS_REQUEST_NOT_PENDING')
    await insertAccessOverride(trx, {
      ...{ id: overrideId, workspace_id: row.workspace_id, app_id: row.app_id },
      ...{ person_id: row.person_id, entitlement_id: row.entitlement_id, effect: 'grant', until },
      ...{ source_type: 'request', source_id: row.id, reason: row.reason },
      ...{ created_by: JSON.stringify(actor), created_at: at, ended_at: null, ended_by: null },
    })
  }

  return {
    record,

    /** One approval; the last one needed approves the request and grants the access. */
    async approve(
      workspaceId: string,
      id: string,
      body: { reason?: unknown },
      caller: Caller,
    ): Promise<Decided> {
      const reason = reasonOf(body.reason, true) ?? ''
      const row = await pending(workspaceId, id)
      const given = (await approvalsOf(deps.db, [id])).map((a) => a.approver_key)
      const refused = await refusal(row, caller, given)
      if (refused) throw refused
      const at = now()
      const needed = decodeJson<RequestPolicy>(row.policy).approvals
      let approved = false
      const view = await deps.transact(async (trx) => {
        await insertApproval(trx, {
          ...{
            request_id: id,
            approver_key: callerKey(caller),
            approver: JSON.stringify(caller.actor),
          },
          ...{ reason, created_at: at },
        })
        approved = given.length + 1 >= needed
        if (approved) await approveNow(trx, row, caller.actor, reason, at)
        const request = await helpers.view(trx, await helpers.require(trx, workspaceId, id))
        const verb = approved ? 'approved' : 'approval_recorded'
        if (approved) await record(trx, { workspaceId, actor: caller.actor, verb, request })
        else
          await deps.audit.record(trx, {
            workspaceId,
            actor: caller.actor,
            action: `access_request.${verb}`,
            target: { type: 'access_request', id },
            after: { reason, approvals: given.length + 1, needed },
          })
        return request
      })
      if (!approved) return view
      return { ...view, ...(await carryOut(workspaceId, row, caller.actor)) }
    },

    async reject(
      workspaceId: string,
      id: string,
      body: { reason?: unknown },
      caller: Caller,
    ): Promise<Decided> {
      const reason = reasonOf(body.reason, true)
      const row = await pending(workspaceId, id)
      const refused = await refusal(row, caller, [])
      if (refused) throw refused
      return settle(workspaceId, row, caller.actor, {
        ...{ status: 'rejected', verb: 'rejected', decided: true, reason },
      })
    },

    /** The requester (or an admin) withdraws a pending request. */
    async cancel(
      workspaceId: string,
      id: string,
      body: { reason?: unknown },
      caller: Caller,
    ): Promise<Decided> {
      const reason = reasonOf(body.reason, false)
      const row = await pending(workspaceId, id)
      if (callerKey(caller) !== row.requester_key && !caller.isAdmin)
        throw requestErrors.error('ACCESS_REQUEST_CANCEL_FORBIDDEN')
      return settle(workspaceId, row, caller.actor, {
        ...{ status: 'cancelled', verb: 'cancelled', decided: false, reason },
      })
    },

    /** An admin ends granted access before its time: the override ends, the grant is removed. */
    async revoke(
      workspaceId: string,
      id: string,
      body: { reason?: unknown },
      caller: Caller,
    ): Promise<Decided> {
      if (!caller.isAdmin) throw requestErrors.error('ACCESS_REQUEST_REVOKE_FORBIDDEN')
      const reason = reasonOf(body.reason, true)
      const row = await helpers.require(deps.db, workspaceId, id)
      const at = now()
      if (
        row.status !== 'approved' ||
        row.until === null ||
        row.until <= at ||
        row.override_id === null
      )
        throw requestErrors.error(
          'ACCESS_REQUEST_NOT_ACTIVE',
          `The request ${id} is ${row.until !== null && row.until <= at ? 'expired' : row.status}: nothing to revoke.`,
        )
      const overrideId = row.override_id
      const view = await deps.transact(async (trx) => {
        await endAccessOverride(trx, overrideId, { at, by: JSON.stringify(caller.actor) })
        return finish(
          trx,
          workspaceId,
          row,
          caller.actor,
          { status: 'revoked', verb: 'revoked', decided: false, reason },
          at,
        )
      })
      return { ...view, ...(await carryOut(workspaceId, row, caller.actor)) }
    },

    /** Pending requests the caller may approve now (not their own, not approved by them yet). */
    async approvable(
      workspaceId: string,
      views: readonly AccessRequest[],
      caller: Caller,
    ): Promise<AccessRequest[]> {
      const out: AccessRequest[] = []
      for (const view of views) {
        if (view.status !== 'pending') continue
        const row = await helpers.require(deps.db, workspaceId, view.id)
        const keys = (await approvalsOf(deps.db, [view.id])).map((a) => a.approver_key)
        if (!(await refusal(row, caller, keys))) out.push(view)
      }
      return out
    },

    /** Records approvals whose `until` passed as expired (the lifecycle round); how many. */
    async expireDue(): Promise<number> {
      const at = now()
      let expired = 0
      for (const row of await approvedPastUntil(deps.db, at, 500)) {
        await deps.transact(async (trx) => {
          const moved = await moveRequest(trx, row.id, 'approved', {
            ...{ status: 'expired', ended_at: row.until, ended_by: JSON.stringify(EXPIRY) },
            end_reason: 'its duration ended',
          })
          if (!moved) return
          expired += 1
          const request = await helpers.view(
            trx,
            await helpers.require(trx, row.workspace_id, row.id),
          )
          await record(trx, {
            workspaceId: row.workspace_id,
            actor: EXPIRY,
            verb: 'expired',
            request,
          })
        })
      }
      return expired
    },
  }

  type Settle = {
    status: RequestRow['status']
    verb: string
    decided: boolean
    reason: string | null
  }

  async function settle(
    workspaceId: string,
    row: RequestRow,
    actor: Actor,
    how: Settle,
  ): Promise<Decided> {
    return deps.transact((trx) => finish(trx, workspaceId, row, actor, how, now()))
  }

  async function finish(
    trx: Db,
    workspaceId: string,
    row: RequestRow,
    actor: Actor,
    how: Settle,
    at: string,
  ) {
    const who = JSON.stringify(actor)
    const moved = await moveRequest(
      trx,
      row.id,
      row.status,
      how.decided
        ? { status: how.status, decided_at: at, decided_by: who, decision_reason: how.reason }
        : { status: how.status, ended_at: at, ended_by: who, end_reason: how.reason },
    )
    if (!moved) throw requestErrors.error('ACCESS_REQUEST_NOT_PENDING')
    const request = await helpers.view(trx, await helpers.require(trx, workspaceId, row.id))
    await record(trx, { workspaceId, actor, verb: how.verb, request })
    return request
  }
}
