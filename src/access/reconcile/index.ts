/**
 * Reconciliation: desired (people, assignment rules, mappings) against actual (the identity
 * graph's accounts), streamed in chunks; findings with their evidence; plans of operations with
 * per-app policy, the safety rule and approvals. Plans are computed, stored and previewed here;
 * reconcile owns `plans` and `plan_operations`: apply carries operations out through its own
 * executor and records their progress through the functions of operations-store.ts below.
 */

/**
 * Approvals: who may decide (admins, or an app's owner for their app), the approval policy of an
 * operation (kinds, privileged apps and groups), and expiry of undecided held operations.
 * @example const expired = await expireHeld({ db, transact, clock, audit, events })
 */
/** Access overrides (issue 18): requests write 'grant' ones, reviews 'revoke' ones. */
export {
  type AccessOverrideRow,
  activeAccessOverrides,
  endAccessOverride,
  findAccessOverride,
  insertAccessOverride,
  type NewAccessOverride,
  overridesOfSource,
} from './access-overrides-store.js'
export { approvalReason } from './approval-policy.js'
export {
  type ApproverPorts,
  type ApproverScope,
  type ExpiryDeps,
  expireHeld,
  resolveApprover,
} from './approvals.js'
/**
 * Grant exceptions (issue 15): an admin keeps an excess grant with a reason until an expiry;
 * `listGrantExceptions(db, workspaceId, appId, { now })` reads the active ones for planning.
 * @example
 * const exceptions = createGrantExceptions({ db, transact, clock, ids, audit, events, requireApp, liveGrant })
 * await exceptions.create(workspaceId, appId, { entitlementId, accountId, reason, expiresAt }, actor)
 */
export {
  createGrantExceptions,
  type GrantException,
  type GrantExceptionStatus,
  type GrantExceptions,
  grantExceptionInputSchema,
  MAX_EXCEPTION_DAYS,
} from './grant-exceptions.js'
export { grantExceptionErrors } from './grant-exceptions-errors.js'
export { type GrantExceptionRoutesDeps, grantExceptionRoutes } from './grant-exceptions-routes.js'
export { type GrantExceptionRow, listGrantExceptions } from './grant-exceptions-store.js'
/**
 * The mapping expression language, for the apps domain's `checkMappings` port and for tests:
 * parse (with positions), print, compile to a function over a person.
 * @example compileExpression(unwrap(parseExpression('ToLower(Join(".", name.givenName, name.familyName))')))
 */
export { checkMappings } from './mappings/compile-mappings.js'
export { compileExpression } from './mappings/evaluate-expression.js'
export { parseExpression } from './mappings/parse-expression.js'
export { printExpression } from './mappings/print-expression.js'
/** A plan's movers (issue 15): one explained diff per person whose grants move (PlanView.movers). */
export type { MoverChange, MoverDiff } from './movers.js'
/**
 * Applying operations, for apply (the only writer of these statuses besides reconcile): queue,
 * settle, count, find. Each takes the database or the caller's transaction.
 * @example await markApplied(trx, job.key, { result, attempts: 1, now })
 */
export {
  type ApplyCount,
  appliedKeys,
  applyableOperations,
  applyingOperations,
  applyProgressCounts,
  changedAccountsOf,
  findOperation,
  grantRemovalsApplied,
  hasPendingOperations,
  markApplied,
  markApplying,
  markFailed,
  markSkipped,
  noteFailedAttempt,
  planAppIds,
  plansOfApprovedOperations,
  type QueuedOperationRef,
  type SettledOperation,
  settleIfApplying,
  workspaceOfPlan,
} from './operations-store.js'
/**
 * The person access view (issue 15): a person's accounts and grants per app, with why each
 * exists (the link, and whether the app's assignment rule includes them now).
 * @example const access = await createPersonAccess({ db, dialect, apps, people }).of(workspaceId, personId)
 */
export {
  createPersonAccess,
  type GrantReason,
  type PersonAccess,
  type PersonAccessDeps,
  type PersonAccessView,
  type PersonAppAccess,
} from './person-access.js'
/** `GET /api/people/:id/access`. */
export { type PersonAccessRoutesDeps, personAccessRoutes } from './person-access-routes.js'
/** The pure diff and the safety rule, for tests and the console's previews. */
export { type ActualState, type DesiredPerson, diff, diffUnlinked } from './plan.js'
export { PLAN_STATUSES, type PlanStatus, planHeadline, planStatusOf } from './plan-status.js'
/** Recounts a plan's operations into its status (after apply queued or settled some). */
export { refreshPlanStatus } from './plan-store.js'
/** The error catalog of reconciliation (docs/errors.md). */
export { reconcileErrors } from './reconcile-errors.js'
/** `/api/findings`, `/api/reconcile`, `/api/plans…`. */
export { type ReconcileRoutesDeps, reconcileRoutes } from './reconcile-routes.js'
export type { ReconcileDeps, RunOptions } from './reconcile-run.js'
/**
 * Builds the service: `reconcile` (findings), `createPlan` (a dry run for the workspace, one app
 * or one person, `offboard` for a leaving person), `getPlan`, `approve`/`reject` (one held
 * operation, or all), `findings`.
 * @example
 * const reconcile = createReconcileService({ db, dialect, transact, clock, ids, events, audit, apps, graph, connectors, settings })
 * const plan = await reconcile.createPlan(workspaceId, { person: 'alice@acme.com', offboard: true }, { trigger: 'cli', actor })
 * await reconcile.approve(workspaceId, plan.id, undefined, actor, { reason: 'expected' }) // every held one
 */
export {
  createReconcileService,
  type DecisionOptions,
  type PlanRequest,
  type PlanView,
  type ReconcileService,
} from './reconcile-service.js'
/** The grant safety rule (issue 15): grant removals against the grants an app's accounts hold. */
export { checkGrantSafety, checkSafety, type SafetyInput } from './safety.js'
/** The server's worker: refreshes apps' accounts when due, then reconciles them. */
export { createGraphScheduler, type GraphSchedulerDeps, refreshDue } from './scheduler.js'
export type {
  ClassCounts,
  Finding,
  FindingKind,
  GrantFindingKind,
  GrantTarget,
  Operation,
  OperationKind,
  OperationPayload,
  OperationStatus,
  PairClass,
  PlanSummary,
  RunReport,
  Scope,
} from './types.js'
