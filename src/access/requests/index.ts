/**
 * Access requests (issue 18): a member asks for an entitlement (or an account) in an app for a
 * reason and a duration, under the app's request policy (who may ask, who approves, one or two
 * approvals, the longest duration); an approval writes a 'grant' access override
 * (src/access/reconcile) until approval time + duration, planned and applied at once, and
 * removed by reconciliation when it ends.
 * @example
 * const requests = createRequestsService({ db, transact, clock, ids, audit, events, apps, entitlements, grantsChange, people, members, planAccess })
 * const filed = await requests.create(workspaceId, { appId, entitlementId: 'Editors', reason: 'Q1 launch', duration: '7d' }, caller)
 * await requests.approve(workspaceId, filed.id, { reason: 'ok' }, ownerCaller)
 */
export type { Decided } from './request-decisions.js'
/** An app's request policies: `GET/PUT /api/apps/:id/request-policies`, `rollcall request policy`. */
export {
  type AppRequestPolicies,
  createRequestPolicies,
  type RequestPolicies,
} from './request-policies.js'
export {
  type Caller,
  DEFAULT_POLICY,
  parseDuration,
  type RequestPolicy,
} from './request-policy.js'
/** An access request as the API shows it, and its statuses. */
export { type AccessRequest, REQUEST_STATUSES, type RequestStatus } from './request-view.js'
export type { RequestsDeps } from './requests-deps.js'
/** The error catalog of access requests (docs/errors.md). */
export { requestErrors } from './requests-errors.js'
/** `/api/access-requests…` and `/api/apps/:id/request-policies`. */
export { callerOf, type RequestsRoutesDeps, requestsRoutes } from './requests-routes.js'
export {
  createRequestsService,
  type RequestListQuery,
  type RequestsService,
} from './requests-service.js'
