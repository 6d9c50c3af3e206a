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

/** Events of a workspace after a cursor, in commit order. */
export async function listEvents(
  db: Db,
  query: { workspaceId: string; afterSeq?: number; limit?: number },
): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('workspace_id', '=', query.workspaceId)
    .where('seq', '>', query.afterSeq ?? 0)
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
