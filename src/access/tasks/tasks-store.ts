import type {
  ConfirmedAccount,
  ConfirmedAccountsQuery,
  TaskDetails,
} from '../../integrations/connectors/index.js'
import { type Db, decodeJson, type NewRow, type Row } from '../../platform/store/index.js'

/** A task for a person: one lifecycle step in an app without an API. */
export type Task = {
  id: string
  workspaceId: string
  appId: string
  personEmail: string
  action: string
  details: TaskDetails
  assignee: string
  /** `done`: the assignee says so; `verified`: the next account import showed the change. */
  status: TaskStatus
  dueAt: string | null
  createdAt: string
  completedAt: string | null
  completedBy: string | null
  evidence: string | null
  verifiedAt: string | null
  /** What showed the change: `import` (an uploaded user export) or `listing` (the app's API). */
  verifiedBy: string | null
  /** The reminders sent: before the due time, and once it had passed. */
  reminders: { dueSoonAt: string | null; overdueAt: string | null }
}

export type TaskStatus = 'open' | 'done' | 'verified'

export type TaskFilter = {
  workspaceId: string
  status?: TaskStatus
  appId?: string
  /** Only tasks about this person (the email the task names, compared as stored). */
  personEmail?: string
  /** Only tasks due before this instant (ISO-8601): overdue when it is now and status is open. */
  dueBefore?: string
  limit?: number
}

/**
 * The actions that decide whether a manual account exists; updates and reviews do not. The
 * assignee's word is taken for access that exists (a completed creation lists the account), but
 * not for access that is gone: a removal counts only once an import verified it, so until then
 * the account stays in the graph and its residual finding stays open.
 */
const STATE_ACTIONS = {
  create_account: 'active',
  reactivate_account: 'active',
  deactivate_account: 'inactive',
  delete_account: 'deleted',
} as const

const GRANTS = ['create_account', 'reactivate_account']

/** Kysely queries of the tasks table; every one is scoped to a workspace. */
export function taskStore(db: Db) {
  return {
    async byKey(workspaceId: string, key: string): Promise<Row<'tasks'> | undefined> {
      return db
        .selectFrom('tasks')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('idempotency_key', '=', key)
        .executeTakeFirst()
    },

    async byId(id: string, workspaceId?: string): Promise<Row<'tasks'> | undefined> {
      return db
        .selectFrom('tasks')
        .selectAll()
        .where('id', '=', id)
        .$if(workspaceId !== undefined, (q) => q.where('workspace_id', '=', workspaceId ?? ''))
        .executeTakeFirst()
    },

    async list(filter: TaskFilter): Promise<Row<'tasks'>[]> {
      return db
        .selectFrom('tasks')
        .selectAll()
        .where('workspace_id', '=', filter.workspaceId)
        .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status ?? 'open'))
        .$if(filter.appId !== undefined, (q) => q.where('app_id', '=', filter.appId ?? ''))
        .$if(filter.personEmail !== undefined, (q) =>
          q.where('person_email', '=', filter.personEmail ?? ''),
        )
        .$if(filter.dueBefore !== undefined, (q) =>
          q.where('due_at', 'is not', null).where('due_at', '<', filter.dueBefore ?? ''),
        )
        .orderBy('created_at')
        .orderBy('id')
        .limit(Math.min(filter.limit ?? 500, 5000))
        .execute()
    },

    /** One page of people, then their deciding tasks: bounded however many tasks exist. */
    async confirmed(query: ConfirmedAccountsQuery): Promise<ConfirmedAccount[]> {
      const scoped = db
        .selectFrom('tasks')
        .where('workspace_id', '=', query.workspaceId)
        .where('app_id', '=', query.appId)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'done'), eb('action', 'in', GRANTS)]),
            eb.and([eb('status', '=', 'verified'), eb('action', 'in', Object.keys(STATE_ACTIONS))]),
          ]),
        )
      const people = await scoped
        .select('person_email')
        .distinct()
        .$if(query.after !== undefined, (q) => q.where('person_email', '>', query.after ?? ''))
        .orderBy('person_email')
        .limit(query.limit)
        .execute()
      if (people.length === 0) return []
      const emails = people.map((p) => p.person_email)
      const rows = await scoped
        .selectAll()
        .where('person_email', 'in', emails)
        .orderBy('completed_at')
        .orderBy('id')
        .execute()
      // Ordered by completion, so the last row seen per person is the one that decides.
      const latest = new Map(rows.map((row) => [row.person_email, row]))
      return emails.flatMap((email) => {
        const row = latest.get(email)
        return row ? [toConfirmed(row)] : []
      })
    },
  }
}

function toConfirmed(row: Row<'tasks'>): ConfirmedAccount {
  const details = decodeJson<TaskDetails>(row.details)
  return {
    personEmail: row.person_email,
    state: STATE_ACTIONS[row.action as keyof typeof STATE_ACTIONS] ?? 'active',
    confirmedAt: row.completed_at ?? row.created_at,
    ...(details.accountId ? { accountId: details.accountId } : {}),
    ...(details.displayName ? { displayName: details.displayName } : {}),
  }
}

export function toTask(row: Row<'tasks'>): Task {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    appId: row.app_id,
    personEmail: row.person_email,
    action: row.action,
    details: decodeJson<TaskDetails>(row.details),
    assignee: row.assignee,
    status: row.status,
    dueAt: row.due_at,
    createdAt: row.created_at,
    completedAt: row.completed_at,
    completedBy: row.completed_by,
    evidence: row.evidence,
    verifiedAt: row.verified_at,
    verifiedBy: row.verified_by,
    reminders: { dueSoonAt: row.reminded_due_at, overdueAt: row.reminded_overdue_at },
  }
}

/** Throws the dialect's unique violation when the workspace has a task of that key already. */
export async function insertTask(trx: Db, row: NewRow<'tasks'>): Promise<void> {
  await trx.insertInto('tasks').values(row).execute()
}

/** Marks an open task done; a task no longer open is left as it is. */
export async function completeTask(
  trx: Db,
  id: string,
  done: { status: 'done'; completed_at: string; completed_by: string; evidence: string | null },
): Promise<void> {
  await trx
    .updateTable('tasks')
    .set(done)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute()
}

/** The workspace's tasks with the given idempotency keys (a plan's task steps): one IN list. */
export async function tasksByKeys(
  db: Db,
  workspaceId: string,
  keys: readonly string[],
): Promise<{ id: string; idempotency_key: string; action: string; status: string }[]> {
  return db
    .selectFrom('tasks')
    .select(['id', 'idempotency_key', 'action', 'status'])
    .where('workspace_id', '=', workspaceId)
    .where('idempotency_key', 'in', keys)
    .execute()
}

/**
 * The latest done or verified removal task (deactivate or delete) of the app for any of the
 * given emails: what closed a residual-access window.
 */
export async function latestRemovalTask(
  db: Db,
  appId: string,
  emails: readonly string[],
): Promise<{ id: string; verified_by: string | null } | undefined> {
  return db
    .selectFrom('tasks')
    .select(['id', 'verified_by'])
    .where('app_id', '=', appId)
    .where('person_email', 'in', emails)
    .where('action', 'in', ['deactivate_account', 'delete_account'])
    .where('status', 'in', ['done', 'verified'])
    .orderBy('completed_at', 'desc')
    .executeTakeFirst()
}
