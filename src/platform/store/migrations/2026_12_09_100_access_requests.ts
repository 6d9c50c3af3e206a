import { jsonType, type MigrationDb } from './migration-helpers.js'

/**
 * Access requests (issue 18): a member asks for an entitlement (or an account) in an app for a
 * reason and a duration; approvers decide; an approval writes an access override (a 'grant'
 * until approval time + duration) that reconciliation plans and later removes. The policy in
 * force when the request was made is kept on it (`policy`, JSON), so changing a policy never
 * changes who may decide a pending request. One row per approval (a policy may need two
 * distinct approvers; the unique index refuses the same approver twice). Policies: one per app
 * (`entitlement_key` '') and one per entitlement (its id) at most.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('access_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // Null: the request is for an account in the app.
    .addColumn('entitlement_id', 'text', (c) => c.references('entitlements.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('duration_seconds', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('policy', jsonType(db), (c) => c.notNull())
    // Who asked (platform/audit's Actor, JSON), and the member's id and email when a member did.
    .addColumn('requested_by', jsonType(db), (c) => c.notNull())
    // `member:<id>` or `<actor type>:<actor id>`: who may not approve it.
    .addColumn('requester_key', 'text', (c) => c.notNull())
    .addColumn('requester_email', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', jsonType(db))
    .addColumn('decision_reason', 'text')
    .addColumn('until', 'text')
    .addColumn('override_id', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('ended_by', jsonType(db))
    .addColumn('end_reason', 'text')
    .execute()
  await db.schema
    .createIndex('access_requests_workspace_status')
    .on('access_requests')
    .columns(['workspace_id', 'status', 'created_at'])
    .execute()
  await db.schema
    .createTable('access_request_approvals')
    .addColumn('request_id', 'text', (c) =>
      c.notNull().references('access_requests.id').onDelete('cascade'),
    )
    // `<actor type>:<actor id>`: two approvals must come from two people.
    .addColumn('approver_key', 'text', (c) => c.notNull())
    .addColumn('approver', jsonType(db), (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_request_approvals_pk', ['request_id', 'approver_key'])
    .execute()
  await db.schema
    .createTable('access_request_policies')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    // '' for the app's own policy, else the entitlement's id.
    .addColumn('entitlement_key', 'text', (c) => c.notNull())
    .addColumn('policy', jsonType(db), (c) => c.notNull())
    .addColumn('updated_by', jsonType(db), (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_request_policies_pk', ['app_id', 'entitlement_key'])
    .execute()
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('access_request_policies').execute()
  await db.schema.dropTable('access_request_approvals').execute()
  await db.schema.dropTable('access_requests').execute()
}
