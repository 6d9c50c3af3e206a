import { sql } from 'kysely'
import { type Db, type NewRow, prepareQuery } from '../store/index.js'

/**
 * Takes the transaction-scoped advisory lock that makes event-raising transactions commit in seq
 * order on PostgreSQL (see event-log.ts); held until the caller's transaction ends.
 */
export async function lockEventOrder(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(7243002)`.execute(db)
}

/** The columns of one new `events` row, in the order `insertEventRow` binds them. */
export type EventRowValues = readonly [
  id: string,
  workspace_id: string,
  source_id: string | null,
  type: string,
  subject_type: string,
  subject_id: string,
  data: string,
  created_at: string,
]

/** Appends one event row. */
export async function insertEventRow(db: Db, values: EventRowValues): Promise<void> {
  await insertEvent.execute(db, ...values)
}

/** Appends event rows in one multi-row insert, in the order given. */
export async function insertEventRows(db: Db, rows: readonly NewRow<'events'>[]): Promise<void> {
  await db.insertInto('events').values(rows).execute()
}

/** Every change raises events: compiled once (store/prepared.ts). */
const insertEvent = prepareQuery(
  (
    db: Db,
    id: string,
    workspace_id: string,
    source_id: string | null,
    type: string,
    subject_type: string,
    subject_id: string,
    data: string,
    created_at: string,
  ) =>
    db
      .insertInto('events')
      .values({ id, workspace_id, source_id, type, subject_type, subject_id, data, created_at }),
)
