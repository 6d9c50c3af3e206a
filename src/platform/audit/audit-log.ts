import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Actor } from '../auth/index.js'
import type { Db } from '../store/index.js'
import { type AuditRowValues, insertAuditRow, insertAuditRows } from './audit-store.js'

export type { Actor }

export type AuditEntry = {
  readonly workspaceId: string | null
  readonly actor: Actor
  /** What happened, `<noun>.<verb>`: `scim.user.created`, `directory.token_rotated`, ... */
  readonly action: string
  readonly target: { readonly type: string; readonly id: string | null }
  readonly before?: unknown
  readonly after?: unknown
  readonly requestId?: string | null
}

export type AuditLog = {
  /** Appends one entry inside the caller's transaction, so the change and its trail commit together. */
  record(db: Db, entry: AuditEntry): Promise<void>
  /** Appends many entries in the caller's transaction, in order, in a few statements. */
  recordMany(db: Db, entries: readonly AuditEntry[]): Promise<void>
}

export type AuditDeps = { clock: Clock; ids: IdGenerator }

/**
 * The append-only audit trail. Rows can only be inserted (the database refuses UPDATE and DELETE,
 * see the foundation migration). Secrets are never passed in: callers hand over resources after
 * the store has dropped write-only attributes, and tokens only by id.
 */
export function createAuditLog(deps: AuditDeps): AuditLog {
  return {
    async record(db, entry) {
      await insertAuditRow(db, rowOf(entry, deps.clock.now().toISOString()))
    },
    async recordMany(db, entries) {
      const at = deps.clock.now().toISOString()
      await insertAuditRows(
        db,
        entries.map((entry) => rowOf(entry, at)),
      )
    },
  }

  function rowOf(entry: AuditEntry, at: string): AuditRowValues {
    return [
      deps.ids.next(),
      entry.workspaceId,
      at,
      entry.actor.type,
      entry.actor.id,
      entry.action,
      entry.target.type,
      entry.target.id,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      entry.requestId ?? null,
    ]
  }
}
