import type { Actor } from '../../platform/audit/index.js'
import type { Db } from '../../platform/store/index.js'
import type { ApplyService } from '../apply/index.js'
import type { ReconcileService } from '../reconcile/index.js'
import type { DepartureBurst, DepartureGate } from '../safety/index.js'
import type { Revocation } from '../windows/index.js'
import { peopleNames } from './people-reads-store.js'

export type DepartureDecisionDeps = {
  readonly db: Db
  readonly gate: Pick<DepartureGate, 'decide' | 'get'>
  readonly reconcile: Pick<ReconcileService, 'decideHeld'>
  readonly apply: Pick<ApplyService, 'apply'>
  readonly revokeAccessOf: (
    workspaceId: string,
    personEmail: string,
    actor?: Actor,
  ) => Promise<Revocation>
}

export type BurstDecision = {
  readonly burst: DepartureBurst
  /** Plans whose held operations were decided. */
  readonly plans: number
  /** People whose offboarding was released (approved) or stopped (rejected). */
  readonly people: number
}

/**
 * An admin's decision on a departure burst, all at once (issue 13): approving approves every
 * operation the burst alone holds, in every plan, applies those plans (operations carry
 * idempotency keys, so nothing runs twice) and revokes the hub's own access of those people;
 * rejecting rejects them (remembered, so later plans do not ask again). Operations held for
 * another reason as well stay held for a decision of their own; one item at a time goes through
 * the plan's own approve and reject.
 */
export async function decideBurst(
  deps: DepartureDecisionDeps,
  d: {
    workspaceId: string
    burstId: string
    status: 'approved' | 'rejected'
    actor: Actor
    reason: string
  },
): Promise<BurstDecision> {
  const before = await deps.gate.get(d.workspaceId, d.burstId)
  const burst = await deps.gate.decide(d.workspaceId, d.burstId, d)
  const decided = await deps.reconcile.decideHeld(d.workspaceId, before.reason, d.status, d.actor, {
    reason: d.reason,
  })
  if (d.status === 'approved') {
    for (const planId of decided.planIds)
      await deps.apply.apply(d.workspaceId, planId, { actor: d.actor })
    for (const email of await emailsOf(deps.db, d.workspaceId, decided.personIds))
      await deps.revokeAccessOf(d.workspaceId, email, d.actor)
  }
  return { burst, plans: decided.planIds.length, people: decided.personIds.length }
}

async function emailsOf(db: Db, workspaceId: string, personIds: readonly string[]) {
  if (personIds.length === 0) return []
  const rows = await peopleNames(db, workspaceId, personIds)
  return rows.map((r) => r.primary_email ?? r.user_name)
}
