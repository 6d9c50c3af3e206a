import { type Kysely, Migrator, sql } from 'kysely'
import { migrations } from './migrations/index.js'
import { isPostgres, type MigrationDb } from './migrations/migration-helpers.js'

export type MigrationReport = { applied: string[] }

/**
 * Brings the schema up to date; runs on every start. On PostgreSQL several Rollcall processes may
 * start at once: Kysely's migrator takes a lock table; we also take an advisory lock so that
 * concurrent first starts never race on creating the lock table itself.
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationReport> {
  const migrationDb = db as MigrationDb
  // Kysely looks for its bookkeeping tables in every schema; pin them to the one we write to, or
  // another schema's tables (a second Rollcall, a test run) would be mistaken for ours.
  const schema = isPostgres(migrationDb)
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(migrationDb))
        .rows[0]?.schema
    : undefined
  const migrator = new Migrator({
    db: migrationDb,
    provider: { getMigrations: async () => ({ ...migrations }) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  })
  const run = async () => {
    const { error, results } = await migrator.migrateToLatest()
    if (error) throw new Error('database migration failed', { cause: error })
    return {
      applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
    }
  }
  if (!isPostgres(migrationDb)) return run()
  return migrationDb.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(7243001)`.execute(connection)
    try {
      return await runRetryingDroppedSchemas(run)
    } finally {
      await sql`select pg_advisory_unlock(7243001)`.execute(connection)
    }
  })
}

/**
 * Kysely's migrator introspects every schema of the database (`has_schema_privilege` per schema,
 * then each table's columns); a schema, table or column dropped by someone else between its listing
 * and that read fails the query with 3F000 (invalid_schema_name), 42P01 (undefined_table) or 42703
 * (undefined_column) although ours is fine. Another tenant of the database (a second Rollcall, a parallel test run) may do
 * that at any time, so try again a few times.
 */
const DROPPED_BY_SOMEONE_ELSE = new Set(['3F000', '42P01', '42703'])

async function runRetryingDroppedSchemas<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (error) {
      const cause = (error as { cause?: { code?: unknown } }).cause
      if (attempt >= 8 || !DROPPED_BY_SOMEONE_ELSE.has(String(cause?.code))) throw error
    }
  }
}
