import { type Db, decodeJson } from '../store/index.js'

export type StoredEvent = {
  seq: number
  id: string
  workspaceId: string
  sourceId: string | null
  type: string
  subject: { type: string; id: string }
  data: unknown
  createdAt: string
}

/** Events of a workspace after a cursor, in commit order; `sourceId` keeps one source's. */
export async function listEvents(
  db: Db,
  query: { workspaceId: string; afterSeq?: number; limit?: number; sourceId?: string },
): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('workspace_id', '=', query.workspaceId)
    .where('seq', '>', query.afterSeq ?? 0)
    .$if(query.sourceId !== undefined, (q) => q.where('source_id', '=', query.sourceId ?? ''))
    .orderBy('seq')
    .limit(query.limit ?? 500)
    .execute()
  return rows.map((row) => ({
    seq: Number(row.seq),
    id: row.id,
    workspaceId: row.workspace_id,
    sourceId: row.source_id,
    type: row.type,
    subject: { type: row.subject_type, id: row.subject_id },
    data: decodeJson(row.data),
    createdAt: row.created_at,
  }))
}

/** The highest seq of the whole log (0 when empty): a cheap "anything new?" for pollers. */
export async function latestSeq(db: Db): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst()
  return Number(row?.seq ?? 0)
}
