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
  action?: string
  after?: string
  limit?: number
}

/** Reads a workspace's trail, oldest first; for the console, exports and tests. */
export async function listAuditEntries(db: Db, query: AuditQuery): Promise<AuditRecord[]> {
  let builder = db.selectFrom('audit_log').selectAll().where('workspace_id', '=', query.workspaceId)
  if (query.targetId) builder = builder.where('target_id', '=', query.targetId)
  if (query.action) builder = builder.where('action', '=', query.action)
  if (query.after) builder = builder.where('id', '>', query.after)
  const rows = await builder
    .orderBy('id')
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
