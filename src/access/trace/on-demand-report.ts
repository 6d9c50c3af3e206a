import type { StepRow } from './on-demand-store.js'
import type { AppResponse } from './trace-types.js'
import { operationVerb, responseOf } from './trace-words.js'

/**
 * Where a step of an on-demand run stands, last state first: `verified` (the refresh after
 * apply read the change back, or an import verified the task), `applied`, `task_open` /
 * `task_done` (a person must act in an app without an API), `failed`, `held` (waits for an
 * approver), `rejected`, `expired`, `skipped`, `queued` (planned or approved, not yet applied),
 * `running`, `planned` (a dry run).
 */
export type StepState =
  | 'planned'
  | 'queued'
  | 'running'
  | 'held'
  | 'rejected'
  | 'expired'
  | 'skipped'
  | 'failed'
  | 'applied'
  | 'task_open'
  | 'task_done'
  | 'verified'

/** Where the whole run stands: the worst of its steps, or done. */
export type RunState = 'planned' | 'running' | 'held' | 'failed' | 'done'

export type OnDemandStep = {
  readonly operationId: string
  readonly app: { readonly id: string; readonly name: string }
  readonly kind: string
  /** "Deactivate the account in Sana". */
  readonly summary: string
  readonly state: StepState
  readonly holdReason: string | null
  readonly attempts: number
  readonly response: AppResponse | null
  readonly finishedAt: string | null
  readonly verifiedAt: string | null
  readonly taskId: string | null
}

/** One step's state (pure), given whether the run was only planned. */
export function stepState(step: StepRow, dryRun: boolean): StepState {
  if (step.status === 'held') return 'held'
  if (dryRun && (step.status === 'planned' || step.status === 'approved')) return 'planned'
  switch (step.status) {
    case 'planned':
    case 'approved':
      return 'queued'
    case 'applied':
      if (step.task)
        return step.task.status === 'verified'
          ? 'verified'
          : step.task.status === 'done'
            ? 'task_done'
            : 'task_open'
      return step.verifiedAt ? 'verified' : 'applied'
    case 'running':
    case 'rejected':
    case 'expired':
    case 'skipped':
    case 'failed':
      return step.status
    default:
      return 'queued'
  }
}

/**
 * The run's state (pure): still moving while any step is queued, running or applied but not yet
 * read back; then failed, then held; else done (tasks a person still has to do count as done
 * for the run: they are Rollcall's part finished, tracked on the task).
 */
export function runState(states: readonly StepState[], dryRun: boolean): RunState {
  if (dryRun) return 'planned'
  if (states.some((s) => s === 'queued' || s === 'running' || s === 'applied')) return 'running'
  if (states.includes('failed')) return 'failed'
  if (states.includes('held')) return 'held'
  return 'done'
}

/** A step as the API shows it, with the app named. */
export function stepOf(
  row: StepRow,
  names: ReadonlyMap<string, string>,
  dryRun: boolean,
): OnDemandStep {
  const name = names.get(row.appId) ?? row.appId
  const verb = operationVerb(row.kind, row.payload)
  const state = stepState(row, dryRun)
  const settled = ['applied', 'failed', 'skipped'].includes(row.status)
  return {
    operationId: row.id,
    app: { id: row.appId, name },
    kind: row.kind,
    summary: `${verb.charAt(0).toUpperCase()}${verb.slice(1)} in ${name}`,
    state,
    holdReason: row.holdReason,
    attempts: row.attempts,
    response: settled || row.error ? responseOf(row.result, row.error, row.status) : null,
    finishedAt: row.finishedAt,
    verifiedAt: row.verifiedAt,
    taskId: row.task?.id ?? null,
  }
}
