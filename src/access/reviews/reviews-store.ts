import type { ExpressionBuilder, ExpressionWrapper, SqlBool } from 'kysely'
import type { Database, Db, NewRow, Row, RowUpdate } from '../../platform/store/index.js'
import type { ItemFilter, ReviewProgress } from './review-types.js'

/**
 * Queries of `access_reviews` and `access_review_items` (this domain's own). Writes take the
 * caller's transaction. Items are written in multi-row batches (a 100k-item campaign is ~200
 * statements in one transaction) and paged by `position`.
 */

export type ReviewRow = Row<'access_reviews'>
export type ItemRow = Row<'access_review_items'>
export type NewItemRow = NewRow<'access_review_items'>

/** Rows per insert: 30 columns × 500 stays under SQLite's and PostgreSQL's parameter limits. */
const INSERT_BATCH = 500
/** Ids per `in (...)` list. */
const ID_BATCH = 900

export async function insertReview(trx: Db, row: NewRow<'access_reviews'>): Promise<void> {
  await trx.insertInto('access_reviews').values(row).execute()
}

export async function insertItems(trx: Db, rows: readonly NewItemRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH)
    await trx
      .insertInto('access_review_items')
      .values(rows.slice(i, i + INSERT_BATCH))
      .execute()
}

export async function findReview(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<ReviewRow | undefined> {
  return db
    .selectFrom('access_reviews')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function listReviews(
  db: Db,
  workspaceId: string,
  status?: string,
): Promise<ReviewRow[]> {
  return db
    .selectFrom('access_reviews')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .$if(status !== undefined, (q) => q.where('status', '=', status as ReviewRow['status']))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute()
}

/** Reviews in a status, oldest due first (the worker's rounds, all workspaces). */
export async function reviewsIn(
  db: Db,
  status: ReviewRow['status'],
  options: { dueBy?: string; limit: number },
): Promise<ReviewRow[]> {
  return db
    .selectFrom('access_reviews')
    .selectAll()
    .where('status', '=', status)
    .$if(options.dueBy !== undefined, (q) => q.where('due_at', '<=', options.dueBy ?? ''))
    .orderBy('due_at')
    .limit(options.limit)
    .execute()
}

export async function updateReview(
  trx: Db,
  id: string,
  change: RowUpdate<'access_reviews'>,
  expected?: {
    status?: ReviewRow['status']
    unset?: 'reminded_due_at' | 'reminded_overdue_at' | 'planned_at'
  },
): Promise<boolean> {
  const result = await trx
    .updateTable('access_reviews')
    .set(change)
    .where('id', '=', id)
    .$if(expected?.status !== undefined, (q) => q.where('status', '=', expected?.status ?? 'open'))
    .$if(expected?.unset !== undefined, (q) => q.where(expected?.unset ?? 'planned_at', 'is', null))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

type ItemsEb = ExpressionBuilder<Database, 'access_review_items'>

/** An item filter, plus the people to leave out (or to keep only). */
export type ItemConditions = ItemFilter & {
  readonly excludePeople?: readonly string[]
  readonly onlyPeople?: readonly string[]
}

/** The filter as one condition, for reads and bulk updates alike. */
export function itemCondition(
  eb: ItemsEb,
  reviewId: string,
  filter: ItemConditions,
): ExpressionWrapper<Database, 'access_review_items', SqlBool> {
  const parts = [eb('review_id', '=', reviewId)]
  if (filter.appId) parts.push(eb('app_id', '=', filter.appId))
  if (filter.entitlementId) parts.push(eb('entitlement_id', '=', filter.entitlementId))
  if (filter.personId) parts.push(eb('person_id', '=', filter.personId))
  if (filter.kind) parts.push(eb('kind', '=', filter.kind))
  if (filter.reasonKind) parts.push(eb('reason_kind', '=', filter.reasonKind))
  if (filter.reviewer) parts.push(eb('reviewer', '=', filter.reviewer))
  if (filter.excludePeople && filter.excludePeople.length > 0)
    parts.push(eb('person_id', 'not in', [...filter.excludePeople]))
  if (filter.onlyPeople)
    parts.push(eb('person_id', 'in', filter.onlyPeople.length > 0 ? [...filter.onlyPeople] : ['']))
  const status = filter.status
  if (status === 'undecided') parts.push(eb('decision', 'is', null))
  else if (status === 'decided') parts.push(eb('decision', 'is not', null))
  else if (status === 'keep' || status === 'revoke' || status === 'modify')
    parts.push(eb('decision', '=', status))
  else if (status) parts.push(eb('revocation', '=', status as NonNullable<ItemRow['revocation']>))
  return eb.and(parts)
}

export async function itemsPage(
  db: Db,
  reviewId: string,
  filter: ItemConditions,
  page: { after: number; limit: number },
): Promise<ItemRow[]> {
  return db
    .selectFrom('access_review_items')
    .selectAll()
    .where((eb) => itemCondition(eb, reviewId, filter))
    .where('position', '>', page.after)
    .orderBy('position')
    .limit(page.limit)
    .execute()
}

export async function findItems(
  db: Db,
  reviewId: string,
  ids: readonly string[],
): Promise<ItemRow[]> {
  const rows: ItemRow[] = []
  for (let i = 0; i < ids.length; i += ID_BATCH)
    rows.push(
      ...(await db
        .selectFrom('access_review_items')
        .selectAll()
        .where('review_id', '=', reviewId)
        .where('id', 'in', ids.slice(i, i + ID_BATCH))
        .execute()),
    )
  return rows
}

export type DecisionWrite = {
  readonly decision: NonNullable<ItemRow['decision']>
  readonly reason: string
  readonly note: string | null
  readonly actor: string
  readonly email: string | null
  readonly at: string
  readonly byDefault: boolean
}

function decisionSet(d: DecisionWrite): RowUpdate<'access_review_items'> {
  return {
    decision: d.decision,
    decision_reason: d.reason,
    decision_note: d.note,
    decided_by: d.actor,
    decided_by_email: d.email,
    decided_at: d.at,
    by_default: d.byDefault ? 1 : 0,
  }
}

/** Decides the items matching the condition; returns how many changed. */
export async function decideWhere(
  trx: Db,
  reviewId: string,
  filter: ItemConditions,
  decision: DecisionWrite,
  ids?: readonly string[],
): Promise<number> {
  if (ids && ids.length === 0) return 0
  let changed = 0
  const chunks = ids ? chunk(ids, ID_BATCH) : [undefined]
  for (const part of chunks) {
    const result = await trx
      .updateTable('access_review_items')
      .set(decisionSet(decision))
      .where((eb) => itemCondition(eb, reviewId, filter))
      .$if(part !== undefined, (q) => q.where('id', 'in', part ?? []))
      .executeTakeFirst()
    changed += Number(result.numUpdatedRows)
  }
  return changed
}

export async function itemCountWhere(
  db: Db,
  reviewId: string,
  filter: ItemConditions,
): Promise<number> {
  const row = await db
    .selectFrom('access_review_items')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where((eb) => itemCondition(eb, reviewId, filter))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** Every revoked or modified item of a closed review waits for its revocation to be planned. */
export async function markRevocationsPending(trx: Db, reviewId: string): Promise<number> {
  const result = await trx
    .updateTable('access_review_items')
    .set({ revocation: 'pending' })
    .where('review_id', '=', reviewId)
    .where('decision', 'in', ['revoke', 'modify'])
    .where('revocation', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function itemsWithRevocation(
  db: Db,
  reviewId: string,
  revocation: NonNullable<ItemRow['revocation']>,
): Promise<ItemRow[]> {
  return db
    .selectFrom('access_review_items')
    .selectAll()
    .where('review_id', '=', reviewId)
    .where('revocation', '=', revocation)
    .orderBy('position')
    .execute()
}

export async function updateItems(
  trx: Db,
  ids: readonly string[],
  change: RowUpdate<'access_review_items'>,
): Promise<void> {
  for (const part of chunk(ids, ID_BATCH))
    await trx.updateTable('access_review_items').set(change).where('id', 'in', part).execute()
}

/** Counts by decision and revocation, for a review's progress. */
export async function progressOf(db: Db, reviewId: string): Promise<ReviewProgress> {
  const rows = await db
    .selectFrom('access_review_items')
    .select(['decision', 'revocation'])
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('review_id', '=', reviewId)
    .groupBy(['decision', 'revocation'])
    .execute()
  const counts = { items: 0, decided: 0, kept: 0, revoked: 0, awaiting: 0, verified: 0 }
  for (const row of rows) {
    const n = Number(row.n)
    counts.items += n
    if (row.decision !== null) counts.decided += n
    if (row.decision === 'keep') counts.kept += n
    if (row.decision === 'revoke' || row.decision === 'modify') counts.revoked += n
    if (row.revocation === 'awaiting_verification' || row.revocation === 'pending')
      counts.awaiting += n
    if (row.revocation === 'verified') counts.verified += n
  }
  return {
    ...{ items: counts.items, decided: counts.decided, undecided: counts.items - counts.decided },
    ...{ kept: counts.kept, revoked: counts.revoked },
    ...{ awaitingVerification: counts.awaiting, verified: counts.verified },
  }
}

/** Undecided items per reviewer (null: the named reviewers), for reminders. */
export async function undecidedByReviewer(
  db: Db,
  reviewId: string,
): Promise<Array<{ reviewer: string | null; count: number }>> {
  const rows = await db
    .selectFrom('access_review_items')
    .select('reviewer')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('review_id', '=', reviewId)
    .where('decision', 'is', null)
    .groupBy('reviewer')
    .execute()
  return rows.map((r) => ({ reviewer: r.reviewer, count: Number(r.n) }))
}

/** Every item of a review in order, page by page (exports). */
export async function* allItems(db: Db, reviewId: string, pageSize = 2000) {
  let after = -1
  for (;;) {
    const rows = await itemsPage(db, reviewId, {}, { after, limit: pageSize })
    yield* rows
    if (rows.length < pageSize) return
    after = rows.at(-1)?.position ?? after
  }
}

function chunk<T>(values: readonly T[], size: number): T[][] {
  const parts: T[][] = []
  for (let i = 0; i < values.length; i += size) parts.push(values.slice(i, i + size))
  return parts
}
