/**
 * Applying plans: one durable job per planned or approved operation (src/platform/jobs), carried out
 * through the app's connector idempotently, the graph refreshed afterwards, progress per plan,
 * quarantined apps with their reason. Onboarding and offboarding build on `apply` + `waitFor`.
 * @example
 * await services.apply.apply(workspaceId, planId, { actor })
 * const { status, applied, failed, tasks } = await services.apply.waitFor(workspaceId, planId)
 */
export { type ApplyDeps, type ApplySettings, PRIORITY } from './apply-deps.js'
/** The error catalog of apply (docs/errors.md). */
export { applyErrors } from './apply-errors.js'
/** Apply's failures that are no connector's (races with other processes), for logs and tests. */
export { APPLY_FAILURES, ApplyFailure, type ApplyFailureCode } from './apply-failures.js'
export type { ApplyProgress } from './apply-progress.js'
/** `POST /api/plans/:id/apply`, `GET /api/plans/:id/apply`, quarantines. */
export { type ApplyRoutesDeps, applyRoutes } from './apply-routes.js'
export { type ApplyOptions, type ApplyService, createApplyService } from './apply-service.js'
/** One plan operation through its app's connector: apply's own executor. */
export {
  type Applied,
  type ConnectorLookup,
  createOperationExecutor,
  type OperationExecutor,
} from './executor.js'
