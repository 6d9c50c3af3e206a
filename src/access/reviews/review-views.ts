import type { Actor } from '../../platform/audit/index.js'
import { decodeJson } from '../../platform/store/index.js'
import type {
  ItemEvidence,
  Review,
  ReviewersSpec,
  ReviewItem,
  ReviewProgress,
  ReviewScope,
} from './review-types.js'
import type { ItemRow, ReviewRow } from './reviews-store.js'

/** A campaign row as the API shows it. */
export function toReview(row: ReviewRow, progress: ReviewProgress): Review {
  return {
    id: row.id,
    name: row.name,
    scope: decodeJson<ReviewScope>(row.scope),
    reviewers: decodeJson<ReviewersSpec>(row.reviewers),
    dueAt: row.due_at,
    defaultDecision: row.default_decision,
    remindAt: row.remind_at,
    status: row.status,
    createdBy: decodeJson<Actor>(row.created_by),
    createdAt: row.created_at,
    closedAt: row.closed_at,
    completedAt: row.completed_at,
    progress,
  }
}

/** An item row as the API shows it. */
export function toItem(row: ItemRow): ReviewItem {
  return {
    id: row.id,
    position: row.position,
    kind: row.kind,
    app: { id: row.app_id, name: row.app_name },
    person: { id: row.person_id, email: row.person_email },
    account: { id: row.account_id, userName: row.account_user_name },
    entitlement:
      row.entitlement_id === null
        ? null
        : {
            id: row.entitlement_id,
            name: row.entitlement_name ?? '',
            privileged: row.privileged === 1,
          },
    grantId: row.grant_id,
    reviewer: row.reviewer,
    evidence: decodeJson<ItemEvidence>(row.evidence),
    decision: row.decision,
    reason: row.decision_reason,
    note: row.decision_note,
    decidedBy:
      row.decided_by === null
        ? null
        : { actor: decodeJson<Actor>(row.decided_by), email: row.decided_by_email },
    decidedAt: row.decided_at,
    byDefault: row.by_default === 1,
    revocation: row.revocation,
    planId: row.plan_id,
    verifiedAt: row.verified_at,
  }
}
