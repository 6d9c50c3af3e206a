import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Db, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import { expireHeldOperations, heldPastExpiry } from './decisions-store.js'
import { refreshPlanStatus } from './plan-store.js'
import { reconcileErrors } from './reconcile-errors.js'

/** Who may decide: every held operation, or only those of the apps the caller owns. */
export type ApproverScope = { readonly all: true } | { readonly appIds: readonly string[] }

/** How the approver is told apart: a workspace admin's permission, or the member's email. */
export type ApproverPorts = {
  readonly members: {
    findById(id: string): Promise<{ email: string; workspaceId: string } | undefined>
  }
  readonly apps: {
    list(workspaceId: string): Promise<ReadonlyArray<{ id: string; owner: string | null }>>
  }
}

/**
 * Approvers are the workspace's admins and owners (whose credentials carry
 * `integrations:manage`, as do API tokens they issued) and, for their own apps only, the app's
 * owner (`owner` in app.json) signed in as a member. Anyone else is refused with 403.
 */
export async function resolveApprover(
  ports: ApproverPorts,
  workspaceId: string,
  caller: { scopes: readonly string[]; actor: Actor },
): Promise<ApproverScope> {
  if (caller.scopes.includes('integrations:manage')) return { all: true }
  const refused = reconcileErrors.error(
    'PLAN_APPROVAL_FORBIDDEN',
    'Only workspace admins and owners, or the owner of the app, may decide on these operations.',
  )
  if (caller.actor.type !== 'user' || caller.actor.id === null) throw refused
  const member = await ports.members.findById(caller.actor.id)
  if (!member || member.workspaceId !== workspaceId) throw refused
  const email = member.email.toLowerCase()
  const owned = (await ports.apps.list(workspaceId))
    .filter((app) => app.owner?.toLowerCase() === email)
    .map((app) => app.id)
  if (owned.length === 0) throw refused
  return { appIds: owned }
}

export type ExpiryDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly clock: Clock
  readonly audit: AuditLog
  readonly events: EventLog
}

const EXPIRY: Actor = { type: 'system', id: 'approval-expiry' }

/**
 * Expires held operations whose time to be decided has passed (status `expired`: never
 * applied; a new plan asks again), plan by plan, with an audit entry per plan and an
 * `operation.expired` event per operation.
 */
export async function expireHeld(deps: ExpiryDeps): Promise<number> {
  const now = deps.clock.now().toISOString()
  const due = await heldPastExpiry(deps.db, now, 1000)
  const byPlan = new Map<string, typeof due>()
  for (const op of due) byPlan.set(op.planId, [...(byPlan.get(op.planId) ?? []), op])
  let expired = 0
  for (const [planId, ops] of byPlan) {
    await deps.transact(async (trx) => {
      // Only what this round changed: another process may have expired (or someone decided) some.
      const changed = await expireHeldOperations(
        trx,
        ops.map((op) => op.id),
        { now, actor: EXPIRY },
      )
      if (changed.length === 0) return
      expired += changed.length
      await refreshPlanStatus(trx, planId, now)
      const workspaceId = ops[0]?.workspaceId ?? ''
      await deps.events.appendMany(
        trx,
        changed.map((op) => ({
          workspaceId,
          sourceId: op.app_id,
          type: 'operation.expired',
          subject: { type: 'operation', id: op.id },
          data: {
            planId,
            operationId: op.id,
            appId: op.app_id,
            kind: op.kind,
            expiresAt: op.expires_at,
          },
        })),
      )
      await deps.audit.record(trx, {
        workspaceId,
        actor: EXPIRY,
        action: 'plan.operations_expired',
        target: { type: 'plan', id: planId },
        after: {
          operationIds: changed.map((op) => op.id),
          reason: 'nobody approved or rejected them in time',
        },
      })
    })
  }
  return expired
}
