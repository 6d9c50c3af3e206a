import { jsonType, type MigrationDb } from './migration-helpers.js'

/**
 * Grant rules and exceptions (issue 15). An app's rules say which entitlements its accounts get
 * (`apps.grant_rules`, JSON, `[]` for apps connected before): birthright for everyone the app
 * assigns, or for the people a SCIM filter selects, optionally until a time. An exception keeps
 * one excess grant with a reason until it expires (or is revoked); reconciliation then plans no
 * removal for it.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable('apps')
    .addColumn('grant_rules', jsonType(db), (c) => c.notNull().defaultTo('[]'))
    .execute()
  await db.schema
    .createTable('grant_exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('entitlement_id', 'text', (c) =>
      c.notNull().references('entitlements.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    // The admin who granted the exception, JSON (platform/audit's Actor).
    .addColumn('created_by', jsonType(db), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', jsonType(db))
    .execute()
  await db.schema
    .createIndex('grant_exceptions_app_account')
    .on('grant_exceptions')
    .columns(['app_id', 'account_id'])
    .execute()
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('grant_exceptions').execute()
  await db.schema.alterTable('apps').dropColumn('grant_rules').execute()
}
