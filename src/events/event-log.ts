import { sql } from 'kysely'
import type { Clock } from '../shared/clock.js'
import type { IdGenerator } from '../shared/ids.js'
import type { Db, Dialect } from '../store/index.js'

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
}

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
      if (deps.dialect === 'postgres') await sql`select pg_advisory_xact_lock(7243002)`.execute(db)
      await db
        .insertInto('events')
        .values({
          id: deps.ids.next(),
          workspace_id: event.workspaceId,
          source_id: event.sourceId,
          type: event.type,
          subject_type: event.subject.type,
          subject_id: event.subject.id,
          data: JSON.stringify(event.data),
          created_at: deps.clock.now().toISOString(),
        })
        .execute()
    },
  }
}
