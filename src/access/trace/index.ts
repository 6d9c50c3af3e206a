/**
 * A person's trace and on-demand runs (issue 17): what Rollcall did to one person, step by step,
 * and what each app answered (source changes, link decisions, findings, plan steps with
 * attempts and the app's response, tasks, verification, departures), and "reconcile and apply
 * just this person now" through the normal durable apply path.
 */

/** On-demand runs: `run` (a scoped reconcile, its plan, applied unless a dry run) and `status`. */
export {
  createOnDemand,
  type OnDemand,
  type OnDemandDeps,
  type OnDemandOptions,
  type OnDemandReport,
} from './on-demand.js'
export type { OnDemandStep, RunState, StepState } from './on-demand-report.js'
/** The error catalog of traces and on-demand runs (docs/errors.md). */
export { traceErrors } from './trace-errors.js'
/** Cursors of trace pages, for clients that hold one (the CLI). */
export { decodeCursor, encodeCursor } from './trace-merge.js'
/** `GET /api/people/:id/trace`, `POST|GET /api/people/:id/provision-on-demand[/:runId]`. */
export { type TraceRoutesDeps, traceRoutes } from './trace-routes.js'
/**
 * The trace: `of(workspaceId, personRef, { app?, since?, before?, limit })`, newest first.
 * @example const page = await createPersonTrace({ db, apps, graph }).of(workspaceId, 'ada@acme.com', { limit: 50 })
 */
export {
  createPersonTrace,
  type PersonTrace,
  type PersonTraceDeps,
  type TraceQuery,
} from './trace-service.js'
export type {
  AppResponse,
  TraceEntry,
  TraceIds,
  TraceKind,
  TracePage,
} from './trace-types.js'
