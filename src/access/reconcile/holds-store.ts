import { sql } from 'kysely'
import type { Db } from '../../platform/store/index.js'

/** One range of positions of a plan (holds are written in batches, plan-holds.ts). */
export type PositionRange = { readonly from: number; readonly to: number }

/** The removals: accounts that should not be there (residual) or belong to nobody (orphan). */
export const REMOVALS = ['residual', 'orphan'] as const

/**
 * What takes grants away (issue 15): remove_grant operations (excess and privileged grants),
 * and deactivations and deletions, which remove the account's grants first.
 */
export const GRANT_REMOVALS = ['excess_grant', 'privileged_grant', 'residual', 'orphan'] as const

/** Which operations to hold, beyond the plan and range: every filter given must match. */
export type HoldTarget = {
  readonly personIds?: readonly string[]
  readonly appId?: string
  readonly findingKinds?: readonly string[]
  readonly kind?: string
}

const appendReason = (reason: string) =>
  sql<string>`case when hold_reason is null then ${reason} else hold_reason || ' ' || ${reason} end`

/**
 * Holds the plan's planned or held operations in the range that the target selects, keeping any
 * reason already given (the one way every rule holds: safety, departures, task floods).
 */
export async function holdOperations(
  trx: Db,
  hold: { planId: string; reason: string; range: PositionRange },
  target: HoldTarget,
): Promise<void> {
  const { personIds, appId, findingKinds, kind } = target
  await trx
    .updateTable('plan_operations')
    .set({ status: 'held', hold_reason: appendReason(hold.reason) })
    .where('plan_id', '=', hold.planId)
    .where('position', '>=', hold.range.from)
    .where('position', '<', hold.range.to)
    .where('status', 'in', ['planned', 'held'])
    .$if(personIds !== undefined, (q) => q.where('person_id', 'in', personIds ?? []))
    .$if(appId !== undefined, (q) => q.where('app_id', '=', appId ?? ''))
    .$if(findingKinds !== undefined, (q) => q.where('finding_kind', 'in', findingKinds ?? []))
    .$if(kind !== undefined, (q) => q.where('kind', '=', kind ?? ''))
    .execute()
}

/**
 * Holds, in one statement per range, the operations of several apps whose finding kind is one
 * of `findingKinds`, each app with its own reason (the safety rules hold whole apps: one
 * statement per app and range scanned the range once per app, 10× the work at 10 apps).
 */
export async function holdAppsOperations(
  trx: Db,
  hold: { planId: string; range: PositionRange },
  reasons: ReadonlyMap<string, string>,
  findingKinds: readonly string[],
): Promise<void> {
  if (reasons.size === 0) return
  const cases = sql.join(
    [...reasons].map(([appId, reason]) => sql`when ${appId} then ${reason}`),
    sql` `,
  )
  const reason = sql<string>`(case app_id ${cases} end)`
  await trx
    .updateTable('plan_operations')
    .set({
      status: 'held',
      hold_reason: sql<string>`case when hold_reason is null then ${reason} else hold_reason || ' ' || ${reason} end`,
    })
    .where('plan_id', '=', hold.planId)
    .where('position', '>=', hold.range.from)
    .where('position', '<', hold.range.to)
    .where('status', 'in', ['planned', 'held'])
    .where('app_id', 'in', [...reasons.keys()])
    .where('finding_kind', 'in', [...findingKinds])
    .execute()
}

/** Task operations per app in a plan (the mass-change rule counts them, issue 19). */
export async function tasksPerApp(db: Db, planId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('plan_operations')
    .select(['app_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('plan_id', '=', planId)
    .where('kind', '=', 'task')
    .groupBy('app_id')
    .execute()
  return new Map(rows.map((r) => [r.app_id, Number(r.n)]))
}

/** The highest position of a plan's operations (-1 for none): holds are written up to it. */
export async function lastPosition(db: Db, planId: string): Promise<number> {
  const row = await db
    .selectFrom('plan_operations')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('plan_id', '=', planId)
    .executeTakeFirst()
  return Number(row?.last ?? -1)
}

/** The plans and people of the workspace's operations held for exactly this reason. */
export async function heldForReason(db: Db, workspaceId: string, holdReason: string) {
  const rows = await db
    .selectFrom('plan_operations')
    .select(['plan_id', 'person_id'])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'held')
    .where('hold_reason', '=', holdReason)
    .execute()
  return rows.map((row) => ({ planId: row.plan_id, personId: row.person_id }))
}

/** One operation's status and app, to say why a decision on it changed nothing. */
export async function operationStatus(db: Db, planId: string, operationId: string) {
  const row = await db
    .selectFrom('plan_operations')
    .select(['status', 'app_id'])
    .where('plan_id', '=', planId)
    .where('id', '=', operationId)
    .executeTakeFirst()
  return row && { status: row.status, appId: row.app_id }
}
