import { sql } from 'kysely'
import { isPostgres, jsonType, type MigrationDb, makeAppendOnly } from './migration-helpers.js'

/** Workspaces, management tokens, inbound SCIM directories with users and groups, audit, events. */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_hint', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema
    .createIndex('api_tokens_workspace')
    .on('api_tokens')
    .column('workspace_id')
    .execute()

  await db.schema
    .createTable('scim_directories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_hint', 'text', (c) => c.notNull())
    .addColumn('settings', jsonType(db), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('token_rotated_at', 'text', (c) => c.notNull())
    // Exact counts for unfiltered lists (COUNT(*) over 100k rows costs milliseconds), and a
    // version that moves whenever a user or group is created or deleted (see page-anchors.ts).
    .addColumn('user_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('group_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('roster_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .createIndex('scim_directories_workspace')
    .on('scim_directories')
    .column('workspace_id')
    .execute()

  await createUserTables(db)
  await createGroupTables(db)
  await createAuditAndEvents(db)
}

async function createUserTables(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('scim_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('directory_id', 'text', (c) =>
      c.notNull().references('scim_directories.id').onDelete('cascade'),
    )
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('user_name_key', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('display_name', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('resource', jsonType(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  const users = [
    ['scim_users_user_name', ['directory_id', 'user_name_key'], true],
    ['scim_users_external_id', ['directory_id', 'external_id'], false],
    ['scim_users_display_name', ['directory_id', 'display_name'], false],
    ['scim_users_updated_at', ['directory_id', 'updated_at'], false],
    ['scim_users_created_at', ['directory_id', 'created_at'], false],
    ['scim_users_directory_id', ['directory_id', 'id'], false],
  ] as const
  for (const [name, columns, unique] of users) {
    const builder = db.schema
      .createIndex(name)
      .on('scim_users')
      .columns([...columns])
    await (unique ? builder.unique() : builder).execute()
  }
  // Case-insensitive displayName lookups (Entra filters on it) use an expression index.
  await sql`create index scim_users_display_name_lower on scim_users (directory_id, lower(display_name))`.execute(
    db,
  )

  await db.schema
    .createTable('scim_user_emails')
    .addColumn('directory_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) =>
      c.notNull().references('scim_users.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('value_key', 'text', (c) => c.notNull())
    .addColumn('type', 'text')
    .addColumn('is_primary', 'integer')
    .addPrimaryKeyConstraint('scim_user_emails_pk', ['user_id', 'position'])
    .execute()
  await db.schema
    .createIndex('scim_user_emails_value')
    .on('scim_user_emails')
    .columns(['directory_id', 'value_key'])
    .execute()
}

async function createGroupTables(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('scim_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('directory_id', 'text', (c) =>
      c.notNull().references('scim_directories.id').onDelete('cascade'),
    )
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('display_name_key', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('resource', jsonType(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('scim_groups_display_name')
    .on('scim_groups')
    .columns(['directory_id', 'display_name_key'])
    .unique()
    .execute()
  await db.schema
    .createIndex('scim_groups_external_id')
    .on('scim_groups')
    .columns(['directory_id', 'external_id'])
    .execute()
  await db.schema
    .createIndex('scim_groups_updated_at')
    .on('scim_groups')
    .columns(['directory_id', 'updated_at'])
    .execute()

  await db.schema
    .createTable('scim_group_members')
    .addColumn('directory_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) =>
      c.notNull().references('scim_groups.id').onDelete('cascade'),
    )
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('member_type', 'text', (c) => c.notNull())
    .addColumn('display', 'text')
    .addPrimaryKeyConstraint('scim_group_members_pk', ['group_id', 'member_id'])
    .execute()
  await db.schema
    .createIndex('scim_group_members_member')
    .on('scim_group_members')
    .columns(['member_id'])
    .execute()
}

async function createAuditAndEvents(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('before', jsonType(db))
    .addColumn('after', jsonType(db))
    .addColumn('request_id', 'text')
    .execute()
  await db.schema
    .createIndex('audit_log_workspace_at')
    .on('audit_log')
    .columns(['workspace_id', 'at'])
    .execute()
  await db.schema
    .createIndex('audit_log_target')
    .on('audit_log')
    .columns(['target_type', 'target_id'])
    .execute()
  await makeAppendOnly(db, 'audit_log')

  await db.schema
    .createTable('events')
    .addColumn('seq', isPostgres(db) ? 'bigserial' : 'integer', (c) =>
      isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('data', jsonType(db), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('events_workspace_seq')
    .on('events')
    .columns(['workspace_id', 'seq'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('the foundation migration cannot be reverted')
}
