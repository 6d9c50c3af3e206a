import type { MigrationDb } from './migration-helpers.js'

/**
 * Apply at a thousand operations a second (issue 16): after every settled operation the worker
 * asks whether its app has any left in the plan; (plan_id, status) alone made that a scan of
 * every running operation of the plan, all apps together.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createIndex('plan_operations_app_status')
    .on('plan_operations')
    .columns(['plan_id', 'app_id', 'status'])
    .execute()
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('plan_operations_app_status').execute()
}
