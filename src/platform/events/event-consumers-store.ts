import type { Db } from '../store/index.js'

/** An event as a background consumer reads it: across workspaces, only what it needs. */
export type ConsumedEvent = {
  readonly seq: number
  readonly workspaceId: string
  readonly type: string
  readonly subjectId: string
  readonly createdAt: string
}

/**
 * Where a named background consumer (residual windows, automatic offboarding, …) stands in the
 * event log; 0 before its first round.
 */
export async function consumerCursor(db: Db, name: string): Promise<number> {
  const row = await db
    .selectFrom('event_consumers')
    .select('cursor')
    .where('name', '=', name)
    .executeTakeFirst()
  return Number(row?.cursor ?? 0)
}

/**
 * Moves a consumer's cursor. Pass the transaction that wrote the consumer's effects, so a restart
 * neither skips nor repeats them.
 */
export async function saveConsumerCursor(
  db: Db,
  name: string,
  seq: number,
  now: string,
): Promise<void> {
  await db
    .insertInto('event_consumers')
    .values({ name, cursor: seq, updated_at: now })
    .onConflict((oc) => oc.column('name').doUpdateSet({ cursor: seq, updated_at: now }))
    .execute()
}

/** Events of the given types in `(after, head]`, across workspaces, oldest first. */
export async function eventsOfTypes(
  db: Db,
  query: { after: number; head: number; types: readonly string[]; limit: number },
): Promise<ConsumedEvent[]> {
  const rows = await db
    .selectFrom('events')
    .select(['seq', 'workspace_id', 'type', 'subject_id', 'created_at'])
    .where('seq', '>', query.after)
    .where('seq', '<=', query.head)
    .where('type', 'in', [...query.types])
    .orderBy('seq')
    .limit(query.limit)
    .execute()
  return rows.map((r) => ({
    seq: Number(r.seq),
    workspaceId: r.workspace_id,
    type: r.type,
    subjectId: r.subject_id,
    createdAt: r.created_at,
  }))
}
