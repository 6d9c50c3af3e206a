import { closeReview, planRevocations } from './review-close.js'
import { REVIEW_SYSTEM, type ReviewsDeps } from './review-deps.js'
import { accountsNow, type GraphNow, grantsNow } from './review-scope-store.js'
import {
  type ItemRow,
  itemsWithRevocation,
  progressOf,
  type ReviewRow,
  reviewsIn,
  undecidedByReviewer,
  updateItems,
  updateReview,
} from './reviews-store.js'

const BATCH = 100

/**
 * The worker's round over every workspace (the server runs it with the lifecycle round; tests
 * call it): "due soon" reminders, campaigns at their due date closed with their default,
 * revocations a crash left unplanned planned again, and revoked items verified against the
 * graph (a listing or an import that shows the access gone), completing campaigns whose every
 * revocation is verified.
 */
export async function runReviewRound(deps: ReviewsDeps) {
  const reminders = await sendReminders(deps)
  const closed = await closeDue(deps)
  const planned = await replan(deps)
  const { verified, completed } = await verifyClosed(deps)
  return { reminders, closed, planned, verified, completed }
}

async function sendReminders(deps: ReviewsDeps): Promise<number> {
  const now = deps.clock.now().toISOString()
  let sent = 0
  for (const review of await reviewsIn(deps.db, 'open', { limit: BATCH })) {
    if (review.remind_at > now || review.due_at <= now || review.reminded_due_at !== null) continue
    const reviewers = await undecidedByReviewer(deps.db, review.id)
    if (reviewers.length === 0) continue
    const claimed = await deps.transact(async (trx) => {
      if (
        !(await updateReview(
          trx,
          review.id,
          { reminded_due_at: now },
          { unset: 'reminded_due_at' },
        ))
      )
        return false
      await deps.events.append(trx, {
        ...{ workspaceId: review.workspace_id, sourceId: null, type: 'review.reminder_due_soon' },
        subject: { type: 'review', id: review.id },
        data: { name: review.name, dueAt: review.due_at, reviewers },
      })
      return true
    })
    if (claimed) sent += 1
  }
  return sent
}

async function closeDue(deps: ReviewsDeps): Promise<number> {
  const now = deps.clock.now().toISOString()
  let closed = 0
  for (const review of await reviewsIn(deps.db, 'open', { dueBy: now, limit: BATCH })) {
    await closeReview(deps, review.workspace_id, review.id, REVIEW_SYSTEM)
    closed += 1
  }
  return closed
}

async function replan(deps: ReviewsDeps): Promise<number> {
  let planned = 0
  for (const review of await reviewsIn(deps.db, 'closed', { limit: 1000 }))
    if (review.planned_at === null)
      planned += await planRevocations(deps, review.id, review.workspace_id)
  return planned
}

async function verifyClosed(deps: ReviewsDeps) {
  let verified = 0
  let completed = 0
  for (const review of await reviewsIn(deps.db, 'closed', { limit: 1000 })) {
    const settled = await settleReview(deps, review)
    verified += settled.verified
    if (settled.completed) completed += 1
  }
  return { verified, completed }
}

/** Verifies a closed campaign's revoked items and completes it when none is left waiting. */
export async function settleReview(
  deps: ReviewsDeps,
  review: ReviewRow,
): Promise<{ verified: number; completed: boolean }> {
  if (review.status !== 'closed' || review.planned_at === null)
    return { verified: 0, completed: false }
  const verified = await verifyReview(deps, review)
  return { verified, completed: await completeIfVerified(deps, review) }
}

/** Marks revoked items whose access the graph shows gone; one event per item. */
async function verifyReview(deps: ReviewsDeps, review: ReviewRow): Promise<number> {
  const waiting = await itemsWithRevocation(deps.db, review.id, 'awaiting_verification')
  if (waiting.length === 0) return 0
  const grants = await grantsNow(
    deps.db,
    waiting.flatMap((i) => (i.grant_id ? [i.grant_id] : [])),
  )
  const accounts = await accountsNow(
    deps.db,
    waiting.filter((i) => i.kind === 'account').map((i) => i.account_id),
  )
  const now = deps.clock.now().toISOString()
  const gone = waiting.flatMap((item) => {
    const seen: GraphNow | undefined =
      item.kind === 'grant' ? grants.get(item.grant_id ?? '') : accounts.get(item.account_id)
    // A row the graph no longer has at all is gone too (an account deleted with its grants).
    return seen === undefined || seen.gone ? [{ item, at: seen?.at ?? now }] : []
  })
  if (gone.length === 0) return 0
  await deps.transact(async (trx) => {
    for (const { item, at } of gone)
      await updateItems(trx, [item.id], { revocation: 'verified', verified_at: at })
    await deps.events.appendMany(
      trx,
      gone.map(({ item, at }) => verifiedEvent(review, item, at)),
    )
    await deps.audit.record(trx, {
      ...{
        workspaceId: review.workspace_id,
        actor: REVIEW_SYSTEM,
        action: 'review.items_verified',
      },
      target: { type: 'review', id: review.id },
      after: { items: gone.map(({ item, at }) => ({ id: item.id, verifiedAt: at })) },
    })
  })
  return gone.length
}

function verifiedEvent(review: ReviewRow, item: ItemRow, at: string) {
  return {
    ...{ workspaceId: review.workspace_id, sourceId: item.app_id, type: 'review.item_verified' },
    subject: { type: 'review_item', id: item.id },
    data: {
      ...{ reviewId: review.id, appId: item.app_id, personId: item.person_id, kind: item.kind },
      ...{ accountId: item.account_id, entitlementId: item.entitlement_id, verifiedAt: at },
    },
  }
}

async function completeIfVerified(deps: ReviewsDeps, review: ReviewRow): Promise<boolean> {
  const progress = await progressOf(deps.db, review.id)
  if (progress.awaitingVerification > 0) return false
  const now = deps.clock.now().toISOString()
  return deps.transact(async (trx) => {
    const done = await updateReview(
      trx,
      review.id,
      { status: 'completed', completed_at: now },
      { status: 'closed' },
    )
    if (!done) return false
    const data = { name: review.name, progress }
    await deps.audit.record(trx, {
      ...{ workspaceId: review.workspace_id, actor: REVIEW_SYSTEM, action: 'review.completed' },
      target: { type: 'review', id: review.id },
      after: data,
    })
    await deps.events.append(trx, {
      ...{ workspaceId: review.workspace_id, sourceId: null, type: 'review.completed' },
      subject: { type: 'review', id: review.id },
      data,
    })
    return true
  })
}
