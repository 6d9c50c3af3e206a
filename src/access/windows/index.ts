/**
 * People's access when they leave: departures followed from the event log, the residual-access
 * window per app (from leaving to the account verified gone), and revocation of the hub's own
 * sessions and tokens of a leaving person.
 */

/** The error catalog of residual-access reporting (docs/errors.md). */
export { accessErrors } from './access-errors.js'
/** `GET /api/residual-windows`. */
export { type AccessRoutesDeps, accessRoutes } from './access-routes.js'
/**
 * One round of the departures follower (`person.deactivated|gone|reactivated` by cursor).
 * @example await followDepartures({ db, clock, ids })
 */
export { followDepartures } from './departures.js'
/** Records windows that closed; lists windows with a per-app summary. */
export {
  type AppWindowSummary,
  listWindows,
  type ResidualWindow,
  recordClosedWindows,
  summarize,
  type WindowQuery,
} from './residual-windows.js'
/**
 * Revokes the hub's own access of a leaving person: console sessions, OAuth grants and tokens,
 * password. The offboarding command calls it.
 * @example await revokeAccessOf(deps, workspaceId, 'alice@acme.com', actor)
 */
export { type Revocation, type RevocationDeps, revokeAccessOf } from './revoke-access.js'
