import { jsonType, type MigrationDb } from './migration-helpers.js'

/**
 * Access overrides (issue 18): a decision about one person's access in one app that outranks the
 * app's rules until it ends. `effect` 'grant' gives the person an entitlement (or, with no
 * entitlement, an account) until `until` (an approved access request); 'revoke' takes it away
 * even where a rule grants it (an access review's revoke), until someone reverses it (`until`
 * null) or the time given. Reconciliation reads the active ones; an ended override stays as the
 * record of who decided what.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('access_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // Null: the override is about the person's account in the app, not one entitlement.
    .addColumn('entitlement_id', 'text', (c) => c.references('entitlements.id').onDelete('cascade'))
    .addColumn('effect', 'text', (c) => c.notNull())
    .addColumn('until', 'text')
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', jsonType(db), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('ended_by', jsonType(db))
    .execute()
  await db.schema
    .createIndex('access_overrides_app_person')
    .on('access_overrides')
    .columns(['app_id', 'person_id'])
    .execute()
  await db.schema
    .createIndex('access_overrides_source')
    .on('access_overrides')
    .columns(['workspace_id', 'source_type', 'source_id'])
    .execute()
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('access_overrides').execute()
}
