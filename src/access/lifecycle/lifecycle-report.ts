import type { Db } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { ApplyProgress } from '../apply/index.js'
import type { Operation, PlanView } from '../reconcile/index.js'
import { tasksByKeys } from '../tasks/index.js'
import { listWindows, type ResidualWindow, type Revocation } from '../windows/index.js'

export type LifecycleAction = 'onboard' | 'offboard'

/**
 * Where a person's onboarding or offboarding stands. `planned`: a dry run, nothing changed;
 * `running`, `failed`, `blocked`: the apply's own status; then, once every automated step is
 * applied: `awaiting_approval` (held steps wait for a decision), `awaiting_tasks` (a manual step
 * is open, or done but not yet shown by an account import), `incomplete` (a step was rejected or
 * expired: access it would have removed remains), `completed` (every step applied and every task
 * verified).
 */
export type LifecycleStatus =
  | 'planned'
  | 'running'
  | 'failed'
  | 'blocked'
  | 'awaiting_approval'
  | 'awaiting_tasks'
  | 'incomplete'
  | 'completed'

export type LifecycleStep = {
  readonly id: string
  readonly appId: string
  readonly kind: Operation['kind']
  /** `automated` (through the app's connector) or `manual` (a task for the app's owner). */
  readonly mode: 'automated' | 'manual'
  readonly status: Operation['status']
  readonly needsApproval: boolean
  readonly accountId: string | null
  readonly task: { readonly id: string; readonly action: string; readonly status: string } | null
}

/** The JSON of `rollcall onboard|offboard --json` and of the API (see the command's help). */
export type LifecycleReport = {
  readonly planId: string
  readonly action: LifecycleAction
  readonly person: { readonly id: string; readonly email: string | null }
  readonly status: LifecycleStatus
  readonly operations: readonly LifecycleStep[]
  readonly held: PlanView['held']
  readonly applied: number
  readonly failed: number
  /** Tasks opened for apps without an API. */
  readonly tasks: number
  readonly taskStatus: { readonly open: number; readonly done: number; readonly verified: number }
  readonly quarantined: ApplyProgress['quarantined']
  /** Offboarding: the hub's own sessions and tokens revoked (when applied in this call). */
  readonly revocation?: Revocation
  /** Offboarding: per app, from the person leaving (in a source) to the account verified gone. */
  readonly residualWindows?: readonly ResidualWindow[]
}

type TaskRow = { id: string; idempotency_key: string; action: string; status: string }

async function tasksOf(db: Db, workspaceId: string, ops: readonly Operation[]) {
  const keys = ops.filter((op) => op.kind === 'task').map((op) => op.idempotencyKey)
  if (keys.length === 0) return new Map<string, TaskRow>()
  const rows = await tasksByKeys(db, workspaceId, keys)
  return new Map(rows.map((row) => [row.idempotency_key, row]))
}

function statusOf(
  progress: ApplyProgress,
  steps: readonly LifecycleStep[],
  taskStatus: LifecycleReport['taskStatus'],
): LifecycleStatus {
  if (progress.status === 'not_started') return 'planned'
  if (progress.status !== 'applied') return progress.status
  if (steps.some((s) => s.status === 'held' || s.status === 'approved')) return 'awaiting_approval'
  if (taskStatus.open + taskStatus.done > 0) return 'awaiting_tasks'
  if (steps.some((s) => s.status === 'rejected' || s.status === 'expired')) return 'incomplete'
  return 'completed'
}

function stepOf(op: Operation, task: TaskRow | undefined): LifecycleStep {
  return {
    id: op.id,
    appId: op.appId,
    kind: op.kind,
    mode: op.kind === 'task' ? 'manual' : 'automated',
    status: op.status,
    // Held now, or a person decided it: either way it was an approval item.
    needsApproval: op.status === 'held' || op.decidedBy !== null,
    accountId: op.accountId,
    task: task ? { id: task.id, action: task.action, status: task.status } : null,
  }
}

/** Builds the report of one person plan from the plan, its apply and its tasks. */
export async function buildReport(
  deps: { db: Db; clock: Clock },
  input: {
    workspaceId: string
    action: LifecycleAction
    person: LifecycleReport['person']
    plan: PlanView
    progress: ApplyProgress
    revocation?: Revocation
  },
): Promise<LifecycleReport> {
  const { plan, progress, workspaceId } = input
  const tasks = await tasksOf(deps.db, workspaceId, plan.operations)
  const steps = plan.operations.map((op) => stepOf(op, tasks.get(op.idempotencyKey)))
  const count = (status: string) => [...tasks.values()].filter((t) => t.status === status).length
  const taskStatus = { open: count('open'), done: count('done'), verified: count('verified') }
  const windows =
    input.action === 'offboard'
      ? (await listWindows(deps.db, deps.clock, { workspaceId, personId: input.person.id })).windows
      : undefined
  return {
    planId: plan.id,
    action: input.action,
    person: input.person,
    status: statusOf(progress, steps, taskStatus),
    operations: steps,
    held: plan.held,
    applied: progress.applied,
    failed: progress.failed,
    tasks: progress.tasks,
    taskStatus,
    quarantined: progress.quarantined,
    ...(input.revocation ? { revocation: input.revocation } : {}),
    ...(windows ? { residualWindows: windows } : {}),
  }
}
