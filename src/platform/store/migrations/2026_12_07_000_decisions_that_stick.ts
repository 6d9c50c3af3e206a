import { sql } from 'kysely'
import { jsonType, type MigrationDb } from './migration-helpers.js'

/**
 * Issues 13 and 19: decisions that stick. Departure bursts (the one safety gate every
 * departure-driven deactivation passes), offboardings remembered as a person-level state, and
 * rejections remembered per person, app and kind until they expire or the facts change.
 */
export async function up(db: MigrationDb): Promise<void> {
  await createDepartureBursts(db)
  await createOffboardings(db)
  await createRememberedRejections(db)
  // What a plan could not plan, in words ("Sana: accounts never read; refresh first").
  await db.schema.alterTable('plans').addColumn('notes', jsonType(db)).execute()
  // The gate counts a source's departures in a sliding window and finds one person's departure.
  await db.schema
    .createIndex('events_source_time')
    .on('events')
    .columns(['workspace_id', 'source_id', 'created_at'])
    .execute()
  await db.schema
    .createIndex('events_subject')
    .on('events')
    .columns(['workspace_id', 'subject_id'])
    .execute()
}

async function createDepartureBursts(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('departure_bursts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text', (c) => c.notNull())
    // Departures from this source at or after this time belong to the burst.
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('departures', 'integer', (c) => c.notNull())
    .addColumn('population', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // `open` (holding), `approved` or `rejected` by an admin.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', jsonType(db))
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .execute()
  // At most one open burst per source: a second trip while one holds would split its people.
  await sql`create unique index departure_bursts_open on departure_bursts (workspace_id, source_id)
    where status = 'open'`.execute(db)
}

async function createOffboardings(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('person_offboardings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text')
    .addColumn('offboarded_by', jsonType(db), (c) => c.notNull())
    .addColumn('offboarded_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // Ends when an admin reverses it (with a reason) or a source also says the person left.
    .addColumn('ended_at', 'text')
    .addColumn('ended_by', jsonType(db))
    .addColumn('end_reason', 'text')
    .execute()
  await sql`create unique index person_offboardings_current on person_offboardings
    (workspace_id, person_id) where ended_at is null`.execute(db)
}

async function createRememberedRejections(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('remembered_rejections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // What the decision saw: the person's version and the account's state; a change ends it.
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('operation_id', 'text', (c) => c.notNull())
    .addColumn('decided_by', jsonType(db), (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('remembered_rejections_subject')
    .on('remembered_rejections')
    .columns(['workspace_id', 'person_id', 'app_id', 'kind'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('decisions that stick cannot be reverted')
}
