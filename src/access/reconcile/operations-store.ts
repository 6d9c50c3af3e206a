import { type Db, decodeJson } from '../../platform/store/index.js'
import { toOperation } from './plan-store.js'
import type { Operation, OperationPayload, Scope } from './types.js'

/**
 * The statuses an operation moves through while it is applied, written only here: reconcile
 * owns `plans` and `plan_operations`; apply asks through these functions (index.ts). Every one
 * takes the executor (the database or the caller's transaction) once.
 */

/** Statuses apply starts from; held and rejected operations are never applied. */
export const APPLYABLE = ['planned', 'approved'] as const

/** An operation as apply queues it. */
export type QueuedOperationRef = {
  readonly id: string
  readonly appId: string
  readonly kind: string
  readonly idempotencyKey: string
  readonly position: number
}

/** An operation apply settled, as its audit entry and event name it. */
export type SettledOperation = {
  readonly id: string
  readonly planId: string
  readonly appId: string
  readonly workspaceId: string
}

const SETTLED_COLUMNS = ['id', 'plan_id', 'app_id', 'workspace_id'] as const

function settledOf(row: {
  id: string
  plan_id: string
  app_id: string
  workspace_id: string
}): SettledOperation {
  return { id: row.id, planId: row.plan_id, appId: row.app_id, workspaceId: row.workspace_id }
}

/** One operation by id, as apply's job carries it out (undefined once its plan is deleted). */
export async function findOperation(db: Db, operationId: string): Promise<Operation | undefined> {
  const row = await db
    .selectFrom('plan_operations')
    .selectAll()
    .where('id', '=', operationId)
    .executeTakeFirst()
  return row === undefined ? undefined : toOperation(row)
}

/** A page of the plan's operations that apply should carry out, after `position`. */
export async function applyableOperations(
  db: Db,
  planId: string,
  page: { after: number; limit: number },
): Promise<QueuedOperationRef[]> {
  const rows = await db
    .selectFrom('plan_operations')
    .select(['id', 'app_id', 'kind', 'idempotency_key', 'position'])
    .where('plan_id', '=', planId)
    .where('status', 'in', [...APPLYABLE])
    .where('position', '>', page.after)
    .orderBy('position')
    .limit(page.limit)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    appId: row.app_id,
    kind: row.kind,
    idempotencyKey: row.idempotency_key,
    position: row.position,
  }))
}

/** The keys among these that an earlier plan already applied. */
export async function appliedKeys(db: Db, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set()
  const rows = await db
    .selectFrom('plan_operations')
    .select('idempotency_key')
    .where('idempotency_key', 'in', [...keys])
    .where('status', '=', 'applied')
    .execute()
  return new Set(rows.map((row) => row.idempotency_key))
}

/** Operations queued for apply: their job (or a twin's) will settle them. */
export async function markApplying(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return
  await db
    .updateTable('plan_operations')
    .set({ status: 'running' })
    .where('id', 'in', [...ids])
    .execute()
}

/** Operations whose intent an earlier plan already applied: nothing left to do. */
export async function markSkipped(db: Db, ids: readonly string[], now: string): Promise<void> {
  if (ids.length === 0) return
  await db
    .updateTable('plan_operations')
    .set({ status: 'skipped', finished_at: now })
    .where('id', 'in', [...ids])
    .execute()
}

type Settlement = { readonly attempts: number; readonly now: string }

/** Settles every running operation with this key as applied (one intent, maybe several plans). */
export function markApplied(
  db: Db,
  key: string,
  outcome: Settlement & { readonly result: unknown },
): Promise<SettledOperation[]> {
  return settleKey(db, key, { ...outcome, status: 'applied' })
}

/** Settles every running operation with this key as failed for good. */
export function markFailed(
  db: Db,
  key: string,
  outcome: Settlement & { readonly error: unknown },
): Promise<SettledOperation[]> {
  return settleKey(db, key, { ...outcome, status: 'failed' })
}

async function settleKey(
  db: Db,
  key: string,
  outcome: Settlement & { status: 'applied' | 'failed'; result?: unknown; error?: unknown },
): Promise<SettledOperation[]> {
  const rows = await db
    .selectFrom('plan_operations')
    .select(SETTLED_COLUMNS)
    .where('idempotency_key', '=', key)
    .where('status', '=', 'running')
    .execute()
  if (rows.length === 0) return []
  await db
    .updateTable('plan_operations')
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      result: outcome.result === undefined ? null : JSON.stringify(outcome.result),
      error: outcome.error === undefined ? null : JSON.stringify(outcome.error),
      finished_at: outcome.now,
    })
    .where(
      'id',
      'in',
      rows.map((row) => row.id),
    )
    .execute()
  return rows.map(settledOf)
}

/** Records a failed attempt that will be tried again (the operation stays running). */
export async function noteFailedAttempt(
  db: Db,
  operationId: string,
  attempt: { readonly attempts: number; readonly error: unknown },
): Promise<void> {
  await db
    .updateTable('plan_operations')
    .set({ attempts: attempt.attempts, error: JSON.stringify(attempt.error) })
    .where('id', '=', operationId)
    .execute()
}

