/** Access requests (issue 18) as /api/access-requests shows them (src/access/requests). */

export type AccessRequestStatus =
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'cancelled'
  | 'expired'
  | 'revoked'

export type AccessRequest = {
  id: string
  appId: string
  /** Null: an account in the app. */
  entitlementId: string | null
  personId: string
  reason: string
  duration: string
  status: AccessRequestStatus
  requesterEmail: string | null
  createdAt: string
  policy: { approvals: number }
  approvals: ReadonlyArray<{ reason: string; at: string }>
  decidedAt: string | null
  decisionReason: string | null
  until: string | null
  endReason: string | null
}
