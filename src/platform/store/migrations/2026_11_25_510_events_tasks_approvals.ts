import { jsonType, type MigrationDb } from './migration-helpers.js'

/**
 * Issue 8, the lifecycle half: webhook subscriptions with a durable delivery cursor and a
 * delivery log, event consumers (the hub's own followers of the event log), tasks with reminders
 * and verification, people's departures and the residual-access windows they open, and
 * approvals with a reason and an expiry.
 */
export async function up(db: MigrationDb): Promise<void> {
  await createWebhooks(db)
  await createLifecycle(db)
  await extendTasksAndOperations(db)
}

async function createWebhooks(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    // Event types (`task.*` style prefixes allowed), JSON; an empty list means every type.
    .addColumn('event_types', jsonType(db), (c) => c.notNull())
    // The signing secret, sealed by the secret box (AES-256-GCM), shown once at creation.
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('secret_hint', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    // The last event seq handled (delivered, or abandoned after the last attempt).
    .addColumn('cursor', 'bigint', (c) => c.notNull())
    // Failed attempts at the event after the cursor, and when the next one may run.
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text')
    .addColumn('lease_holder', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('webhooks_workspace').on('webhooks').column('workspace_id').execute()

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) =>
      c.notNull().references('webhooks.id').onDelete('cascade'),
    )
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('event_seq', 'bigint', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    // `succeeded`, `failed` (will retry) or `abandoned` (the last attempt failed).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('webhook_deliveries_webhook')
    .on('webhook_deliveries')
    .columns(['webhook_id', 'at'])
    .execute()
}

async function createLifecycle(db: MigrationDb): Promise<void> {
  // A named follower of the event log and how far it got (the lifecycle worker's departures).
  await db.schema
    .createTable('event_consumers')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('cursor', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  // When a person left (inactive or gone), and came back if they did.
  await db.schema
    .createTable('person_departures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('left_at', 'text', (c) => c.notNull())
    .addColumn('returned_at', 'text')
    .execute()
  await db.schema
    .createIndex('person_departures_person')
    .on('person_departures')
    .columns(['workspace_id', 'person_id', 'left_at'])
    .unique()
    .execute()

  // From the person leaving to the account verified gone, per app: what compliance asks for.
  await db.schema
    .createTable('residual_windows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('person_email', 'text')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('left_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text', (c) => c.notNull())
    .addColumn('seconds', 'bigint', (c) => c.notNull())
    // `import`, `listing` (the app's API) or `task` for how the closure was seen.
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('residual_windows_account')
    .on('residual_windows')
    .columns(['account_id', 'left_at'])
    .unique()
    .execute()
  await db.schema
    .createIndex('residual_windows_workspace')
    .on('residual_windows')
    .columns(['workspace_id', 'app_id', 'closed_at'])
    .execute()
}

async function extendTasksAndOperations(db: MigrationDb): Promise<void> {
  const taskColumns: Array<[string, 'text' | 'integer']> = [
    ['verified_at', 'text'],
    ['verified_by', 'text'],
    ['remind_at', 'text'],
    ['reminded_due_at', 'text'],
    ['reminded_overdue_at', 'text'],
    ['operation_id', 'text'],
  ]
  for (const [name, type] of taskColumns)
    await db.schema.alterTable('tasks').addColumn(name, type).execute()
  await db.schema
    .createIndex('tasks_status_remind')
    .on('tasks')
    .columns(['status', 'remind_at'])
    .execute()
  for (const name of ['decision_reason', 'expires_at'])
    await db.schema.alterTable('plan_operations').addColumn(name, 'text').execute()
  await db.schema
    .createIndex('plan_operations_expiry')
    .on('plan_operations')
    .columns(['status', 'expires_at'])
    .execute()
}
