import { sql } from 'kysely'
import { isPostgres, type MigrationDb } from './migration-helpers.js'

/**
 * Issue 15: a plan may hold several grant operations for one account (add Editors, remove
 * Sales), so the rule "one operation per account, one per person in an app" now speaks of the
 * account operations only, and the database refuses two grant operations for one grant (the same
 * account and entitlement, whatever the direction) in a plan.
 */
const GRANT_KINDS = `('add_grant', 'remove_grant')`

function entitlementOf(db: MigrationDb): string {
  return isPostgres(db)
    ? `(payload->'entitlement'->>'entitlementId')`
    : `json_extract(payload, '$.entitlement.entitlementId')`
}

export async function up(db: MigrationDb): Promise<void> {
  await sql`drop index plan_operations_account`.execute(db)
  await sql`drop index plan_operations_person`.execute(db)
  await sql
    .raw(`create unique index plan_operations_account on plan_operations (plan_id, account_id)
      where account_id is not null and kind not in ${GRANT_KINDS}`)
    .execute(db)
  await sql
    .raw(`create unique index plan_operations_person on plan_operations (plan_id, app_id, person_id)
      where person_id is not null and kind not in ${GRANT_KINDS}`)
    .execute(db)
  await sql
    .raw(`create unique index plan_operations_grant on plan_operations
      (plan_id, account_id, ${entitlementOf(db)}) where kind in ${GRANT_KINDS}`)
    .execute(db)
}

export async function down(db: MigrationDb): Promise<void> {
  await sql`drop index plan_operations_grant`.execute(db)
  await sql`drop index plan_operations_account`.execute(db)
  await sql`drop index plan_operations_person`.execute(db)
  await sql`create unique index plan_operations_account on plan_operations (plan_id, account_id)
    where account_id is not null`.execute(db)
  await sql`create unique index plan_operations_person on plan_operations (plan_id, app_id, person_id)
    where person_id is not null`.execute(db)
}
