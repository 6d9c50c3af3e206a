import { sql } from 'kysely'
import { type Db, decodeJson } from '../../platform/store/index.js'

/**
 * Reads for an on-demand run's status (read only: `plans` and `plan_operations` are
 * access/reconcile's, `tasks` access/tasks', `graph_snapshots` access/graph's).
 */

/** The plan a reconcile run made, with the person it was scoped to. */
export async function planOfRun(db: Db, workspaceId: string, runId: string) {
  const row = await db
    .selectFrom('plans')
    .select(['id', 'scope', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('run_id', '=', runId)
    .executeTakeFirst()
  if (!row) return undefined
  const scope = decodeJson<{ personId?: string; appIds?: string[] }>(row.scope) ?? {}
  return { id: row.id, personId: scope.personId ?? null, appIds: scope.appIds ?? null }
}

/** See trace-operations-store.ts: the refresh apply queued after the app's operations. */
const VERIFIED_AT = sql<string | null>`case when o.status = 'applied' and o.kind <> 'task' then
  (select min(s.finished_at) from graph_snapshots s where s.workspace_id = o.workspace_id
   and s.app_id = o.app_id and s.status = 'succeeded' and s.started_at >= o.finished_at)
  else null end`

export type StepRow = {
  readonly id: string
  readonly appId: string
  readonly kind: string
  readonly payload: Record<string, unknown>
  readonly status: string
  readonly holdReason: string | null
  readonly attempts: number
  readonly result: unknown
  readonly error: unknown
  readonly finishedAt: string | null
  readonly verifiedAt: string | null
  readonly task: { readonly id: string; readonly status: string } | null
}

/** The plan's operations in plan order, with their task and the refresh that verified them. */
export async function stepsOf(db: Db, workspaceId: string, planId: string): Promise<StepRow[]> {
  const rows = await db
    .selectFrom('plan_operations as o')
    .leftJoin('tasks as t', 't.operation_id', 'o.id')
    .select([
      ...(['o.id', 'o.app_id', 'o.kind', 'o.payload', 'o.status', 'o.hold_reason'] as const),
      ...(['o.attempts', 'o.result', 'o.error', 'o.finished_at'] as const),
      't.id as task_id',
      't.status as task_status',
      VERIFIED_AT.as('verified_at'),
    ])
    .where('o.workspace_id', '=', workspaceId)
    .where('o.plan_id', '=', planId)
    .orderBy('o.position')
    .limit(10_000)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    appId: row.app_id,
    kind: row.kind,
    payload: decodeJson<Record<string, unknown>>(row.payload) ?? {},
    status: row.status,
    holdReason: row.hold_reason,
    attempts: row.attempts,
    result: row.result === null ? null : decodeJson(row.result),
    error: row.error === null ? null : decodeJson(row.error),
    finishedAt: row.finished_at,
    verifiedAt: row.verified_at,
    task: row.task_id ? { id: row.task_id, status: row.task_status ?? 'open' } : null,
  }))
}
