/**
 * The append-only audit trail: every change to a workspace, directory, user or group records who
 * (which token), what, when, and the before/after, in the same transaction as the change.
 */
export { type Actor, type AuditEntry, type AuditLog, createAuditLog } from './audit-log.js'
export { type AuditQuery, type AuditRecord, listAuditEntries } from './audit-query.js'
