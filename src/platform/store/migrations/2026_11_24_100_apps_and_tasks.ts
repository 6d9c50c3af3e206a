import { jsonType, type MigrationDb } from './migration-helpers.js'

/**
 * Connected apps (catalog entry + sealed connection + assignment + mappings) and tasks for
 * people: the manual path of apps without an API (issue 8 adds reminders, SLAs, verification).
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('apps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('catalog_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    // Base URL and auth with the secret sealed by the secret box; NULL for apps without an API.
    .addColumn('connection', jsonType(db))
    .addColumn('assignment', jsonType(db), (c) => c.notNull())
    .addColumn('mappings', jsonType(db), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('apps_workspace_name')
    .on('apps')
    .columns(['workspace_id', 'name_key'])
    .unique()
    .execute()

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('person_email', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('details', jsonType(db), (c) => c.notNull())
    .addColumn('assignee', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('completed_by', 'text')
    .addColumn('evidence', 'text')
    .execute()
  // One task per intent: a retried plan step finds the task it opened the first time.
  await db.schema
    .createIndex('tasks_idempotency_key')
    .on('tasks')
    .columns(['workspace_id', 'idempotency_key'])
    .unique()
    .execute()
  await db.schema
    .createIndex('tasks_open_due')
    .on('tasks')
    .columns(['workspace_id', 'status', 'due_at'])
    .execute()
  await db.schema
    .createIndex('tasks_app_person')
    .on('tasks')
    .columns(['app_id', 'person_email', 'completed_at'])
    .execute()
}
