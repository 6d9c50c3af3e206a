import { sql } from 'kysely'
import { jsonType, type MigrationDb } from './migration-helpers.js'

/**
 * People (the canonical SCIM User of everyone a source says works here), where each came from
 * (sources, source records, ambiguities), sync runs with resumable checkpoints, leases for the
 * background loops, and imported app accounts (an app's user export uploaded as CSV).
 */
export async function up(db: MigrationDb): Promise<void> {
  await createPeople(db)
  await createSources(db)
  await createSourceRecords(db)
  await createRunsAndLeases(db)
  await createAccountImports(db)
}

async function indexes(
  db: MigrationDb,
  table: string,
  list: ReadonlyArray<readonly [string, readonly string[], boolean]>,
): Promise<void> {
  for (const [name, columns, unique] of list) {
    const builder = db.schema
      .createIndex(name)
      .on(table)
      .columns([...columns])
    await (unique ? builder.unique() : builder).execute()
  }
}

async function createPeople(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('user_name_key', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('external_id_key', 'text')
    .addColumn('display_name', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('primary_email', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('gone_at', 'text')
    .addColumn('resource', jsonType(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // Not unique: two sources may disagree, and the identity graph surfaces it; correlation runs
  // under a per-workspace lock instead (people-writer.ts).
  await indexes(db, 'people', [
    ['people_user_name', ['workspace_id', 'user_name_key'], false],
    ['people_external_id', ['workspace_id', 'external_id_key'], false],
    ['people_primary_email', ['workspace_id', 'primary_email'], false],
    ['people_status', ['workspace_id', 'status'], false],
    ['people_display_name', ['workspace_id', 'display_name'], false],
    ['people_updated_at', ['workspace_id', 'updated_at'], false],
    ['people_workspace_id', ['workspace_id', 'id'], false],
  ])
  await sql`create index people_display_name_lower on people (workspace_id, lower(display_name))`.execute(
    db,
  )
  await db.schema
    .createTable('person_emails')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('value_key', 'text', (c) => c.notNull())
    .addColumn('type', 'text')
    .addColumn('is_primary', 'integer')
    .addPrimaryKeyConstraint('person_emails_pk', ['person_id', 'position'])
    .execute()
  await indexes(db, 'person_emails', [
    ['person_emails_value', ['workspace_id', 'value_key'], false],
  ])
}

async function createSources(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    // Kind-specific settings; secrets (Okta token, private key) sealed with the secret box.
    .addColumn('config', jsonType(db), (c) => c.notNull())
    .addColumn('schedule', jsonType(db), (c) => c.notNull())
    .addColumn('safety', jsonType(db), (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('last_full_count', 'integer')
    .addColumn('last_full_sync_at', 'text')
    .addColumn('last_sync_at', 'text')
    // SCIM directory sources: the seq of the last directory event applied.
    .addColumn('event_cursor', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await indexes(db, 'sources', [
    ['sources_workspace_name', ['workspace_id', 'name_key'], true],
    ['sources_kind', ['kind'], false],
  ])
}

async function createSourceRecords(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('source_records')
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    // No foreign key: a record is linked to a new person's id before that person's row is
    // written (both in one transaction), and people are never deleted, only marked gone.
    .addColumn('person_id', 'text')
    .addColumn('record', jsonType(db), (c) => c.notNull())
    .addColumn('seen_run_id', 'text')
    .addColumn('gone_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('source_records_pk', ['source_id', 'record_key'])
    .execute()
  await indexes(db, 'source_records', [
    ['source_records_person', ['person_id'], false],
    ['source_records_seen', ['source_id', 'seen_run_id'], false],
  ])
  // A record that matches two different people is not merged: the identity graph surfaces it.
  await db.schema
    .createTable('person_ambiguities')
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('candidates', jsonType(db), (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_ambiguities_pk', ['source_id', 'record_key'])
    .execute()
  await indexes(db, 'person_ambiguities', [
    ['person_ambiguities_workspace', ['workspace_id'], false],
  ])
}

async function createRunsAndLeases(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('counts', jsonType(db), (c) => c.notNull())
    .addColumn('error', jsonType(db))
    .addColumn('checkpoint', jsonType(db))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute()
  await indexes(db, 'sync_runs', [['sync_runs_source', ['source_id', 'started_at'], false]])
  // Who runs a background loop or a sync right now; a holder that dies loses it at expires_at.
  await db.schema
    .createTable('source_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
}

async function createAccountImports(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('account_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('counts', jsonType(db), (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute()
  await indexes(db, 'account_imports', [['account_imports_app', ['app_id', 'imported_at'], false]])
  // The accounts of the latest import of each app (a full snapshot: an import replaces them).
  await db.schema
    .createTable('imported_accounts')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('account_key', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('display_name', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('raw', jsonType(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('imported_accounts_pk', ['app_id', 'account_key'])
    .execute()
}
