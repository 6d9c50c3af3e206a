/**
 * A person's lifecycle in one action: onboarding and offboarding across every app (the plan,
 * applied through the durable jobs, the hub's own access revoked on offboarding, tracked to
 * verified completion), and automatic offboarding of people who leave a source.
 */

/** Automatic offboarding: the event-log follower the server runs (`lifecycle.autoOffboard`). */
export {
  type AutoOffboardDeps,
  autoOffboardRound,
  createAutoOffboardWorker,
} from './auto-offboard.js'
/** An admin's decision on a departure burst, all at once (issue 13). */
export {
  type BurstDecision,
  type DepartureDecisionDeps,
  decideBurst,
} from './departure-decisions.js'
/** `GET /api/departure-bursts`, `POST /api/departure-bursts/:id/approve|reject`. */
export { type DepartureRoutesDeps, departureRoutes } from './departure-routes.js'
/** The error catalog of onboarding and offboarding (docs/errors.md). */
export { lifecycleErrors } from './lifecycle-errors.js'
export type {
  LifecycleAction,
  LifecycleReport,
  LifecycleStatus,
  LifecycleStep,
} from './lifecycle-report.js'
/** `POST /api/people/:idOrEmail/onboard|offboard`, `GET /api/lifecycle/:planId`. */
export { type LifecycleRoutesDeps, lifecycleRoutes } from './lifecycle-routes.js'
/**
 * The use case: `onboard`, `offboard` (a dry run unless `apply`), `status`, `waitFor`.
 * @example
 * const report = await lifecycle.offboard(workspaceId, 'bob@acme.com', { actor, trigger: 'cli', apply: true })
 */
export {
  createPersonLifecycle,
  type LifecycleOptions,
  type PersonLifecycle,
  type PersonLifecycleDeps,
} from './lifecycle-service.js'
