import {
  consumerCursor,
  eventsOfTypes,
  latestSeq,
  saveConsumerCursor,
} from '../../platform/events/index.js'
import { decodeJson } from '../../platform/store/index.js'
import type { Scope } from '../reconcile/index.js'
import type { ApplyDeps } from './apply-deps.js'
import { enqueueApplyable } from './apply-enqueue.js'

const CONSUMER = 'apply.approved-operations'
const TYPES = ['operation.approved']
const BATCH = 500

/**
 * An approval lets an apply proceed by itself: operations approved in a plan whose apply was
 * already requested (a `plan_applies` row) are queued into that apply, with no second `apply`.
 * Follows `operation.approved` events by its own cursor, like the other background consumers,
 * so reconcile (which records decisions) never calls apply. Runs in the apply worker's
 * housekeeping; queueing is idempotent by key and by status, so two processes doing it at once,
 * or a round repeated after a crash, queue nothing twice. Returns the plans it resumed.
 */
export async function followApprovals(deps: ApplyDeps): Promise<number> {
  const cursor = await consumerCursor(deps.db, CONSUMER)
  const head = await latestSeq(deps.db)
  if (head <= cursor) return 0
  const events = await eventsOfTypes(deps.db, { after: cursor, head, types: TYPES, limit: BATCH })
  const plans = await appliedPlansOf(
    deps,
    events.map((e) => e.subjectId),
  )
  for (const plan of plans) await enqueueApplyable(deps, plan)
  // Fewer than a batch: every event up to the head was seen, the next round starts there.
  const next = events.length < BATCH ? head : (events.at(-1)?.seq ?? head)
  await saveConsumerCursor(deps.db, CONSUMER, next, deps.clock.now().toISOString())
  return plans.length
}

/** The plans (with an apply requested) that these approved operations belong to. */
async function appliedPlansOf(deps: ApplyDeps, operationIds: readonly string[]) {
  if (operationIds.length === 0) return []
  const rows = await deps.db
    .selectFrom('plan_operations as op')
    .innerJoin('plan_applies as pa', 'pa.plan_id', 'op.plan_id')
    .innerJoin('plans as p', 'p.id', 'op.plan_id')
    .select(['op.plan_id', 'op.workspace_id', 'p.scope'])
    .where('op.id', 'in', [...operationIds])
    .where('op.status', '=', 'approved')
    .execute()
  const plans = new Map(
    rows.map((row) => [
      row.plan_id,
      {
        planId: row.plan_id,
        workspaceId: row.workspace_id,
        offboard: decodeJson<Scope>(row.scope).offboard === true,
      },
    ]),
  )
  return [...plans.values()]
}
