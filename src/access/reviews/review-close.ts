import type { Actor } from '../../platform/audit/index.js'
import { decodeJson } from '../../platform/store/index.js'
import { ApiError } from '../../shared/api-error.js'
import { insertAccessOverride } from '../reconcile/index.js'
import { REVIEW_SYSTEM, type ReviewsDeps } from './review-deps.js'
import type { ItemEvidence } from './review-types.js'
import { reviewErrors } from './reviews-errors.js'
import {
  decideWhere,
  findReview,
  type ItemRow,
  itemsWithRevocation,
  markRevocationsPending,
  progressOf,
  type ReviewRow,
  undecidedByReviewer,
  updateItems,
  updateReview,
} from './reviews-store.js'

const DEFAULT_REASON = 'No decision by the due date: the campaign’s default'

/**
 * Closes a campaign: refused before its due date unless every item is decided (a review
 * cannot close early); otherwise the default applies to undecided items, revoked items wait for
 * their plans, and the revocations are planned at once (`planRevocations`).
 */
export async function closeReview(
  deps: ReviewsDeps,
  workspaceId: string,
  id: string,
  actor: Actor,
): Promise<ReviewRow> {
  const review = await findReview(deps.db, workspaceId, id)
  if (!review)
    throw reviewErrors.error('REVIEW_NOT_FOUND', `No access review '${id}' in this workspace.`)
  if (review.status !== 'open')
    throw reviewErrors.error(
      'REVIEW_CLOSED',
      `The access review '${review.name}' is already ${review.status}.`,
    )
  const now = deps.clock.now().toISOString()
  const { undecided } = await progressOf(deps.db, review.id)
  if (now < review.due_at && undecided > 0)
    throw reviewErrors.error(
      'REVIEW_NOT_DUE',
      `A review cannot close early: ${undecided} item(s) are undecided and the due date is ${review.due_at}.`,
      { undecided, dueAt: review.due_at },
    )
  await closeNow(deps, review, actor, now)
  await planRevocations(deps, review.id, workspaceId)
  return (await findReview(deps.db, workspaceId, id)) ?? review
}

async function closeNow(deps: ReviewsDeps, review: ReviewRow, actor: Actor, now: string) {
  const late = await undecidedByReviewer(deps.db, review.id)
  await deps.transact(async (trx) => {
    const closed = await updateReview(
      trx,
      review.id,
      { status: 'closed', closed_at: now, closed_by: JSON.stringify(actor) },
      { status: 'open' },
    )
    if (!closed)
      throw reviewErrors.error(
        'REVIEW_CLOSED',
        `The access review '${review.name}' closed meanwhile.`,
      )
    const defaulted = await decideWhere(
      trx,
      review.id,
      { status: 'undecided' },
      {
        ...{ decision: review.default_decision, reason: DEFAULT_REASON, note: null },
        ...{ actor: JSON.stringify(REVIEW_SYSTEM), email: null, at: now, byDefault: true },
      },
    )
    const revocations = await markRevocationsPending(trx, review.id)
    const progress = await progressOf(trx, review.id)
    const data = {
      name: review.name,
      defaulted,
      default: review.default_decision,
      revocations,
      progress,
    }
    const workspaceId = review.workspace_id
    await deps.audit.record(trx, {
      ...{ workspaceId, actor, action: 'review.closed' },
      target: { type: 'review', id: review.id },
      after: data,
    })
    await deps.events.append(trx, {
      ...{ workspaceId, sourceId: null, type: 'review.closed' },
      subject: { type: 'review', id: review.id },
      data,
    })
    if (
      defaulted > 0 &&
      (await updateReview(
        trx,
        review.id,
        { reminded_overdue_at: now },
        { unset: 'reminded_overdue_at' },
      ))
    )
      // The reviewers who let the due date pass, and how many items each left to the default.
      await deps.events.append(trx, {
        ...{ workspaceId, sourceId: null, type: 'review.overdue' },
        subject: { type: 'review', id: review.id },
        data: {
          name: review.name,
          dueAt: review.due_at,
          default: review.default_decision,
          reviewers: late,
        },
      })
  })
}

/**
 * Turns a closed campaign's pending revocations into access overrides ('revoke', source the
 * campaign) and plans, one per person and app (so a review applies only the access it decided,
 * with the app's safety rule and approvals), applied through the durable jobs (tasks for apps
 * without an API). Resumable: overrides already written are not written again, and the worker
 * retries what a crash left pending.
 */
