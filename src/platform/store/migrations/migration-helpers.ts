import { type Kysely, PostgresAdapter, sql } from 'kysely'

// Migrations are written once against the schema builder; these are the few places where the
// dialects differ (STYLE §4.8: a dialect branch only where the SQL differs).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export type MigrationDb = Kysely<any>

export function isPostgres(db: MigrationDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

/** jsonb on PostgreSQL (queried with ->, ->> and jsonb_array_elements), text on SQLite. */
export function jsonType(db: MigrationDb) {
  return isPostgres(db) ? sql`jsonb` : sql`text`
}

/**
 * Makes a table append-only: UPDATE and DELETE raise an error in the database itself, so no code
 * path (or hand-written SQL) can rewrite history.
 */
export async function makeAppendOnly(db: MigrationDb, table: string): Promise<void> {
  if (isPostgres(db)) {
    await sql
      .raw(
        `create or replace function rollcall_append_only() returns trigger language plpgsql as $$
         begin raise exception '% is append-only', tg_table_name; end $$`,
      )
      .execute(db)
    await sql
      .raw(
        `create trigger ${table}_append_only before update or delete on ${table}
         for each row execute function rollcall_append_only()`,
      )
      .execute(db)
    return
  }
  for (const operation of ['update', 'delete']) {
    await sql
      .raw(
        `create trigger ${table}_no_${operation} before ${operation} on ${table}
         begin select raise(abort, '${table} is append-only'); end`,
      )
      .execute(db)
  }
}
