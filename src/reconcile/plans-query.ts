import { type Db, decodeJson } from '../store/index.js'
import { reconcileErrors } from './reconcile-errors.js'
import type { PlanSummary, Scope } from './types.js'

export type PlansQuery = {
  /** Only plans in this status (`held`: some operations wait for a person). */
  readonly status?: string
  /** The `next` cursor of the previous page. */
  readonly before?: string
  readonly limit?: number
}

/** Plan statuses are short lowercase words; anything else is a client mistake, not a miss. */
const STATUS = /^[a-z_]{1,32}$/

/**
 * The plans of a workspace, newest first (keyset paging on creation time and id), without their
 * operations: what a list of plans, or a dashboard card of held ones, needs. Plans still being
 * built are not plans yet.
 */
export async function listPlans(
  db: Db,
  workspaceId: string,
  query: PlansQuery,
): Promise<{ plans: PlanSummary[]; next?: string }> {
  if (query.status !== undefined && !STATUS.test(query.status))
    throw reconcileErrors.error('RECONCILE_QUERY_INVALID', 'status is a plan status, e.g. held.')
  const limit = Math.max(1, Math.min(query.limit ?? 50, 500))
  const [beforeAt, beforeId] = (query.before ?? '').split('|')
  const rows = await db
    .selectFrom('plans')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', '!=', 'building')
    .$if(query.status !== undefined, (q) => q.where('status', '=', query.status ?? ''))
    .$if(beforeAt !== undefined && beforeId !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb('created_at', '<', beforeAt ?? ''),
          eb.and([eb('created_at', '=', beforeAt ?? ''), eb('id', '<', beforeId ?? '')]),
        ]),
      ),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute()
  const plans = rows.slice(0, limit).map(
    (row): PlanSummary => ({
      id: row.id,
      runId: row.run_id,
      status: row.status as PlanSummary['status'],
      scope: decodeJson<Scope>(row.scope),
      createdAt: row.created_at,
      counts: decodeJson<PlanSummary['counts']>(row.counts),
    }),
  )
  const last = plans.at(-1)
  return rows.length > limit && last ? { plans, next: `${last.createdAt}|${last.id}` } : { plans }
}
