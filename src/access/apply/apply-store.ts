import type { Db } from '../../platform/store/index.js'

/** Statuses apply starts from; held and rejected operations are never applied. */
export const APPLYABLE = ['planned', 'approved'] as const
/** An operation that apply has finished with. */
export const TERMINAL = ['applied', 'failed', 'skipped'] as const

export type OperationRef = {
  readonly id: string
  readonly appId: string
  readonly kind: string
  readonly idempotencyKey: string
  readonly position: number
}

/** An operation apply settled, as its audit entry and event name it. */
export type SettledOperation = { id: string; planId: string; appId: string; workspaceId: string }

function settledOf(row: {
  id: string
  plan_id: string
  app_id: string
  workspace_id: string
}): SettledOperation {
  return { id: row.id, planId: row.plan_id, appId: row.app_id, workspaceId: row.workspace_id }
}

/** Queries over plan_operations for apply: status changes, progress counts. */
export function applyStore(db: Db) {
  return {
    /** A page of the plan's operations that apply should carry out, after `position`. */
    async applyable(planId: string, after: number, limit: number): Promise<OperationRef[]> {
      const rows = await db
        .selectFrom('plan_operations')
        .select(['id', 'app_id', 'kind', 'idempotency_key', 'position'])
        .where('plan_id', '=', planId)
        .where('status', 'in', [...APPLYABLE])
        .where('position', '>', after)
        .orderBy('position')
        .limit(limit)
        .execute()
      return rows.map((row) => ({
        id: row.id,
        appId: row.app_id,
        kind: row.kind,
        idempotencyKey: row.idempotency_key,
        position: row.position,
      }))
    },

    /** The keys among these that an earlier plan already applied. */
    async appliedKeys(trx: Db, keys: readonly string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set()
      const rows = await trx
        .selectFrom('plan_operations')
        .select('idempotency_key')
        .where('idempotency_key', 'in', [...keys])
        .where('status', '=', 'applied')
        .execute()
      return new Set(rows.map((row) => row.idempotency_key))
    },

    async setStatus(
      trx: Db,
      ids: readonly string[],
      status: 'running' | 'skipped',
      now: string,
    ): Promise<void> {
      if (ids.length === 0) return
      await trx
        .updateTable('plan_operations')
        .set({ status, ...(status === 'skipped' ? { finished_at: now } : {}) })
        .where('id', 'in', [...ids])
        .execute()
    },

    /** Settles every running operation with this key (one intent, maybe in several plans). */
    async finish(
      trx: Db,
      key: string,
      outcome: {
        status: 'applied' | 'failed'
        result?: unknown
        error?: unknown
        attempts: number
        now: string
      },
    ): Promise<SettledOperation[]> {
      const rows = await trx
        .selectFrom('plan_operations')
        .select(['id', 'plan_id', 'app_id', 'workspace_id'])
        .where('idempotency_key', '=', key)
        .where('status', '=', 'running')
        .execute()
      if (rows.length === 0) return []
      await trx
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
    },

    /** Running operations, oldest first: what the sweep for lost jobs looks at. */
    async running(limit: number) {
      return db
        .selectFrom('plan_operations')
        .select(['id', 'idempotency_key', 'plan_id', 'app_id', 'workspace_id'])
        .where('status', '=', 'running')
        .orderBy('id')
        .limit(limit)
        .execute()
    },

    /** Settles these operations if they are still running; returns those it changed. */
    async settleIds(
      trx: Db,
      ids: readonly string[],
      outcome: { status: 'failed' | 'skipped'; error?: unknown; now: string },
    ): Promise<SettledOperation[]> {
      if (ids.length === 0) return []
      const rows = await trx
        .updateTable('plan_operations')
        .set({
          status: outcome.status,
          error: outcome.error === undefined ? null : JSON.stringify(outcome.error),
          finished_at: outcome.now,
        })
        .where('id', 'in', [...ids])
        .where('status', '=', 'running')
        .returning(['id', 'plan_id', 'app_id', 'workspace_id'])
        .execute()
      return rows.map(settledOf)
    },

    /** Records a failed attempt that will be tried again (the operation stays running). */
    async noteAttempt(trx: Db, operationId: string, attempts: number, error: unknown) {
      await trx
        .updateTable('plan_operations')
        .set({ attempts, error: JSON.stringify(error) })
        .where('id', '=', operationId)
        .execute()
    },

    /** Operations of one plan and app not yet finished. */
    async pendingIn(trx: Db, planId: string, appId: string): Promise<number> {
      const row = await trx
        .selectFrom('plan_operations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('plan_id', '=', planId)
        .where('app_id', '=', appId)
        .where('status', '=', 'running')
        .executeTakeFirst()
      return Number(row?.n ?? 0)
    },

    /**
     * Whether the plan changed (or tried to change) accounts of the app through its API: only
     * then is the app refreshed afterwards. A task (an app without an API) is settled when it is
     * opened; the account changes when a person completes it, which a refresh cannot hurry.
     */
    async touchesAccounts(trx: Db, planId: string, appId: string): Promise<boolean> {
      const row = await trx
        .selectFrom('plan_operations')
        .select('id')
        .where('plan_id', '=', planId)
        .where('app_id', '=', appId)
        .where('status', 'in', ['applied', 'failed'])
        .where('kind', '!=', 'task')
        .limit(1)
        .executeTakeFirst()
      return row !== undefined
    },

    /** Counts by status and kind of one plan. */
    async counts(d: Db, planId: string) {
      const rows = await d
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
    },

    async request(planId: string) {
      return db
        .selectFrom('plan_applies')
        .selectAll()
        .where('plan_id', '=', planId)
        .executeTakeFirst()
    },
  }
}

export type ApplyStore = ReturnType<typeof applyStore>
