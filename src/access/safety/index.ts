/**
 * The departure safety gate (issue 13): one place that counts people leaving each source in a
 * sliding window and holds every departure-driven deactivation beyond the limit for an admin.
 */

/** Stored bursts and the departure events they count. */
export { type BurstStatus, DEPARTURE_EVENTS, type DepartureBurst } from './bursts-store.js'
/**
 * The gate: `evaluate` opens bursts, `holds` says who waits and why, `decide` records an admin's
 * decision (the lifecycle domain then releases or rejects the held operations).
 * @example const held = await gate.holds(workspaceId, [personId])
 */
export {
  createDepartureGate,
  type DepartureGate,
  type DepartureGateDeps,
  type GateHold,
} from './departure-gate.js'
/** The pure rule and its defaults (docs/config.md). */
export {
  burstReason,
  DEFAULT_DEPARTURE_THRESHOLDS,
  type DepartureThresholds,
} from './departure-rule.js'
/** How many bursts wait for an admin, in every workspace (the server's /metrics gauge). */
export { countOpenBursts } from './open-bursts-store.js'
/** The error catalog of the gate (docs/errors.md). */
export { safetyErrors } from './safety-errors.js'
