import type { Actor } from '../../platform/audit/index.js'
import type { Db } from '../../platform/store/index.js'

/**
 * `plan_applies`, apply's own table: one row per plan whose apply was requested, with when its
 * operations were all queued, which apps were refreshed afterwards and when it finished. The
 * operations themselves are reconcile's (its index.ts). Every function takes the executor (the
 * database or the caller's transaction) once.
 */

/** An apply as the progress report reads it. */
export type ApplyRequest = {
  readonly requestedAt: string
  readonly finishedAt: string | null
}

/** Records that the plan's apply was requested; applying again reopens it. */
export async function requestApply(
  db: Db,
  request: { planId: string; workspaceId: string; actor: Actor; now: string },
): Promise<void> {
  await db
    .insertInto('plan_applies')
    .values({
      plan_id: request.planId,
      workspace_id: request.workspaceId,
      requested_by: JSON.stringify(request.actor),
      requested_at: request.now,
      finished_at: null,
    })
    // Applying again: the operations still planned (a crash between pages) are queued now.
    .onConflict((oc) => oc.column('plan_id').doUpdateSet({ finished_at: null, enqueued_at: null }))
    .execute()
}

/** The apply is (again) being queued: not finished, not fully queued. */
export async function reopenApply(db: Db, planId: string): Promise<void> {
  await db
    .updateTable('plan_applies')
    .set({ finished_at: null, enqueued_at: null })
    .where('plan_id', '=', planId)
    .execute()
}

/** Every applyable operation of the plan is queued: only now may the apply finish. */
export async function markEnqueued(db: Db, planId: string, now: string): Promise<void> {
  await db
    .updateTable('plan_applies')
    .set({ enqueued_at: now })
    .where('plan_id', '=', planId)
    .execute()
}

export async function applyRequest(db: Db, planId: string): Promise<ApplyRequest | undefined> {
  const row = await db
    .selectFrom('plan_applies')
    .select(['requested_at', 'finished_at'])
    .where('plan_id', '=', planId)
    .executeTakeFirst()
  return row && { requestedAt: row.requested_at, finishedAt: row.finished_at }
}

/** Which of these plans have had their apply requested. */
export async function requestedPlans(db: Db, planIds: readonly string[]): Promise<Set<string>> {
  if (planIds.length === 0) return new Set()
  const rows = await db
    .selectFrom('plan_applies')
    .select('plan_id')
    .where('plan_id', 'in', [...planIds])
    .execute()
  return new Set(rows.map((row) => row.plan_id))
}

/** Applies not finished yet, with the apps already refreshed: what the worker's sweep visits. */
export async function openApplies(db: Db) {
  const rows = await db
    .selectFrom('plan_applies')
    .select(['plan_id', 'workspace_id', 'refreshed'])
    .where('finished_at', 'is', null)
    .execute()
  return rows.map((row) => ({
    planId: row.plan_id,
    workspaceId: row.workspace_id,
    refreshed: new Set(parseIds(row.refreshed)),
  }))
}

/**
 * Takes the apply's row lock (a no-op update, on both dialects) before a read-modify-write of
 * its list of refreshed apps: two refreshes settling at once on PostgreSQL (read committed)
 * would otherwise each add to the list they read, and one would be lost.
 */
export async function lockApply(db: Db, planId: string): Promise<void> {
  await db
    .updateTable('plan_applies')
    .set((eb) => ({ workspace_id: eb.ref('workspace_id') }))
    .where('plan_id', '=', planId)
    .execute()
}

/** The apps refreshed after the plan's operations on them finished. */
export async function refreshedApps(db: Db, planId: string): Promise<Set<string>> {
  const row = await db
    .selectFrom('plan_applies')
    .select('refreshed')
    .where('plan_id', '=', planId)
    .executeTakeFirst()
  return new Set(parseIds(row?.refreshed ?? '[]'))
}

export async function saveRefreshedApps(
  db: Db,
  planId: string,
  apps: ReadonlySet<string>,
): Promise<void> {
  await db
    .updateTable('plan_applies')
    .set({ refreshed: JSON.stringify([...apps]) })
    .where('plan_id', '=', planId)
    .execute()
}

/**
 * Ends the apply if it is fully queued and not ended yet; says whether this call ended it (so
 * its event is appended once).
 */
export async function markApplyFinished(db: Db, planId: string, now: string): Promise<boolean> {
  const updated = await db
    .updateTable('plan_applies')
    .set({ finished_at: now })
    .where('plan_id', '=', planId)
    .where('finished_at', 'is', null)
    // `apply` may still be queueing operations: only it can say all of them are in.
    .where('enqueued_at', 'is not', null)
    .executeTakeFirst()
  return Number(updated.numUpdatedRows) > 0
}

function parseIds(value: unknown): string[] {
  const parsed = typeof value === 'string' ? JSON.parse(value) : value
  return Array.isArray(parsed) ? parsed.map(String) : []
}
