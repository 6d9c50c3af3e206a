import { sql } from 'kysely'
import { jsonType, type MigrationDb } from './migration-helpers.js'

/**
 * Applying plans (issue 8): the embedded job queue (a table with leases; PostgreSQL uses pg-boss
 * in its own schema instead, but the table exists on both so the types are one), dead letters,
 * app quarantines, apply requests per plan, and what apply records on each operation.
 */
export async function up(db: MigrationDb): Promise<void> {
  await createJobs(db)
  await createDeadLetters(db)
  await createQuarantines(db)
  await createApplies(db)
  await extendOperations(db)
}

async function createJobs(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('queue', 'text', (c) => c.notNull())
    // The idempotency key: enqueueing a key twice is a no-op.
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('data', jsonType(db), (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    // queued, active (leased), done, dead.
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', jsonType(db))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // The lease query: per queue, the highest priority first, then the oldest.
  await db.schema
    .createIndex('jobs_ready')
    .on('jobs')
    .columns(['queue', 'state', 'priority', 'run_at'])
    .execute()
}

async function createDeadLetters(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('job_dead_letters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('data', jsonType(db), (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('error', jsonType(db))
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
}

async function createQuarantines(db: MigrationDb): Promise<void> {
  // An app whose jobs are not run: its circuit is open, or it failed permanently (bad credentials).
  await db.schema
    .createTable('app_quarantines')
    .addColumn('app_id', 'text', (c) => c.primaryKey().references('apps.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('error', jsonType(db))
    .addColumn('since', 'text', (c) => c.notNull())
    // When jobs may be tried again by themselves; null: only when an operator releases the app.
    .addColumn('until', 'text')
    .execute()
}

async function createApplies(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('plan_applies')
    .addColumn('plan_id', 'text', (c) => c.primaryKey().references('plans.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('requested_by', jsonType(db), (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    // Set once every applyable operation is queued: before that the apply cannot be finished.
    .addColumn('enqueued_at', 'text')
    // Apps whose accounts were refreshed after their operations finished (JSON array of ids).
    .addColumn('refreshed', jsonType(db), (c) => c.notNull().defaultTo('[]'))
    .addColumn('finished_at', 'text')
    .execute()
}

async function extendOperations(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable('plan_operations')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('plan_operations').addColumn('result', jsonType(db)).execute()
  await db.schema.alterTable('plan_operations').addColumn('error', jsonType(db)).execute()
  await db.schema.alterTable('plan_operations').addColumn('finished_at', 'text').execute()
  // "Was this intent already carried out by an earlier plan?" is a lookup by key.
  await sql`create index plan_operations_key on plan_operations (idempotency_key, status)`.execute(
    db,
  )
}
