import { type Db, decodeJson, prepareQuery } from '../store/index.js'

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

/** The columns of one new `audit_log` row, in the order `insertAuditRow` binds them. */
export type AuditRowValues = readonly [
  id: string,
  workspace_id: string | null,
  at: string,
  actor_type: string,
  actor_id: string | null,
  action: string,
  target_type: string,
  target_id: string | null,
  before: string | null,
  after: string | null,
  request_id: string | null,
]

/** Appends one row (the database refuses UPDATE and DELETE on `audit_log`). */
export async function insertAuditRow(db: Db, values: AuditRowValues): Promise<void> {
  await insertEntry.execute(db, ...values)
}

/** Rows per statement of `insertAuditRows` (11 columns: well under SQLite's parameter limit). */
const ROWS_PER_INSERT = 500

/** Appends many rows, a few statements in all (a batch of settled operations). */
export async function insertAuditRows(db: Db, rows: readonly AuditRowValues[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const values = rows.slice(start, start + ROWS_PER_INSERT).map((row) => ({
      id: row[0],
      workspace_id: row[1],
      at: row[2],
      actor_type: row[3],
      actor_id: row[4],
      action: row[5],
      target_type: row[6],
      target_id: row[7],
      before: row[8],
      after: row[9],
      request_id: row[10],
    }))
    await db.insertInto('audit_log').values(values).execute()
  }
}

/** Every change writes one entry: compiled once (store/prepared.ts). */
const insertEntry = prepareQuery(
  (
    db: Db,
    id: string,
    workspace_id: string | null,
    at: string,
    actor_type: string,
    actor_id: string | null,
    action: string,
    target_type: string,
    target_id: string | null,
    before: string | null,
    after: string | null,
    request_id: string | null,
  ) =>
    db.insertInto('audit_log').values({
      id,
      workspace_id,
      at,
      actor_type,
      actor_id,
      action,
      target_type,
      target_id,
      before,
      after,
      request_id,
    }),
)

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
