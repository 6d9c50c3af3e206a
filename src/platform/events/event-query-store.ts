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

export type EventQuery = {
  workspaceId: string
  afterSeq?: number
  limit?: number
  sourceId?: string
  /** Event types to keep: exact names, or prefixes written `task.*`; empty keeps every type. */
  types?: readonly string[]
}

/** Events of a workspace after a cursor, in commit order; `sourceId` keeps one source's. */
export async function listEvents(db: Db, query: EventQuery): Promise<StoredEvent[]> {
  const types = query.types ?? []
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('workspace_id', '=', query.workspaceId)
    .where('seq', '>', query.afterSeq ?? 0)
    .$if(query.sourceId !== undefined, (q) => q.where('source_id', '=', query.sourceId ?? ''))
    .$if(types.length > 0, (q) =>
      q.where((eb) =>
        eb.or(
          types.map((type) =>
            type.endsWith('.*')
              ? // substr rather than LIKE: type names contain `_`, a LIKE wildcard.
                eb(
                  eb.fn('substr', ['type', eb.lit(1), eb.lit(type.length - 1)]),
                  '=',
                  type.slice(0, -1),
                )
              : eb('type', '=', type),
          ),
        ),
      ),
    )
    .orderBy('seq')
    .limit(query.limit ?? 500)
    .execute()
  return rows.map(toStoredEvent)
}

export function toStoredEvent(row: {
  seq: number | string
  id: string
  workspace_id: string
  source_id: string | null
  type: string
  subject_type: string
  subject_id: string
  data: unknown
  created_at: string
}): StoredEvent {
  return {
    seq: Number(row.seq),
    id: row.id,
    workspaceId: row.workspace_id,
    sourceId: row.source_id,
    type: row.type,
    subject: { type: row.subject_type, id: row.subject_id },
    data: decodeJson(row.data),
    createdAt: row.created_at,
  }
}

/** The highest seq of the whole log (0 when empty): a cheap "anything new?" for pollers. */
export async function latestSeq(db: Db): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst()
  return Number(row?.seq ?? 0)
}
