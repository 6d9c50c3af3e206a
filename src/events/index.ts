/**
 * The hub's event log: every change raises an event row in the same transaction; later parts
 * (sources, reconciliation, webhooks) consume them by cursor.
 */
export { createEventLog, type EventLog, type NewEvent } from './event-log.js'
export { latestSeq, listEvents, type StoredEvent } from './event-query.js'
