import { sql } from 'kysely'
import { isPostgres, jsonType, type MigrationDb } from './migration-helpers.js'

/**
 * The identity graph and reconciliation (issue 7): accounts of every connected app with their
 * links to people (by correlation rule or by hand) and the candidates of ambiguous matches,
 * snapshots of each refresh with what changed, findings, reconcile runs, and plans with their
 * operations. Apps gain their correlation rules and lifecycle policy.
 */
export async function up(db: MigrationDb): Promise<void> {
  await extendApps(db)
  await createAccounts(db)
  await createSnapshots(db)
  await createFindings(db)
  await createPlans(db)
  await indexEmployeeNumber(db)
}

async function extendApps(db: MigrationDb): Promise<void> {
  // Defaults keep every app connected before this migration valid: the default rules and policy.
  await db.schema
    .alterTable('apps')
    .addColumn('correlation', jsonType(db), (c) => c.notNull().defaultTo('{}'))
    .execute()
  await db.schema
    .alterTable('apps')
    .addColumn('policy', jsonType(db), (c) => c.notNull().defaultTo('{}'))
    .execute()
}

async function createAccounts(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('remote_id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('user_name_key', 'text', (c) => c.notNull())
    .addColumn('external_id_key', 'text')
    .addColumn('email_key', 'text')
    .addColumn('employee_number', 'text')
    .addColumn('display_name', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('attributes', jsonType(db), (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    // No foreign key to people: people are never deleted, only marked gone.
    .addColumn('person_id', 'text')
    .addColumn('link_state', 'text', (c) => c.notNull())
    .addColumn('link_kind', 'text')
    .addColumn('link_rule', 'text')
    .addColumn('linked_at', 'text')
    .addColumn('inactive_since', 'text')
    .addColumn('seen_snapshot_id', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('accounts_app_remote')
    .on('accounts')
    .columns(['app_id', 'remote_id'])
    .unique()
    .execute()
  // Reconciliation reads accounts by ranges of person ids, chunk after chunk.
  await db.schema
    .createIndex('accounts_person')
    .on('accounts')
    .columns(['workspace_id', 'person_id'])
    .execute()
  await db.schema
    .createIndex('accounts_link_state')
    .on('accounts')
    .columns(['app_id', 'link_state'])
    .execute()
  // One live account per person and app: a second one is an ambiguity for a person to resolve.
  await sql`create unique index accounts_app_person on accounts (app_id, person_id)
    where person_id is not null and removed_at is null`.execute(db)

  // The people an ambiguous account matches (by which rule); none for linked or orphan accounts.
  await db.schema
    .createTable('account_candidates')
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_candidates_pk', ['account_id', 'person_id'])
    .execute()
  await db.schema
    .createIndex('account_candidates_person')
    .on('account_candidates')
    .columns(['workspace_id', 'person_id'])
    .execute()
}

async function createSnapshots(db: MigrationDb): Promise<void> {
  // One row per refresh of an app's accounts: counts, and the checkpoint a failed one resumes from.
  await db.schema
    .createTable('graph_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('counts', jsonType(db), (c) => c.notNull())
    .addColumn('checkpoint', jsonType(db))
    .addColumn('error', jsonType(db))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute()
  await db.schema
    .createIndex('graph_snapshots_app')
    .on('graph_snapshots')
    .columns(['app_id', 'started_at'])
    .execute()
  // What a refresh changed: the graph's answer to "what changed since the last sync".
  await db.schema
    .createTable('account_changes')
    .addColumn('snapshot_id', 'text', (c) =>
      c.notNull().references('graph_snapshots.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('before', jsonType(db))
    .addColumn('after', jsonType(db))
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_changes_pk', ['snapshot_id', 'account_id', 'change'])
    .execute()
}

async function createFindings(db: MigrationDb): Promise<void> {
  // Open findings only: a resolved one is deleted (its history is in the events and the audit).
  // subject_key is the person id, or `account:<id>` for orphan and ambiguous accounts.
  await db.schema
    .createTable('findings')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('evidence', jsonType(db), (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('findings_pk', ['app_id', 'subject_key'])
    .execute()
  await db.schema
    .createIndex('findings_person')
    .on('findings')
    .columns(['workspace_id', 'person_id'])
    .execute()
  await db.schema
    .createIndex('findings_kind')
    .on('findings')
    .columns(['workspace_id', 'kind'])
    .execute()
  await db.schema
    .createTable('reconcile_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('scope', jsonType(db), (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('counts', jsonType(db), (c) => c.notNull())
    // Per app: the assignment used, how many people it selected, how many accounts: what the
    // safety rule compares the next run with.
    .addColumn('apps', jsonType(db), (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute()
  await db.schema
    .createIndex('reconcile_runs_workspace')
    .on('reconcile_runs')
    .columns(['workspace_id', 'started_at'])
    .execute()
}

async function createPlans(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('scope', jsonType(db), (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('counts', jsonType(db), (c) => c.notNull())
    .addColumn('created_by', jsonType(db), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('plans_workspace')
    .on('plans')
    .columns(['workspace_id', 'created_at'])
    .execute()
  await db.schema
    .createTable('plan_operations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('capability', 'text', (c) => c.notNull())
    .addColumn('finding_kind', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('person_email', 'text')
    .addColumn('account_id', 'text')
    .addColumn('remote_id', 'text')
    .addColumn('payload', jsonType(db), (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('hold_reason', 'text')
    .addColumn('decided_by', jsonType(db))
    .addColumn('decided_at', 'text')
    .execute()
  await db.schema
    .createIndex('plan_operations_position')
    .on('plan_operations')
    .columns(['plan_id', 'position'])
    .execute()
  await db.schema
    .createIndex('plan_operations_status')
    .on('plan_operations')
    .columns(['plan_id', 'status'])
    .execute()
  // The database itself refuses a plan with two operations for one account, or for one person
  // in one app.
  await sql`create unique index plan_operations_account on plan_operations (plan_id, account_id)
    where account_id is not null`.execute(db)
  await sql`create unique index plan_operations_person on plan_operations (plan_id, app_id, person_id)
    where person_id is not null`.execute(db)
}

/**
 * Correlation on employee number reads the enterprise extension of the person's resource; this
 * expression index makes it a lookup. graph/graph-store.ts writes the very same expression.
 */
async function indexEmployeeNumber(db: MigrationDb): Promise<void> {
  const expression = isPostgres(db)
    ? sql.raw(
        `(resource #>> '{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,employeeNumber}')`,
      )
    : sql.raw(
        `json_extract(resource, '$."urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"."employeeNumber"')`,
      )
  await sql`create index people_employee_number on people (workspace_id, ${expression})`.execute(db)
}
