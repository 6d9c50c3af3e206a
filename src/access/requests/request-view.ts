import type { Actor } from '../../platform/audit/index.js'
import { decodeJson } from '../../platform/store/index.js'
import type { RequestPolicy } from './request-policy.js'
import type { ApprovalRow, RequestRow } from './requests-store.js'

export const REQUEST_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'cancelled',
  'expired',
  'revoked',
] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]

/** An access request as the API, the CLI and (later) the console show it. */
export type AccessRequest = {
  readonly id: string
  readonly appId: string
  /** Null: the request is for an account in the app. */
  readonly entitlementId: string | null
  readonly personId: string
  readonly reason: string
  /** `7d` or `12h`. */
  readonly duration: string
  readonly durationSeconds: number
  /** `approved` turns `expired` as soon as `until` passes (the lifecycle round records it). */
  readonly status: RequestStatus
  readonly requestedBy: Actor
  readonly requesterEmail: string | null
  readonly createdAt: string
  /** The policy in force when it was made: who approves, how many, the longest duration. */
  readonly policy: RequestPolicy
  readonly approvals: ReadonlyArray<{ approver: Actor; reason: string; at: string }>
  readonly decidedAt: string | null
  readonly decidedBy: Actor | null
  readonly decisionReason: string | null
  /** When the access ends (approval time + duration). */
  readonly until: string | null
  /** The access override an approval wrote (src/access/reconcile). */
  readonly overrideId: string | null
  readonly endedAt: string | null
  readonly endedBy: Actor | null
  readonly endReason: string | null
}

export function formatDuration(seconds: number): string {
  return seconds % 86_400 === 0 ? `${seconds / 86_400}d` : `${Math.ceil(seconds / 3_600)}h`
}

/** The status at `now`: an approval whose `until` passed has expired. */
export function statusAt(row: Pick<RequestRow, 'status' | 'until'>, now: string): RequestStatus {
  return row.status === 'approved' && row.until !== null && row.until <= now
    ? 'expired'
    : row.status
}

export function toAccessRequest(
  row: RequestRow,
  approvals: readonly ApprovalRow[],
  now: string,
): AccessRequest {
  return {
    ...{ id: row.id, appId: row.app_id, entitlementId: row.entitlement_id },
    ...{ personId: row.person_id, reason: row.reason },
    duration: formatDuration(row.duration_seconds),
    durationSeconds: row.duration_seconds,
    status: statusAt(row, now),
    requestedBy: decodeJson<Actor>(row.requested_by),
    requesterEmail: row.requester_email,
    createdAt: row.created_at,
    policy: decodeJson<RequestPolicy>(row.policy),
    approvals: approvals
      .filter((a) => a.request_id === row.id)
      .map((a) => ({
        approver: decodeJson<Actor>(a.approver),
        reason: a.reason,
        at: a.created_at,
      })),
    decidedAt: row.decided_at,
    decidedBy: row.decided_by === null ? null : decodeJson<Actor>(row.decided_by),
    decisionReason: row.decision_reason,
    until: row.until,
    overrideId: row.override_id,
    endedAt: row.ended_at,
    endedBy: row.ended_by === null ? null : decodeJson<Actor>(row.ended_by),
    endReason: row.end_reason,
  }
}
