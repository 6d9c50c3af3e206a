/**
 * Access reviews (issue 18): certification campaigns over apps' accounts and grants, decided by
 * the apps' owners, people's managers or named members, whose revocations become access
 * overrides and plans (safety and approvals apply) and count only when a later listing or import
 * of the app shows the access gone.
 */

/** What the service needs (narrow ports), and who calls. */
export type { Caller, ReviewsDeps } from './review-deps.js'
/** The report's CSV header, for tests and docs. */
export { REPORT_CSV_COLUMNS, type ReportFormat } from './review-report.js'
export type {
  Decision,
  ItemEvidence,
  ItemFilter,
  Review,
  ReviewersSpec,
  ReviewItem,
  ReviewProgress,
  ReviewScope,
  ReviewStatus,
  RevocationStatus,
} from './review-types.js'
/** The error catalog of access reviews (docs/errors.md). */
export { reviewErrors } from './reviews-errors.js'
/** `/api/reviews…`. */
export { type ReviewsRoutesDeps, reviewsRoutes } from './reviews-routes.js'
/**
 * Builds the service: `create`, `list`, `get`, `items` (a reviewer's queue with `reviewer: 'me'`),
 * `decide` (listed items, all or nothing), `decideBulk` (by filter), `close`, `report`, and
 * `runRound` (the worker: reminders, due closings, verification).
 * @example
 * const reviews = createReviewsService({ db, dialect, transact, clock, ids, audit, events, apps, people, members, reconcile, apply })
 * const review = await reviews.create(workspaceId, { name: 'Q1', scope: { apps: [appId] }, reviewers: { type: 'app_owner' }, dueAt, default: 'revoke' }, actor)
 */
export { createReviewsService, type ReviewsService } from './reviews-service.js'
