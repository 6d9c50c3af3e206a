import type { AuditRecord } from './audit-query.js'

export type AuditExportFormat = 'csv' | 'json'

/**
 * Who and which app an export names in words, keyed by id: actors by `<type>:<id>` (a member's
 * email, a token's or a directory's name), apps by id. An auditor reads names, not UUIDs.
 */
export type AuditNames = {
  readonly actors: ReadonlyMap<string, string>
  readonly apps: ReadonlyMap<string, string>
}

const NO_NAMES: AuditNames = { actors: new Map(), apps: new Map() }

/**
 * The columns of a CSV export, in order; `before` and `after` hold the JSON documents, and
 * `actor_name` and `app_name` say in words who acted and in which app (empty when none).
 */
export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'actor_type',
  'actor_id',
  'action',
  'target_type',
  'target_id',
  'request_id',
  'before',
  'after',
  'actor_name',
  'app_name',
] as const

const CHUNK_CHARS = 64 * 1024

/**
 * An export as text chunks of about 64 KiB, written as the entries arrive: CSV (RFC 4180, CRLF,
 * a header row) or a JSON array. Nothing but the current chunk is held in memory.
 */
export async function* exportAuditEntries(
  entries: AsyncIterable<AuditRecord>,
  format: AuditExportFormat,
  names: AuditNames = NO_NAMES,
): AsyncGenerator<string> {
  let chunk = format === 'csv' ? `${AUDIT_CSV_COLUMNS.join(',')}\r\n` : '['
  let first = true
  for await (const entry of entries) {
    if (format === 'csv') chunk += `${csvLine(entry, names)}\r\n`
    else chunk += `${first ? '\n' : ',\n'}${JSON.stringify(entry)}`
    first = false
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk
      chunk = ''
    }
  }
  if (format === 'json') chunk += first ? ']\n' : '\n]\n'
  yield chunk
}

function csvLine(entry: AuditRecord, names: AuditNames): string {
  const cells = [
    entry.id,
    entry.at,
    entry.actor.type,
    entry.actor.id,
    entry.action,
    entry.target.type,
    entry.target.id,
    entry.requestId,
    entry.before === null ? null : JSON.stringify(entry.before),
    entry.after === null ? null : JSON.stringify(entry.after),
    actorName(entry.actor, names),
    appName(entry, names),
  ]
  return cells.map(csvCell).join(',')
}

/** The CLI records its operator as the id (`alice`, `alice as grace@acme.test`): already words. */
export function actorName(actor: AuditRecord['actor'], names: AuditNames): string | null {
  if (actor.type === 'cli') return actor.id ? `${actor.id} (CLI)` : 'CLI'
  if (actor.type === 'system') return 'Rollcall'
  return actor.id === null ? null : (names.actors.get(`${actor.type}:${actor.id}`) ?? null)
}

/** The app an entry is about: its target, or the `appId` its after/before document names. */
function appName(entry: AuditRecord, names: AuditNames): string | null {
  const id =
    entry.target.type === 'app' ? entry.target.id : (appIdIn(entry.after) ?? appIdIn(entry.before))
  return id === null ? null : (names.apps.get(id) ?? null)
}

function appIdIn(document: unknown): string | null {
  if (typeof document !== 'object' || document === null || !('appId' in document)) return null
  const { appId } = document as { appId: unknown }
  return typeof appId === 'string' ? appId : null
}

/**
 * One RFC 4180 cell. A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first: OWASP
 * "CSV injection") gets a leading apostrophe, so opening an export never executes its contents.
 */
export function csvCell(value: string | null): string {
  if (value === null) return ''
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}
