import { appliedKeys, applyingOperations, settleIfApplying } from '../reconcile/index.js'
import { type ApplyDeps, WORKER } from './apply-deps.js'
import { recordSettled } from './operation-settlement.js'

/** Running operations looked at per sweep, oldest first. */
const PAGE = 1000

/** Why a lost operation failed, in the operation's error (shown with the plan). */
export const LOST = {
  code: 'APPLY_JOB_LOST',
  message:
    'Its job ended without recording a result (a worker stopped mid-way, or the job was removed). Nothing says the change was made: plan again to retry it.',
} as const

/**
 * Settles operations left `running` with no job that could still settle them. A job settles its
 * operations in the transaction that ends it, so this is a safety net: a second plan's operation
 * that rode on a twin's job which ended just before it was queued, a job pg-boss gave up on after
 * its crash retries, a job removed by hand. Committed state is consistent (an operation turns
 * `running` together with its job's insert, and turns back with its job's end), so an operation
 * read as running whose key has no live job afterwards is lost, unless it was settled in
 * between, which the update's `status = 'running'` guard sees. An intent another plan applied is
 * `skipped`; any other lost operation `failed`, with the reason. Returns how many it settled.
 */
export async function settleLost(deps: ApplyDeps): Promise<number> {
  const running = await applyingOperations(deps.db, PAGE)
  if (running.length === 0) return 0
  const live = await deps.queue.live(deps.db, [...new Set(running.map((op) => op.idempotencyKey))])
  const lost = running.filter((op) => !live.has(op.idempotencyKey))
  if (lost.length === 0) return 0
  return deps.transact(async (trx) => {
    const now = deps.clock.now().toISOString()
    const done = await appliedKeys(
      trx,
      lost.map((op) => op.idempotencyKey),
    )
    const twinApplied = lost.filter((op) => done.has(op.idempotencyKey)).map((op) => op.id)
    const orphans = lost.filter((op) => !done.has(op.idempotencyKey)).map((op) => op.id)
    const skipped = await settleIfApplying(trx, twinApplied, { status: 'skipped', now })
    const failed = await settleIfApplying(trx, orphans, { status: 'failed', error: LOST, now })
    if (failed.length > 0)
      await recordSettled(deps, trx, failed, 'operation.failed', { reason: LOST.message })
    if (failed.length + skipped.length > 0)
      deps.log.warn(
        { failed: failed.length, skipped: skipped.length, actor: WORKER.id },
        'settled operations whose job was lost',
      )
    return failed.length + skipped.length
  })
}
