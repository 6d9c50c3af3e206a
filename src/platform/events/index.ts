/**
 * The hub's event log: every change raises an event row in the same transaction; later parts
 * (sources, reconciliation, webhooks, the events API) consume them by cursor.
 */

/** Background consumers of the log (residual windows, automatic offboarding): cursor and reads. */
export {
  type ConsumedEvent,
  consumerCursor,
  eventsOfTypes,
  saveConsumerCursor,
} from './event-consumers-store.js'
export {
  cursorOf,
  parseCursor,
  parseTypes,
  toWireEvent,
  type WireEvent,
} from './event-cursor.js'
export { createEventLog, type EventLog, type NewEvent } from './event-log.js'
export {
  type EventQuery,
  latestSeq,
  listEvents,
  type StoredEvent,
  toStoredEvent,
} from './event-query-store.js'
/** Distinct subjects of events by source: what the departure-burst rule counts. */
export {
  distinctSubjectsBySource,
  distinctSubjectsOf,
  type SubjectTally,
} from './event-tallies-store.js'
/** The error catalog of the events API (docs/errors.md). */
export { eventErrors } from './events-errors.js'
/** `GET /api/events?after=&limit=&type=`. */
export { type EventsRoutesDeps, eventsRoutes } from './events-routes.js'