export async function planRevocations(
  deps: ReviewsDeps,
  reviewId: string,
  workspaceId: string,
): Promise<number> {
  const pending = await itemsWithRevocation(deps.db, reviewId, 'pending')
  await writeOverrides(
    deps,
    workspaceId,
    reviewId,
    pending.filter((i) => i.override_id === null),
  )
  const groups = new Map<string, ItemRow[]>()
  for (const item of pending) {
    const key = `${item.app_id} ${item.person_id}`
    groups.set(key, [...(groups.get(key) ?? []), item])
  }
  await endExceptions(deps, workspaceId, pending)
  const fresh = await refreshApps(deps, workspaceId, new Set(pending.map((i) => i.app_id)))
  let planned = 0
  for (const items of groups.values()) {
    // An app that could not be read now keeps its items pending: the next round tries again.
    if (!fresh.has(items[0]?.app_id ?? '')) continue
    await planGroup(deps, workspaceId, items)
    planned += items.length
  }
  if (planned === pending.length)
    await deps.transact((trx) =>
      updateReview(
        trx,
        reviewId,
        { planned_at: deps.clock.now().toISOString() },
        { unset: 'planned_at' },
      ),
    )
  return planned
}

/**
 * Reads each app afresh so its plan starts from what the app holds now (reconciliation plans
 * nothing for an app read longer ago than its refresh policy allows); the apps whose refresh
 * succeeded.
 */
async function refreshApps(deps: ReviewsDeps, workspaceId: string, appIds: ReadonlySet<string>) {
  const fresh = new Set<string>()
  for (const appId of appIds) {
    const report = await deps.graph.refreshApp(workspaceId, appId, {
      trigger: 'api',
      actor: REVIEW_SYSTEM,
    })
    if (report.status === 'succeeded') fresh.add(appId)
  }
  return fresh
}

async function writeOverrides(
  deps: ReviewsDeps,
  workspaceId: string,
  reviewId: string,
  items: readonly ItemRow[],
): Promise<void> {
  if (items.length === 0) return
  const now = deps.clock.now().toISOString()
  await deps.transact(async (trx) => {
    for (const item of items) {
      const id = deps.ids.next()
      await insertAccessOverride(trx, {
        ...{ id, workspace_id: workspaceId, app_id: item.app_id, person_id: item.person_id },
        ...{ entitlement_id: item.kind === 'grant' ? item.entitlement_id : null },
        ...{ effect: 'revoke', until: null, source_type: 'review', source_id: reviewId },
        reason: overrideReason(item),
        created_by: JSON.stringify(decodeJson(item.decided_by) ?? REVIEW_SYSTEM),
        ...{ created_at: now, ended_at: null, ended_by: null },
      })
      await updateItems(trx, [item.id], { override_id: id })
    }
  })
}

/**
 * A revoked grant that an admin's exception kept: the review's decision is the later word, so
 * the exception ends (revoking one already ended answers the same, so a retry is harmless).
 */
async function endExceptions(deps: ReviewsDeps, workspaceId: string, items: readonly ItemRow[]) {
  for (const item of items) {
    const evidence = decodeJson<ItemEvidence>(item.evidence)
    if (item.kind !== 'grant' || !evidence.exception) continue
    try {
      await deps.exceptions.revoke(workspaceId, item.app_id, evidence.exception.id, REVIEW_SYSTEM)
    } catch (error) {
      // Gone with its entitlement or account: nothing keeps the grant any more.
      if (!(error instanceof ApiError && error.status === 404)) throw error
    }
  }
}

function overrideReason(item: ItemRow): string {
  const why = item.decision_reason ?? 'revoked'
  return item.decision === 'modify' && item.decision_note
    ? `${why} (modify: ${item.decision_note})`
    : why
}

/** One plan for one person in one app, applied; its items then await verification. */
async function planGroup(deps: ReviewsDeps, workspaceId: string, items: readonly ItemRow[]) {
  const [first] = items
  if (!first) return
  const run = { trigger: 'api', actor: REVIEW_SYSTEM } as const
  const plan = await deps.reconcile.createPlan(
    workspaceId,
    { appId: first.app_id, person: first.person_id },
    run,
    { limit: 1 },
  )
  if (plan.operations.length > 0)
    await deps.apply.apply(workspaceId, plan.id, { actor: REVIEW_SYSTEM })
  await deps.transact((trx) =>
    updateItems(
      trx,
      items.map((i) => i.id),
      { revocation: 'awaiting_verification', plan_id: plan.id },
    ),
  )
}
