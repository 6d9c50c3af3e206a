import type { AuditRecord } from './audit-query.js'

export type AuditExportFormat = 'csv' | 'json'

/** The columns of a CSV export, in order; `before` and `after` hold the JSON documents. */
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
] as const

const CHUNK_CHARS = 64 * 1024

/**
 * An export as text chunks of about 64 KiB, written as the entries arrive: CSV (RFC 4180, CRLF,
 * a header row) or a JSON array. Nothing but the current chunk is held in memory.
 */
export async function* exportAuditEntries(
  entries: AsyncIterable<AuditRecord>,
  format: AuditExportFormat,
): AsyncGenerator<string> {
  let chunk = format === 'csv' ? `${AUDIT_CSV_COLUMNS.join(',')}\r\n` : '['
  let first = true
  for await (const entry of entries) {
    if (format === 'csv') chunk += `${csvLine(entry)}\r\n`
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

function csvLine(entry: AuditRecord): string {
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
  ]
  return cells.map(csvCell).join(',')
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
