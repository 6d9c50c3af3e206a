import type { Actor } from '../../platform/audit/index.js'
import type { Db } from '../../platform/store/index.js'
import type { PositionRange } from './holds-store.js'

/**
 * Decisions that outlive one plan: remembered rejections (issue 19) and the expiry of held
 * operations nobody decided in time. Every function takes the executor once.
 */

/** Rejected operations with a person, with what a rejection remembers of them. */
export async function rejectedWithPerson(db: Db, operationIds: readonly string[]) {
  const rows = await db
    .selectFrom('plan_operations as o')
    .leftJoin('people as p', 'p.id', 'o.person_id')
    .select(['o.id', 'o.person_id', 'o.app_id', 'o.kind', 'o.idempotency_key', 'p.version'])
    .where('o.id', 'in', [...operationIds])
    .where('o.person_id', 'is not', null)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    personId: row.person_id ?? '',
    appId: row.app_id,
    kind: row.kind,
    idempotencyKey: row.idempotency_key,
    personVersion: row.version === null ? null : Number(row.version),
  }))
}

export async function insertRememberedRejection(
  db: Db,
  r: {
    id: string
    workspaceId: string
    personId: string
    appId: string
    kind: string
    operationId: string
    facts: string
    actor: Actor
    reason: string
    now: string
    expiresAt: string
  },
): Promise<void> {
  await db
    .insertInto('remembered_rejections')
    .values({
      ...{ id: r.id, workspace_id: r.workspaceId, person_id: r.personId },
      ...{ app_id: r.appId, kind: r.kind, operation_id: r.operationId },
      facts: r.facts,
      ...{ decided_by: JSON.stringify(r.actor), decided_at: r.now, reason: r.reason },
      expires_at: r.expiresAt,
    })
    .execute()
}

/**
 * The plan's planned or held operations in the range that an unexpired rejection of the same
 * person, app and kind may answer, newest decision first (the caller compares the facts).
 */
export async function rememberedRejectionCandidates(
  db: Db,
  plan: { planId: string; workspaceId: string; now: string },
  range: PositionRange,
) {
  const rows = await db
    .selectFrom('plan_operations as o')
    .innerJoin('remembered_rejections as r', (join) =>
      join
        .onRef('r.person_id', '=', 'o.person_id')
        .onRef('r.app_id', '=', 'o.app_id')
        .onRef('r.kind', '=', 'o.kind')
        .on('r.workspace_id', '=', plan.workspaceId)
        .on('r.expires_at', '>', plan.now),
    )
    .leftJoin('people as p', 'p.id', 'o.person_id')
    .select([
      'o.id',
      'o.idempotency_key',
      'p.version',
      'r.facts',
      'r.decided_by',
      'r.decided_at',
      'r.reason',
    ])
    .where('o.plan_id', '=', plan.planId)
    .where('o.position', '>=', range.from)
    .where('o.position', '<', range.to)
    .where('o.status', 'in', ['planned', 'held'])
    .orderBy('r.decided_at', 'desc')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    idempotencyKey: row.idempotency_key,
    personVersion: row.version === null ? null : Number(row.version),
    facts: row.facts,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    reason: row.reason,
  }))
}

/** Marks an operation rejected by an earlier decision, with that decision's who and when. */
export async function markRejectedEarlier(
  db: Db,
  operationId: string,
  earlier: { decidedBy: unknown; decidedAt: string; reason: string },
): Promise<void> {
  const decidedBy = earlier.decidedBy
  await db
    .updateTable('plan_operations')
    .set({
      status: 'rejected',
      decided_by: typeof decidedBy === 'string' ? decidedBy : JSON.stringify(decidedBy),
      decided_at: earlier.decidedAt,
      decision_reason: earlier.reason,
    })
    .where('id', '=', operationId)
    .execute()
}

/** Held operations whose time to be decided has passed, by plan, at most `limit`. */
export async function heldPastExpiry(db: Db, now: string, limit: number) {
  const rows = await db
    .selectFrom('plan_operations')
    .select(['id', 'plan_id', 'workspace_id'])
    .where('status', '=', 'held')
    .where('expires_at', '<=', now)
    .orderBy('plan_id')
    .limit(limit)
    .execute()
  return rows.map((row) => ({ id: row.id, planId: row.plan_id, workspaceId: row.workspace_id }))
}

/**
 * Expires these operations if they are still held; returns those this call changed (another
 * process may have expired some, or someone decided them, in between).
 */
export async function expireHeldOperations(
  db: Db,
  ids: readonly string[],
  expiry: { now: string; actor: Actor },
) {
  return db
    .updateTable('plan_operations')
    .set({ status: 'expired', decided_at: expiry.now, decided_by: JSON.stringify(expiry.actor) })
    .where('id', 'in', [...ids])
    .where('status', '=', 'held')
    .returning(['id', 'app_id', 'kind', 'expires_at'])
    .execute()
}
