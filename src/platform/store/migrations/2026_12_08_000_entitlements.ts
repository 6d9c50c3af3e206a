import { jsonType, type MigrationDb } from './migration-helpers.js'

/**
 * Entitlements (issue 15): the groups, roles, licenses and permissions of each connected app, and
 * the grants that tie an account to one. Both are refreshed with the accounts by the same listing
 * (the graph owns them), so they carry the same bookkeeping as accounts: the snapshot that last
 * saw them, when they were first seen and when a complete listing stopped returning them. Grant
 * changes of each refresh are kept beside the account changes.
 */
export async function up(db: MigrationDb): Promise<void> {
  await createEntitlements(db)
  await createGrants(db)
  await createGrantChanges(db)
}

async function createEntitlements(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('entitlements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('remote_id', 'text', (c) => c.notNull())
    // `group`, `role`, `license` or `permission` (integrations/catalog's EntitlementKind).
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('privileged', 'integer', (c) => c.notNull().defaultTo(0))
    // The entitlement as the connector reported it (raw included), JSON.
    .addColumn('attributes', jsonType(db), (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('seen_snapshot_id', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('entitlements_app_remote')
    .on('entitlements')
    .columns(['app_id', 'remote_id'])
    .unique()
    .execute()
  await db.schema
    .createIndex('entitlements_workspace_app')
    .on('entitlements')
    .columns(['workspace_id', 'app_id', 'display_name'])
    .execute()
}

async function createGrants(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('entitlement_id', 'text', (c) =>
      c.notNull().references('entitlements.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('seen_snapshot_id', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .execute()
  await db.schema
    .createIndex('grants_entitlement_account')
    .on('grants')
    .columns(['entitlement_id', 'account_id'])
    .unique()
    .execute()
  await db.schema.createIndex('grants_account').on('grants').columns(['account_id']).execute()
  await db.schema
    .createIndex('grants_app_seen')
    .on('grants')
    .columns(['app_id', 'seen_snapshot_id'])
    .execute()
}

async function createGrantChanges(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('grant_changes')
    .addColumn('snapshot_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('entitlement_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    // `added`, `removed` or `restored`.
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('grant_changes_snapshot')
    .on('grant_changes')
    .columns(['snapshot_id'])
    .execute()
  await db.schema
    .createIndex('grant_changes_app_at')
    .on('grant_changes')
    .columns(['workspace_id', 'app_id', 'at'])
    .execute()
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('grant_changes').execute()
  await db.schema.dropTable('grants').execute()
  await db.schema.dropTable('entitlements').execute()
}
