import type { NewJob } from '../../platform/jobs/index.js'
import type { Db } from '../../platform/store/index.js'
import {
  appliedKeys,
  applyableOperations,
  markApplying,
  markSkipped,
  type QueuedOperationRef,
  refreshPlanStatus,
} from '../reconcile/index.js'
import { type ApplyDeps, PRIORITY } from './apply-deps.js'
import { finishIfDone } from './apply-finish.js'
import { markEnqueued, reopenApply } from './apply-store.js'

const PAGE = 500

/** A plan to queue: offboarding plans' jobs go first. */
export type PlanRef = {
  readonly workspaceId: string
  readonly planId: string
  readonly offboard: boolean
}

/**
 * Queues every planned or approved operation of a plan whose apply was requested (the
 * `plan_applies` row exists): page by page, each in its own transaction, so a crash between
 * pages leaves the rest `planned` and applying again picks them up; nothing is enqueued twice
 * (keys). Then marks the apply as fully queued and finishes it if nothing was left to do.
 */
export async function enqueueApplyable(deps: ApplyDeps, plan: PlanRef): Promise<void> {
  await reopenApply(deps.db, plan.planId)
  for (let after = -1; ; ) {
    const ops = await applyableOperations(deps.db, plan.planId, { after, limit: PAGE })
    if (ops.length === 0) break
    await deps.transact((trx) => enqueuePage(deps, trx, plan, ops))
    after = ops.at(-1)?.position ?? after
  }
  await deps.transact(async (trx) => {
    await markEnqueued(trx, plan.planId, deps.clock.now().toISOString())
    // `applying` while its jobs run (or whatever its operations say if none had to).
    await refreshPlanStatus(trx, plan.planId, deps.clock.now().toISOString())
    await finishIfDone(deps, trx, plan)
  })
}

async function enqueuePage(
  deps: ApplyDeps,
  trx: Db,
  plan: PlanRef,
  ops: readonly QueuedOperationRef[],
): Promise<void> {
  const now = deps.clock.now().toISOString()
  const done = await appliedKeys(
    trx,
    ops.map((op) => op.idempotencyKey),
  )
  const skipped = ops.filter((op) => done.has(op.idempotencyKey))
  const todo = ops.filter((op) => !done.has(op.idempotencyKey))
  await markSkipped(
    trx,
    skipped.map((op) => op.id),
    now,
  )
  await markApplying(
    trx,
    todo.map((op) => op.id),
  )
  // A key whose job is still live (another plan's twin, or this plan queued by a second process
  // a moment ago) rides on it: that job settles every running operation of the key, so no job is
  // added (a second job of one key could run beside the first: a duplicate in the app). Any
  // other key gets a job of its own, named by this operation, so two processes queuing the same
  // operation at once insert one job; an earlier job of the key that ended runs no more.
  const live = await deps.queue.live(
    trx,
    todo.map((op) => op.idempotencyKey),
  )
  const firsts = [...new Map(todo.map((op) => [op.idempotencyKey, op])).values()]
  const jobs: NewJob[] = firsts
    .filter((op) => !live.has(op.idempotencyKey))
    .map((op) => ({
      key: op.idempotencyKey,
      queue: op.appId,
      priority: priorityOf(op.kind, plan.offboard),
      data: {
        type: 'operation',
        workspaceId: plan.workspaceId,
        planId: plan.planId,
        operationId: op.id,
        appId: op.appId,
      },
      round: op.id,
    }))
  await deps.queue.enqueue(trx, jobs)
}

function priorityOf(kind: string, offboard: boolean): number {
  if (offboard) return PRIORITY.offboard
  // Taking access away goes first: a revoked role matters more than a granted one.
  if (kind === 'deactivate' || kind === 'delete' || kind === 'remove_grant') return PRIORITY.removal
  if (kind === 'create') return PRIORITY.create
  return PRIORITY.change
}
