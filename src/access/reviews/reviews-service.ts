import type { Actor } from '../../platform/audit/index.js'
import { decodeJson } from '../../platform/store/index.js'
import { closeReview } from './review-close.js'
import { createReview } from './review-create.js'
import { decideByFilter, decideItems, memberEmailOf } from './review-decide.js'
import type { Caller, ReviewsDeps } from './review-deps.js'
import { parseItemFilter } from './review-input.js'
import { type ReportFormat, reviewReport } from './review-report.js'
import { runReviewRound, settleReview } from './review-rounds.js'
import { peopleWithEmail } from './review-scope-store.js'
import type { Review, ReviewersSpec, ReviewItem } from './review-types.js'
import { toItem, toReview } from './review-views.js'
import { reviewErrors } from './reviews-errors.js'
import {
  findItems,
  findReview,
  type ItemConditions,
  itemsPage,
  listReviews,
  progressOf,
} from './reviews-store.js'

export type ReviewsService = ReturnType<typeof createReviewsService>

const MAX_PAGE = 1000

/**
 * Access reviews (issue 18): create a campaign (its items snapshotted with evidence), list and
 * show campaigns and their items (a reviewer's queue: `reviewer`), decide items one by one or
 * by filter, close (the default for undecided items, revocations planned and applied), export
 * the report, and the worker's round (reminders, due closings, verification).
 */
export function createReviewsService(deps: ReviewsDeps) {
  async function require(workspaceId: string, id: string) {
    const row = await findReview(deps.db, workspaceId, id)
    if (!row)
      throw reviewErrors.error('REVIEW_NOT_FOUND', `No access review '${id}' in this workspace.`)
    return row
  }

  async function get(workspaceId: string, id: string): Promise<Review> {
    const row = await require(workspaceId, id)
    return toReview(row, await progressOf(deps.db, row.id))
  }

  return {
    async create(workspaceId: string, body: unknown, actor: Actor): Promise<Review> {
      const { id } = await createReview(deps, workspaceId, body, actor)
      return get(workspaceId, id)
    },

    async list(workspaceId: string, status?: string): Promise<Review[]> {
      const rows = await listReviews(deps.db, workspaceId, status)
      return Promise.all(rows.map(async (row) => toReview(row, await progressOf(deps.db, row.id))))
    },

    get,

    /**
     * A page of items in snapshot order; `reviewer: 'me'` is the caller's queue (the items they
     * may decide, undecided first by `status=undecided`).
     */
    async items(
      workspaceId: string,
      id: string,
      query: Record<string, unknown>,
      caller?: Caller,
    ): Promise<{ items: ReviewItem[]; nextAfter?: number }> {
      const review = await require(workspaceId, id)
      const { after, limit, ...rest } = query
      const filter = await queueFilter(workspaceId, review.reviewers, rest, caller)
      const page = pageOf(after, limit)
      const rows = await itemsPage(deps.db, review.id, filter, {
        after: page.after,
        limit: page.limit + 1,
      })
      const shown = rows.slice(0, page.limit)
      const nextAfter = rows.length > page.limit ? shown.at(-1)?.position : undefined
      return { items: shown.map(toItem), ...(nextAfter !== undefined ? { nextAfter } : {}) }
    },

    async item(workspaceId: string, id: string, itemId: string): Promise<ReviewItem> {
      const review = await require(workspaceId, id)
      const [row] = await findItems(deps.db, review.id, [itemId])
      if (!row)
        throw reviewErrors.error(
          'REVIEW_ITEM_NOT_FOUND',
          `No item '${itemId}' in this access review.`,
        )
      return toItem(row)
    },

    decide: (workspaceId: string, id: string, body: Record<string, unknown>, caller: Caller) =>
      decideItems(deps, workspaceId, id, body, caller),

    decideBulk: (workspaceId: string, id: string, body: Record<string, unknown>, caller: Caller) =>
      decideByFilter(deps, workspaceId, id, body, caller),

    async close(workspaceId: string, id: string, actor: Actor): Promise<Review> {
      const closed = await closeReview(deps, workspaceId, id, actor)
      await settleReview(deps, closed)
      return get(workspaceId, id)
    },

    async *report(workspaceId: string, id: string, format: ReportFormat): AsyncGenerator<string> {
      yield* reviewReport(deps, await get(workspaceId, id), format)
    },

    /** The worker's round (all workspaces): reminders, due closings, verification. */
    runRound: () => runReviewRound(deps),
  }

  async function queueFilter(
    workspaceId: string,
    reviewers: unknown,
    query: Record<string, unknown>,
    caller: Caller | undefined,
  ): Promise<ItemConditions> {
    if (query.reviewer !== 'me') return parseItemFilter(query)
    const email = caller ? await memberEmailOf(deps, workspaceId, caller) : null
    if (!email)
      throw reviewErrors.error(
        'REVIEW_INVALID',
        'reviewer=me needs a signed-in member (a console session or a member’s token).',
      )
    const spec = decodeJson<ReviewersSpec>(reviewers)
    const named = spec.type === 'members' && spec.emails.includes(email)
    const { reviewer: _, ...rest } = query
    // A reviewer's queue never shows their own access: someone else decides it.
    const excludePeople = await peopleWithEmail(deps.db, workspaceId, email)
    return { ...parseItemFilter(rest), ...(named ? {} : { reviewer: email }), excludePeople }
  }
}

function pageOf(after: unknown, limit: unknown): { after: number; limit: number } {
  const a = after === undefined ? -1 : Number(after)
  const l = limit === undefined ? 100 : Number(limit)
  if (!Number.isInteger(a) || !Number.isInteger(l) || l < 1 || l > MAX_PAGE)
    throw reviewErrors.error(
      'REVIEW_INVALID',
      `Invalid page: after is an item position, limit 1 to ${MAX_PAGE}.`,
    )
  return { after: a, limit: l }
}
