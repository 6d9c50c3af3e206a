import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import { type Db, decodeJson, type Row, type Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import { accountImportAfter } from '../apps/index.js'
import { liveAccountsByKey, succeededSnapshotAfter } from '../graph/index.js'
import {
  claimReminder,
  doneTasksPage,
  markTaskVerified,
  tasksDueSoon,
  tasksOverdue,
} from './task-lifecycle-store.js'
import { eventData } from './tasks-service.js'
import { toTask } from './tasks-store.js'

export type TaskLifecycleDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly clock: Clock
  readonly audit: AuditLog
  readonly events: EventLog
}

const SYSTEM: Actor = { type: 'system', id: 'task-lifecycle' }
const REMOVALS = new Set(['deactivate_account', 'delete_account'])
const STATE_ACTIONS = [
  'create_account',
  'reactivate_account',
  'deactivate_account',
  'delete_account',
]
const BATCH = 200

type Reminder = 'due_soon' | 'overdue'

/**
 * What happens to tasks between opening and verification: reminders (one when the due time
 * approaches, one when it passed: recorded on the task, so a reminder is never sent twice) and
 * verification (a done task is verified when a refresh of the app's accounts that started after
 * it was done shows the change, from the app's own data rather than the task itself).
 */
export function createTaskLifecycle(deps: TaskLifecycleDeps) {
  const { db, clock } = deps

  async function remind(row: Row<'tasks'>, kind: Reminder, now: string): Promise<boolean> {
    const column = kind === 'due_soon' ? 'reminded_due_at' : 'reminded_overdue_at'
    return deps.transact(async (trx) => {
      if (!(await claimReminder(trx, row.id, column, now))) return false
      const task = toTask(row)
      await deps.events.append(trx, {
        workspaceId: task.workspaceId,
        sourceId: task.appId,
        type: kind === 'due_soon' ? 'task.reminder_due_soon' : 'task.overdue',
        subject: { type: 'task', id: task.id },
        data: { ...eventData(task), reminder: kind },
      })
      await deps.audit.record(trx, {
        workspaceId: task.workspaceId,
        actor: SYSTEM,
        action: kind === 'due_soon' ? 'task.reminded' : 'task.overdue',
        target: { type: 'task', id: task.id },
        after: { assignee: task.assignee, dueAt: task.dueAt },
      })
      return true
    })
  }

  async function sendReminders(): Promise<number> {
    const now = clock.now().toISOString()
    const soon = await tasksDueSoon(db, now, BATCH)
    const late = await tasksOverdue(db, now, BATCH)
    let sent = 0
    for (const row of soon) if (await remind(row, 'due_soon', now)) sent += 1
    for (const row of late) if (await remind(row, 'overdue', now)) sent += 1
    return sent
  }

  async function verifyOne(row: Row<'tasks'>): Promise<boolean> {
    const completedAt = row.completed_at ?? row.created_at
    const listing = await succeededSnapshotAfter(db, row.app_id, completedAt)
    if (!listing) return false
    if (!(await showsChange(db, row))) return false
    const evidence = await evidenceOf(db, row, completedAt)
    return markVerified(row, evidence, listing.id)
  }

  async function markVerified(row: Row<'tasks'>, evidence: string, snapshotId: string) {
    const now = clock.now().toISOString()
    return deps.transact(async (trx) => {
      const verified = { verified_at: now, verified_by: evidence }
      if (!(await markTaskVerified(trx, row.id, verified))) return false
      const task = {
        ...toTask(row),
        status: 'verified' as const,
        verifiedAt: now,
        verifiedBy: evidence,
      }
      await deps.events.append(trx, {
        workspaceId: task.workspaceId,
        sourceId: task.appId,
        type: 'task.verified',
        subject: { type: 'task', id: task.id },
        data: { ...eventData(task), evidence, snapshotId },
      })
      await deps.audit.record(trx, {
        workspaceId: task.workspaceId,
        actor: SYSTEM,
        action: 'task.verified',
        target: { type: 'task', id: task.id },
        before: { status: 'done' },
        after: { status: 'verified', evidence, snapshotId },
      })
      return true
    })
  }

  async function verifyCompleted(): Promise<number> {
    let verified = 0
    let after = ''
    for (;;) {
      const rows = await doneTasksPage(db, STATE_ACTIONS, after, BATCH)
      for (const row of rows) if (await verifyOne(row)) verified += 1
      if (rows.length < BATCH) return verified
      after = rows.at(-1)?.id ?? after
    }
  }

  return { sendReminders, verifyCompleted }
}

export type TaskLifecycle = ReturnType<typeof createTaskLifecycle>

/**
 * Whether the graph shows what the task asked for. A removal is shown when no live active
 * account of the person remains (a deletion: no live account at all); a grant when a live active
 * account exists that the app's data reported, not the task's own confirmation.
 */
async function showsChange(db: Db, task: Row<'tasks'>): Promise<boolean> {
  const accounts = await liveAccountsByKey(db, task.app_id, task.person_email)
  if (task.action === 'delete_account') return accounts.length === 0
  if (REMOVALS.has(task.action)) return accounts.every((a) => a.active !== 1)
  return accounts.some((a) => a.active === 1 && sourceOf(a.attributes) !== 'tasks')
}

function sourceOf(attributes: unknown): unknown {
  const decoded = decodeJson<{ raw?: { source?: unknown } }>(attributes)
  return decoded?.raw?.source
}

/** `import` when a user export was uploaded after the task was done, else the app's listing. */
async function evidenceOf(db: Db, task: Row<'tasks'>, completedAt: string): Promise<string> {
  const upload = await accountImportAfter(db, task.app_id, completedAt)
  return upload ? 'import' : 'listing'
}
