/**
 * The append-only audit trail: every change to a workspace, directory, user or group records who
 * (which token), what, when, and the before/after, in the same transaction as the change.
 */

/** The error catalog of the audit read API (docs/errors.md). */
export { auditErrors } from './audit-errors.js'
/** CSV (formula-safe) and JSON exports as text chunks, streamed from an entry iterator. */
export {
  AUDIT_CSV_COLUMNS,
  type AuditExportFormat,
  type AuditNames,
  exportAuditEntries,
} from './audit-export.js'
export { type Actor, type AuditEntry, type AuditLog, createAuditLog } from './audit-log.js'
/**
 * Reads the trail: one page (`listAuditEntries`), or every matching entry by keyset pages
 * (`streamAuditEntries`) for exports that must not hold the trail in memory.
 * @example for await (const entry of streamAuditEntries(db, { workspaceId, action: 'task.completed' })) …
 */
export { type AuditQuery, type AuditRecord, streamAuditEntries } from './audit-query.js'
/** `GET /api/audit`: pages for the console, `format=csv|json` streamed exports (`audit:read`). */
export { type AuditRoutesDeps, auditRoutes } from './audit-routes.js'
export { listAuditEntries } from './audit-store.js'