/** Operations being applied, oldest first: what the sweep for lost jobs looks at. */
export async function applyingOperations(db: Db, limit: number) {
  const rows = await db
    .selectFrom('plan_operations')
    .select([...SETTLED_COLUMNS, 'idempotency_key'])
    .where('status', '=', 'running')
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((row) => ({ ...settledOf(row), idempotencyKey: row.idempotency_key }))
}

/**
 * Settles these operations if they are still being applied (a job that ended without settling
 * them); returns those it changed: `skipped` when another plan applied the intent, else `failed`.
 */
export async function settleIfApplying(
  db: Db,
  ids: readonly string[],
  outcome: { status: 'failed' | 'skipped'; error?: unknown; now: string },
): Promise<SettledOperation[]> {
  if (ids.length === 0) return []
  const rows = await db
    .updateTable('plan_operations')
    .set({
      status: outcome.status,
      error: outcome.error === undefined ? null : JSON.stringify(outcome.error),
      finished_at: outcome.now,
    })
    .where('id', 'in', [...ids])
    .where('status', '=', 'running')
    .returning(SETTLED_COLUMNS)
    .execute()
  return rows.map(settledOf)
}

/** The apps a plan has operations in (read once per plan by the apply sweep). */
export async function planAppIds(db: Db, planId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('plan_operations')
    .select('app_id')
    .distinct()
    .where('plan_id', '=', planId)
    .execute()
  return rows.map((row) => row.app_id)
}

/** Whether one plan still has operations of one app being applied. */
export async function hasPendingOperations(
  db: Db,
  planId: string,
  appId: string,
): Promise<boolean> {
  // Asked after every settled operation: one row through (plan, app, status), never a count.
  const row = await db
    .selectFrom('plan_operations')
    .select('id')
    .where('plan_id', '=', planId)
    .where('app_id', '=', appId)
    .where('status', '=', 'running')
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Whether the plan changed (or tried to change) accounts of the app through its API: only
 * then is the app refreshed afterwards. A task (an app without an API) is settled when it is
 * opened; the account changes when a person completes it, which a refresh cannot hurry.
 */
export async function changedAccountsOf(db: Db, planId: string, appId: string): Promise<boolean> {
  const row = await db
    .selectFrom('plan_operations')
    .select('id')
    .where('plan_id', '=', planId)
    .where('app_id', '=', appId)
    .where('status', 'in', ['applied', 'failed'])
    .where('kind', '!=', 'task')
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** One plan's operations counted by status, kind and app: where its apply stands. */
export type ApplyCount = {
  readonly status: string
  readonly kind: string
  readonly appId: string
  readonly n: number
}

/** Counts by status, kind and app of one plan's operations. */
export async function applyProgressCounts(db: Db, planId: string): Promise<ApplyCount[]> {
  const rows = await db
    .selectFrom('plan_operations')
    .select(['status', 'kind', 'app_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('plan_id', '=', planId)
    .groupBy(['status', 'kind', 'app_id'])
    .execute()
  return rows.map((row) => ({
    status: row.status,
    kind: row.kind,
    appId: row.app_id,
    n: Number(row.n),
  }))
}

/** The plans (with whether they offboard) these still-approved operations belong to. */
export async function plansOfApprovedOperations(
  db: Db,
  operationIds: readonly string[],
): Promise<Array<{ planId: string; workspaceId: string; offboard: boolean }>> {
  if (operationIds.length === 0) return []
  const rows = await db
    .selectFrom('plan_operations as op')
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

/** The workspace of a built plan (plan ids are unique; the CLI takes just the id). */
export async function workspaceOfPlan(db: Db, planId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('plans')
    .select('workspace_id')
    .where('id', '=', planId)
    .where('status', '!=', 'building')
    .executeTakeFirst()
  return row?.workspace_id
}

/**
 * How many grants the plan's applied operations took away in an app: each remove_grant, and
 * the grants a deactivation, deletion or task removed first. The refresh after apply expects
 * that many fewer grants, so the sudden-drop rule does not hold the listing of what we did.
 */
export async function grantRemovalsApplied(db: Db, planId: string, appId: string): Promise<number> {
  const rows = await db
    .selectFrom('plan_operations')
    .select(['kind', 'payload'])
    .where('plan_id', '=', planId)
    .where('app_id', '=', appId)
    .where('status', '=', 'applied')
    .where('kind', 'in', ['remove_grant', 'deactivate', 'delete', 'task'])
    .execute()
  let removed = 0
  for (const row of rows) {
    if (row.kind === 'remove_grant') removed += 1
    else {
      const payload = decodeJson<OperationPayload>(row.payload)
      const taking = payload.kind === 'deactivate' || payload.kind === 'delete'
      const task = payload.kind === 'task' && payload.action !== 'create_account'
      if ((taking || task) && 'grants' in payload) removed += payload.grants?.length ?? 0
    }
  }
  return removed
}
