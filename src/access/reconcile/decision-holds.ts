import { sql } from 'kysely'
import { actorWords } from '../../identity/people/index.js'
import type { Actor } from '../../platform/audit/index.js'
import { type Db, decodeJson } from '../../platform/store/index.js'

/** One range of positions of a plan (holds are written in batches, plan-holds.ts). */
export type PositionRange = { readonly from: number; readonly to: number }

/** The removals: accounts that should not be there (residual) or belong to nobody (orphan). */
export const REMOVALS = ['residual', 'orphan'] as const

/** Ids per `in (...)` list: far below SQLite's bound-parameter limit. */
const ID_BATCH = 500

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
 * Holds the removals (deactivations, deletions, their manual tasks) of these people, each with
 * its reason in words: the departure gate's bursts (issue 13) speak of people, not apps.
 */
export async function holdPeopleRemovals(
  trx: Db,
  planId: string,
  holds: ReadonlyMap<string, string>,
  range: PositionRange,
): Promise<void> {
  const byReason = new Map<string, string[]>()
  for (const [personId, reason] of holds)
    byReason.set(reason, [...(byReason.get(reason) ?? []), personId])
  for (const [reason, people] of byReason) {
    for (let i = 0; i < people.length; i += ID_BATCH) {
      const batch = people.slice(i, i + ID_BATCH)
      await holdOperations(
        trx,
        { planId, reason, range },
        { personIds: batch, findingKinds: ['residual'] },
      )
    }
  }
}

/** What a rejection saw: the operation's intent and version (its key) and the person's version. */
export function factsOf(idempotencyKey: string, personVersion: number | null): string {
  return `${idempotencyKey}|${personVersion ?? ''}`
}

/**
 * Remembers rejected operations per person, app and kind (issue 19): the next plans show them
 * rejected with who and why instead of asking again, until the memory expires or the facts
 * change. Operations without a person (orphans) are not remembered: nothing identifies them
 * across plans but the account, whose own change ends the memory anyway.
 */
export async function rememberRejections(
  trx: Db,
  r: {
    workspaceId: string
    operationIds: readonly string[]
    actor: Actor
    reason: string
    now: string
    expiresAt: string
    ids: { next(): string }
  },
): Promise<void> {
  for (let i = 0; i < r.operationIds.length; i += ID_BATCH) {
    const ops = await trx
      .selectFrom('plan_operations as o')
      .leftJoin('people as p', 'p.id', 'o.person_id')
      .select(['o.id', 'o.person_id', 'o.app_id', 'o.kind', 'o.idempotency_key', 'p.version'])
      .where('o.id', 'in', r.operationIds.slice(i, i + ID_BATCH))
      .where('o.person_id', 'is not', null)
      .execute()
    for (const op of ops) {
      await trx
        .insertInto('remembered_rejections')
        .values({
          ...{ id: r.ids.next(), workspace_id: r.workspaceId, person_id: op.person_id ?? '' },
          ...{ app_id: op.app_id, kind: op.kind, operation_id: op.id },
          facts: factsOf(op.idempotency_key, op.version === null ? null : Number(op.version)),
          ...{ decided_by: JSON.stringify(r.actor), decided_at: r.now, reason: r.reason },
          expires_at: r.expiresAt,
        })
        .execute()
    }
  }
}

/**
 * Marks the plan's operations that an unexpired rejection already answered as `rejected`, with
 * the earlier decision's who and why. A changed account or person (other facts) asks again.
 */
export async function applyRememberedRejections(
  trx: Db,
  plan: { planId: string; workspaceId: string; now: string },
  range: PositionRange,
): Promise<void> {
  const candidates = await trx
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
  const done = new Set<string>()
  // One lookup per decider, however many operations they answered.
  const names = new Map<string, Promise<string>>()
  const who = (decidedBy: unknown) => {
    const key = typeof decidedBy === 'string' ? decidedBy : JSON.stringify(decidedBy)
    if (!names.has(key))
      names.set(key, actorWords(trx, plan.workspaceId, decodeJson<Actor>(decidedBy)))
    return names.get(key) as Promise<string>
  }
  for (const c of candidates) {
    if (done.has(c.id)) continue
    if (c.facts !== factsOf(c.idempotency_key, c.version === null ? null : Number(c.version)))
      continue
    done.add(c.id)
    await trx
      .updateTable('plan_operations')
      .set({
        status: 'rejected',
        decided_by: typeof c.decided_by === 'string' ? c.decided_by : JSON.stringify(c.decided_by),
        decided_at: c.decided_at,
        decision_reason: `rejected earlier by ${await who(c.decided_by)}: ${c.reason}`,
      })
      .where('id', '=', c.id)
      .execute()
  }
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

/** Holds every task operation of these apps, each app with its reason. */
export async function holdTasks(
  trx: Db,
  planId: string,
  reasons: ReadonlyMap<string, string>,
  range: PositionRange,
): Promise<void> {
  for (const [appId, reason] of reasons)
    await holdOperations(trx, { planId, reason, range }, { appId, kind: 'task' })
}
