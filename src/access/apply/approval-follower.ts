import {
  consumerCursor,
  eventsOfTypes,
  latestSeq,
  saveConsumerCursor,
} from '../../platform/events/index.js'
import { plansOfApprovedOperations } from '../reconcile/index.js'
import type { ApplyDeps } from './apply-deps.js'
import { enqueueApplyable, type PlanRef } from './apply-enqueue.js'
import { requestedPlans } from './apply-store.js'

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
async function appliedPlansOf(
  deps: ApplyDeps,
  operationIds: readonly string[],
): Promise<PlanRef[]> {
  const plans = await plansOfApprovedOperations(deps.db, operationIds)
  const requested = await requestedPlans(
    deps.db,
    plans.map((plan) => plan.planId),
  )
  return plans.filter((plan) => requested.has(plan.planId))
}
