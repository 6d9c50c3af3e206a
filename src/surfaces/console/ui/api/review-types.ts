/** Access reviews (issue 18) as /api/reviews shows them (src/access/reviews/review-types.ts). */

export type ReviewDecision = 'keep' | 'revoke' | 'modify'
export type ReviewStatus = 'open' | 'closed' | 'completed'

export type ReviewProgress = {
  items: number
  decided: number
  undecided: number
  kept: number
  revoked: number
  awaitingVerification: number
  verified: number
}

export type Review = {
  id: string
  name: string
  reviewers:
    | { type: 'app_owner' }
    | { type: 'manager' }
    | { type: 'members'; emails: readonly string[] }
  dueAt: string
  defaultDecision: 'keep' | 'revoke'
  status: ReviewStatus
  createdAt: string
  closedAt: string | null
  completedAt: string | null
  progress: ReviewProgress
}

export type ReviewItemEvidence = {
  reason: 'rule' | 'exception' | 'request' | 'revoked' | 'none' | 'link'
  words: string
  lastLoginAt: string | null
  since: string
}

export type ReviewItem = {
  id: string
  position: number
  kind: 'account' | 'grant'
  app: { id: string; name: string }
  person: { id: string; email: string | null }
  account: { id: string; userName: string }
  entitlement: { id: string; name: string; privileged: boolean } | null
  reviewer: string | null
  evidence: ReviewItemEvidence
  decision: ReviewDecision | null
  reason: string | null
  decidedAt: string | null
  byDefault: boolean
  revocation: 'pending' | 'awaiting_verification' | 'verified' | null
}

export type ReviewItemsPage = { items: ReviewItem[]; nextAfter?: number }
