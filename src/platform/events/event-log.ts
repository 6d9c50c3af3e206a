import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Db, Dialect } from '../store/index.js'
import { insertEventRow, insertEventRows, lockEventOrder } from './events-store.js'

/** A change the rest of the hub reacts to: `scim.user.created`, `scim.group.members_changed`, ... */
export type NewEvent = {
  readonly workspaceId: string
  /** The source that raised it (e.g. the SCIM directory id). */
  readonly sourceId: string | null
  readonly type: string
  readonly subject: { readonly type: string; readonly id: string }
  readonly data: unknown
}

export type EventLog = {
  /** Appends an event inside the caller's transaction. */
  append(db: Db, event: NewEvent): Promise<void>
  /** Appends many events in order (multi-row inserts), inside the caller's transaction. */
  appendMany(db: Db, events: readonly NewEvent[]): Promise<void>
}

/** Rows per insert of `appendMany` (9 columns: well under SQLite's bound-parameter limit). */
const BATCH = 500

export type EventDeps = { clock: Clock; ids: IdGenerator; dialect: Dialect }

/**
 * Events are rows with a increasing `seq`, read by cursor (`after seq`). On PostgreSQL a sequence
 * value is taken at insert but becomes visible at commit, so two transactions could commit out of
 * seq order and a reader could skip the slower one. Appending takes a transaction-scoped advisory
 * lock, so event-raising transactions commit in seq order; it is held only from the append (the
 * last write of a transaction) to commit. SQLite has one writer, so order is already commit order.
 */
export function createEventLog(deps: EventDeps): EventLog {
  return {
    async append(db, event) {
      if (deps.dialect === 'postgres') await lockEventOrder(db)
      await insertEventRow(db, [
        deps.ids.next(),
        event.workspaceId,
        event.sourceId,
        event.type,
        event.subject.type,
        event.subject.id,
        JSON.stringify(event.data),
        deps.clock.now().toISOString(),
      ])
    },
    async appendMany(db, events) {
      if (events.length === 0) return
      if (deps.dialect === 'postgres') await lockEventOrder(db)
      const now = deps.clock.now().toISOString()
      for (let start = 0; start < events.length; start += BATCH) {
        const rows = events.slice(start, start + BATCH).map((event) => ({
          id: deps.ids.next(),
          workspace_id: event.workspaceId,
          source_id: event.sourceId,
          type: event.type,
          subject_type: event.subject.type,
          subject_id: event.subject.id,
          data: JSON.stringify(event.data),
          created_at: now,
        }))
        await insertEventRows(db, rows)
      }
    },
  }
}
