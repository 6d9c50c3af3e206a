import type { MigrationDb } from './migration-helpers.js'

/**
 * A person's trace (issue 17) reads a person's plan operations and tasks across every plan:
 * without these, a workspace with years of plans scans `plan_operations` whole for each page.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createIndex('plan_operations_workspace_person')
    .on('plan_operations')
    .columns(['workspace_id', 'person_id'])
    .execute()
  await db.schema
    .createIndex('tasks_workspace_person')
    .on('tasks')
    .columns(['workspace_id', 'person_email'])
    .execute()
  await db.schema.createIndex('tasks_operation').on('tasks').columns(['operation_id']).execute()
  await db.schema
    .createIndex('residual_windows_person')
    .on('residual_windows')
    .columns(['workspace_id', 'person_id', 'closed_at'])
    .execute()
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('residual_windows_person').execute()
  await db.schema.dropIndex('tasks_operation').execute()
  await db.schema.dropIndex('tasks_workspace_person').execute()
  await db.schema.dropIndex('plan_operations_workspace_person').execute()
}
