import { jsonType, type MigrationDb } from './migration-helpers.js'

/**
 * Access reviews (issue 18): a campaign snapshots the accounts and grants in its scope as items,
 * each with the evidence of why it exists; reviewers decide keep / revoke / modify; at the due
 * date the default applies, revocations become access overrides and plans, and each revoked item
 * waits until a listing of the app shows the access gone. Items keep names and evidence as they
 * were when the campaign was created (no foreign keys into the graph: the record outlives it).
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('access_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', jsonType(db), (c) => c.notNull())
    .addColumn('reviewers', jsonType(db), (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('default_decision', 'text', (c) => c.notNull())
    .addColumn('remind_at', 'text', (c) => c.notNull())
    // `open`, `closed` (decided; revocations under way) or `completed` (every one verified).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    .addColumn('created_by', jsonType(db), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', jsonType(db))
    // When the revocations became overrides and plans (null: not yet, or none to make).
    .addColumn('planned_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('reminded_due_at', 'text')
    .addColumn('reminded_overdue_at', 'text')
    .execute()
  await db.schema
    .createIndex('access_reviews_workspace')
    .on('access_reviews')
    .columns(['workspace_id', 'created_at'])
    .execute()
  await db.schema
    .createIndex('access_reviews_status')
    .on('access_reviews')
    .columns(['status', 'due_at'])
    .execute()
  await db.schema
    .createTable('access_review_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) =>
      c.notNull().references('access_reviews.id').onDelete('cascade'),
    )
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    // Order of the snapshot (app, person, account before its grants): stable pages.
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('app_name', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('person_email', 'text')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('account_user_name', 'text', (c) => c.notNull())
    .addColumn('entitlement_id', 'text')
    .addColumn('entitlement_name', 'text')
    .addColumn('grant_id', 'text')
    .addColumn('privileged', 'integer', (c) => c.notNull())
    // The lower-cased email of the member who reviews it (owner, manager); null: the named ones.
    .addColumn('reviewer', 'text')
    .addColumn('reason_kind', 'text', (c) => c.notNull())
    .addColumn('evidence', jsonType(db), (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('decided_by', jsonType(db))
    .addColumn('decided_by_email', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('by_default', 'integer', (c) => c.notNull().defaultTo(0))
    // `pending`, `awaiting_verification` or `verified`; null for kept items.
    .addColumn('revocation', 'text')
    .addColumn('override_id', 'text')
    .addColumn('plan_id', 'text')
    .addColumn('verified_at', 'text')
    .execute()
  await db.schema
    .createIndex('access_review_items_position')
    .on('access_review_items')
    .columns(['review_id', 'position'])
    .unique()
    .execute()
  await db.schema
    .createIndex('access_review_items_revocation')
    .on('access_review_items')
    .columns(['revocation', 'review_id'])
    .execute()
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('access_review_items').execute()
  await db.schema.dropTable('access_reviews').execute()
}
