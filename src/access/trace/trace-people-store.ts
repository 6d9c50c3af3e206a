import type { Db } from '../../platform/store/index.js'
import type { SourceWindow } from './trace-merge.js'
import type { TraceDraft } from './trace-types.js'
import { windowWhere } from './trace-window.js'
import { offboardingWords, taskWords, windowWords } from './trace-words.js'

/**
 * Trace entries of a person's tasks (access/tasks' table), admin offboardings (identity/people's
 * `person_offboardings`) and residual-access windows (access/windows' `residual_windows`); all
 * read only here. One query per timestamp column, like the operations.
 */

export type PersonScope = {
  readonly workspaceId: string
  readonly personId: string
  /** Lower-cased primary email: how tasks name their person. */
  readonly email: string | null
}

/** The person as the trace names them (undefined: not in this workspace). */
export async function tracedPerson(db: Db, workspaceId: string, personId: string) {
  return db
    .selectFrom('people')
    .select(['id', 'primary_email', 'user_name', 'display_name'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', personId)
    .executeTakeFirst()
}

type TaskStep = 'opened' | 'done' | 'verified'
const TASK_COLUMN: Record<TaskStep, 'created_at' | 'completed_at' | 'verified_at'> = {
  opened: 'created_at',
  done: 'completed_at',
  verified: 'verified_at',
}

/** One step of the person's tasks: opened, done (the assignee says so) or verified. */
export async function taskDrafts(
  db: Db,
  scope: PersonScope,
  step: TaskStep,
  window: SourceWindow,
): Promise<TraceDraft[]> {
  const column = TASK_COLUMN[step]
  let query = db
    .selectFrom('tasks')
    .selectAll()
    .where('workspace_id', '=', scope.workspaceId)
    .where((eb) =>
      eb.or([
        eb('person_email', '=', scope.email ?? ''),
        eb(
          'operation_id',
          'in',
          eb
            .selectFrom('plan_operations')
            .select('id')
            .where('workspace_id', '=', scope.workspaceId)
            .where('person_id', '=', scope.personId),
        ),
      ]),
    )
    .where(windowWhere(column, window))
  if (window.appId) query = query.where('app_id', '=', window.appId)
  const rows = await query
    .orderBy(column, 'desc')
    .orderBy('id', 'desc')
    .limit(window.limit)
    .execute()
  return rows.map((row) => ({
    key: `task-${step}:${row.id}`,
    at: row[column] ?? row.created_at,
    kind: step === 'verified' ? 'verification' : 'task',
    appId: row.app_id,
    words: taskWords(step, {
      action: row.action,
      assignee: row.assignee,
      by: step === 'done' ? row.completed_by : step === 'verified' ? row.verified_by : null,
    }),
    status: step === 'opened' ? 'open' : step,
    ids: {
      personId: scope.personId,
      taskId: row.id,
      ...(row.operation_id ? { operationId: row.operation_id } : {}),
    },
    detail: { action: row.action, assignee: row.assignee, dueAt: row.due_at },
  }))
}

/** An admin's standing offboarding, and its end (issue 19). */
export async function offboardingDrafts(
  db: Db,
  scope: PersonScope,
  ended: boolean,
  window: SourceWindow,
): Promise<TraceDraft[]> {
  const column = ended ? 'ended_at' : 'offboarded_at'
  const rows = await db
    .selectFrom('person_offboardings')
    .selectAll()
    .where('workspace_id', '=', scope.workspaceId)
    .where('person_id', '=', scope.personId)
    .where(windowWhere(column, window))
    .orderBy(column, 'desc')
    .limit(window.limit)
    .execute()
  return rows.map((row) => {
    const actor = parse(ended ? row.ended_by : row.offboarded_by)
    return {
      key: `offboarding-${ended ? 'ended' : 'started'}:${row.id}`,
      at: (ended ? row.ended_at : row.offboarded_at) ?? row.offboarded_at,
      kind: 'departure',
      appId: null,
      words: offboardingWords(ended, actor, ended ? row.end_reason : row.reason),
      status: ended ? 'reinstated' : 'offboarded',
      ids: { personId: scope.personId, ...(row.plan_id ? { planId: row.plan_id } : {}) },
      detail: { by: actor, reason: ended ? row.end_reason : row.reason },
    }
  })
}

/** Residual-access windows that closed: how long the person kept each account after leaving. */
export async function residualWindowDrafts(
  db: Db,
  scope: PersonScope,
  window: SourceWindow,
): Promise<TraceDraft[]> {
  let query = db
    .selectFrom('residual_windows')
    .selectAll()
    .where('workspace_id', '=', scope.workspaceId)
    .where('person_id', '=', scope.personId)
    .where(windowWhere('closed_at', window))
  if (window.appId) query = query.where('app_id', '=', window.appId)
  const rows = await query.orderBy('closed_at', 'desc').limit(window.limit).execute()
  return rows.map((row) => ({
    key: `window:${row.id}`,
    at: row.closed_at,
    kind: 'departure',
    appId: row.app_id,
    words: windowWords(Number(row.seconds), row.evidence),
    status: 'closed',
    ids: {
      personId: scope.personId,
      accountId: row.account_id,
      ...(row.task_id ? { taskId: row.task_id } : {}),
    },
    detail: { leftAt: row.left_at, closedAt: row.closed_at, seconds: Number(row.seconds) },
  }))
}

function parse(value: unknown): { type?: unknown; id?: unknown } | null {
  if (value === null || value === undefined) return null
  return (typeof value === 'string' ? JSON.parse(value) : value) as { type?: unknown }
}
