import type { Db } from '../store/index.js'
import { decodeJson } from '../store/index.js'

export type AuditRecord = {
  id: string
  workspaceId: string | null
  at: string
  actor: { type: string; id: string | null }
  action: string
  target: { type: string; id: string | null }
  before: unknown
  after: unknown
  requestId: string | null
}

export type AuditQuery = {
  workspaceId: string
  targetId?: string
  targetType?: string
  action?: string
  /** Entries at or after this instant (ISO-8601, UTC). */
  from?: string
  /** Entries before this instant (exclusive). */
  to?: string
  /** Keyset cursors: ids are UUIDv7, so id order is the order entries were written. */
  after?: string
  before?: string
  /** `asc` (oldest first, the default) or `desc` (newest first, for the console). */
  order?: 'asc' | 'desc'
  limit?: number
}

/** Reads a workspace's trail, oldest first unless told; for the console, exports and tests. */
export async function listAuditEntries(db: Db, query: AuditQuery): Promise<AuditRecord[]> {
  let builder = db.selectFrom('audit_log').selectAll().where('workspace_id', '=', query.workspaceId)
  if (query.targetId) builder = builder.where('target_id', '=', query.targetId)
  if (query.targetType) builder = builder.where('target_type', '=', query.targetType)
  if (query.action) builder = builder.where('action', '=', query.action)
  if (query.from) builder = builder.where('at', '>=', query.from)
  if (query.to) builder = builder.where('at', '<', query.to)
  if (query.after) builder = builder.where('id', '>', query.after)
  if (query.before) builder = builder.where('id', '<', query.before)
  const rows = await builder
    .orderBy('id', query.order ?? 'asc')
    .limit(query.limit ?? 1000)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    workspaceId: row.workspace_id,
    at: row.at,
    actor: { type: row.actor_type, id: row.actor_id },
    action: row.action,
    target: { type: row.target_type, id: row.target_id },
    before: row.before === null ? null : decodeJson(row.before),
    after: row.after === null ? null : decodeJson(row.after),
    requestId: row.request_id,
  }))
}

/**
 * Every entry a query matches, oldest first, read one page at a time by keyset: an export of a
 * million entries holds one page in memory, and a consumer that stops early stops the reads.
 */
export async function* streamAuditEntries(
  db: Db,
  query: Omit<AuditQuery, 'after' | 'before' | 'order' | 'limit'>,
  pageSize = 500,
): AsyncGenerator<AuditRecord> {
  let after: string | undefined
  for (;;) {
    const page = await listAuditEntries(db, {
      ...query,
      order: 'asc',
      limit: pageSize,
      ...(after ? { after } : {}),
    })
    yield* page
    const last = page.at(-1)
    if (!last || page.length < pageSize) return
    after = last.id
  }
}
