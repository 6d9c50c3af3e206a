import {
  type ConfirmedAccountsQuery,
  defaultDueAt,
  type OpenTask,
  type TaskSink,
} from '../../integrations/connectors/index.js'
import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import { type Db, isUniqueViolation, type Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { TaskSla } from '../apps/index.js'
import { taskErrors } from './tasks-errors.js'
import {
  completeTask,
  insertTask,
  type Task,
  type TaskFilter,
  taskStore,
  toTask,
} from './tasks-store.js'

export type TaskServiceDeps = {
  db: Db
  transact: Transact
  clock: Clock
  ids: IdGenerator
  audit: AuditLog
  events: EventLog
  /** The app's task SLA (its policy); tasks of apps it does not know keep the connector's due. */
  sla?: (workspaceId: string, appId: string) => Promise<TaskSla | undefined>
}

const SYSTEM: Actor = { type: 'system', id: null }

/**
 * Tasks for people, on the database: the manual connector opens them through the `TaskSink`
 * port, app owners list and complete them. Opening is idempotent per workspace and key (a unique
 * index, so two racing retries still open one task); every change is audited.
 */
export function createTaskService(deps: TaskServiceDeps) {
  const { db, clock, ids, audit } = deps
  const store = taskStore(db)
  const taskEvent = (trx: Db, type: string, task: Task) =>
    deps.events.append(trx, {
      workspaceId: task.workspaceId,
      sourceId: task.appId,
      type,
      subject: { type: 'task', id: task.id },
      data: eventData(task),
    })

  const sink: TaskSink = {
    async openTask(task: OpenTask) {
      const existing = await store.byKey(task.workspaceId, task.idempotencyKey)
      if (existing) return { taskId: existing.id, created: false }
      const now = clock.now()
      const sla = await deps.sla?.(task.workspaceId, task.appId)
      const row = newRow(task, ids.next(), now.toISOString(), dueOf(task, sla, now))
      try {
        await deps.transact(async (trx) => {
          await insertTask(trx, row)
          await taskEvent(trx, 'task.opened', toTask(row))
          await audit.record(trx, {
            workspaceId: task.workspaceId,
            actor: SYSTEM,
            action: 'task.opened',
            target: { type: 'task', id: row.id },
            after: {
              appId: task.appId,
              action: task.action,
              personEmail: task.personEmail,
              assignee: task.assignee,
              dueAt: row.due_at,
            },
          })
        })
      } catch (error) {
        if (!isUniqueViolation(error)) throw error
        // Another attempt with the same key won the race: that task is this one.
        const winner = await store.byKey(task.workspaceId, task.idempotencyKey)
        if (!winner) throw error
        return { taskId: winner.id, created: false }
      }
      return { taskId: row.id, created: true }
    },

    async confirmedAccounts(query: ConfirmedAccountsQuery) {
      return store.confirmed(query)
    },
  }

  return {
    ...sink,

    async list(filter: TaskFilter): Promise<Task[]> {
      return (await store.list(filter)).map(toTask)
    },

    /** The task by id; `workspaceId` scopes the lookup for API callers (the CLI may omit it). */
    async get(id: string, workspaceId?: string): Promise<Task> {
      const row = await store.byId(id, workspaceId)
      if (!row) throw taskErrors.error('TASK_NOT_FOUND', `No task '${id}'.`)
      return toTask(row)
    },

    /** Marks the task done with what the person says they did; completing twice changes nothing. */
    async complete(
      input: { id: string; workspaceId?: string; evidence?: string },
      actor: Actor,
    ): Promise<Task> {
      const task = await this.get(input.id, input.workspaceId)
      if (task.status !== 'open') return task
      if (input.evidence !== undefined && input.evidence.length > 10_000) {
        throw taskErrors.error('TASK_INVALID', 'The evidence is longer than 10,000 characters.')
      }
      const done = {
        status: 'done' as const,
        completed_at: clock.now().toISOString(),
        completed_by: actor.id === null ? actor.type : `${actor.type}:${actor.id}`,
        evidence: input.evidence ?? null,
      }
      await deps.transact(async (trx) => {
        await completeTask(trx, task.id, done)
        await taskEvent(trx, 'task.completed', { ...task, ...toCompleted(done) })
        await audit.record(trx, {
          workspaceId: task.workspaceId,
          actor,
          action: 'task.completed',
          target: { type: 'task', id: task.id },
          before: { status: task.status },
          after: { status: 'done', completedAt: done.completed_at, evidence: done.evidence },
        })
      })
      return { ...task, ...toCompleted(done) }
    },
  }
}

export type TaskService = ReturnType<typeof createTaskService>

const HOUR = 3_600_000
const REVOKES = new Set(['deactivate_account', 'delete_account'])

/** The due time and the reminder time an app's SLA gives a task opened now. */
export function dueBySla(sla: TaskSla, action: string, now: Date): { dueAt: Date; remindAt: Date } {
  const hours = REVOKES.has(action) ? sla.revokeWithinHours : sla.grantWithinHours
  const dueAt = new Date(now.getTime() + hours * HOUR)
  return { dueAt, remindAt: new Date(dueAt.getTime() - sla.remindBeforeHours * HOUR) }
}

/**
 * A due time named by the caller wins; else the app's SLA; else the connector's default by
 * action. The reminder comes the SLA's lead before whichever due time it is.
 */
function dueOf(
  task: OpenTask,
  sla: TaskSla | undefined,
  now: Date,
): { dueAt: Date; remindAt: Date | null } {
  if (!sla) return { dueAt: task.dueAt ?? defaultDueAt(task.action, now), remindAt: null }
  if (!task.dueAt) return dueBySla(sla, task.action, now)
  return {
    dueAt: task.dueAt,
    remindAt: new Date(task.dueAt.getTime() - sla.remindBeforeHours * HOUR),
  }
}

/** What a task event carries: enough for a receiver to act without a second call. */
export function eventData(task: Task) {
  return {
    taskId: task.id,
    appId: task.appId,
    personEmail: task.personEmail,
    action: task.action,
    assignee: task.assignee,
    status: task.status,
    dueAt: task.dueAt,
    instructions: task.details.instructions,
    completedAt: task.completedAt,
    verifiedAt: task.verifiedAt,
  }
}

function toCompleted(done: {
  completed_at: string
  completed_by: string
  evidence: string | null
}): Pick<Task, 'status' | 'completedAt' | 'completedBy' | 'evidence'> {
  return {
    status: 'done',
    completedAt: done.completed_at,
    completedBy: done.completed_by,
    evidence: done.evidence,
  }
}

function newRow(
  task: OpenTask,
  id: string,
  now: string,
  due: { dueAt: Date; remindAt: Date | null },
) {
  return {
    id,
    workspace_id: task.workspaceId,
    app_id: task.appId,
    person_email: task.personEmail,
    action: task.action,
    details: JSON.stringify(task.details),
    assignee: task.assignee,
    status: 'open' as const,
    due_at: due.dueAt.toISOString(),
    idempotency_key: task.idempotencyKey,
    created_at: now,
    completed_at: null,
    completed_by: null,
    evidence: null,
    verified_at: null,
    verified_by: null,
    remind_at: due.remindAt?.toISOString() ?? null,
    reminded_due_at: null,
    reminded_overdue_at: null,
    operation_id: null,
  }
}
