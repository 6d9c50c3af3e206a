import type { MigrationDb } from './migration-helpers.js'

/**
 * Leases (who runs a sync or a background loop right now) were born in the people domain as
 * `source_leases`; every background loop uses them now, and they belong to platform/jobs. The
 * table keeps its rows: a holder's lease survives the rename, so an upgrade mid-run loses nothing.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('source_leases').renameTo('leases').execute()
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('leases').renameTo('source_leases').execute()
}
