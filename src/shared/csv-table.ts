import { parse } from 'csv-parse/sync'
import { err, ok, type Result } from './result.js'

/** One data row of a CSV file: its line number (1-based, where the row ends) and its cells by header. */
export type CsvRow = { readonly line: number; readonly cells: Readonly<Record<string, string>> }

export type CsvTable = { readonly headers: readonly string[]; readonly rows: readonly CsvRow[] }

/** A problem with one line of a file, as admins read it: `line 7: emails: not an email`. */
export type LineProblem = { readonly line: number; readonly message: string }

/**
 * Reads a CSV file (RFC 4180, with a header row) into rows keyed by header. Parsing is csv-parse's
 * (quoted fields, embedded commas and newlines, a UTF-8 BOM, CRLF): a hand-rolled splitter gets
 * those wrong on exactly the exports admins upload from spreadsheets. A row with the wrong number
 * of cells is a problem of its line, not of the whole file; an unclosed quote ends the file there.
 */
export function readCsvTable(
  text: string,
  options: { delimiter?: string } = {},
): Result<{ table: CsvTable; problems: LineProblem[] }, LineProblem> {
  let records: Array<{ record: string[]; info: { lines: number } }>
  try {
    const parsed: unknown[] = parse(text, {
      bom: true,
      delimiter: options.delimiter ?? ',',
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    })
    // With `info`, csv-parse returns {record, info} objects; its typings describe plain arrays.
    records = parsed.map(withInfo)
  } catch (error) {
    const line =
      typeof (error as { lines?: unknown }).lines === 'number'
        ? (error as { lines: number }).lines
        : 0
    return err({ line, message: error instanceof Error ? error.message : String(error) })
  }
  const [header, ...data] = records
  if (!header) return err({ line: 1, message: 'the file is empty: a header row is expected' })
  const headers = header.record
  const duplicate = headers.find((h, i) => headers.indexOf(h) !== i)
  if (duplicate !== undefined)
    return err({ line: header.info.lines, message: `header "${duplicate}" appears twice` })
  const problems: LineProblem[] = []
  const rows: CsvRow[] = []
  for (const { record, info } of data) {
    if (record.length !== headers.length) {
      problems.push({
        line: info.lines,
        message: `${record.length} cells, the header has ${headers.length}`,
      })
      continue
    }
    rows.push({
      line: info.lines,
      cells: Object.fromEntries(headers.map((h, i) => [h, record[i] ?? ''])),
    })
  }
  return ok({ table: { headers, rows }, problems })
}

function withInfo(entry: unknown): { record: string[]; info: { lines: number } } {
  const value = entry as { record?: unknown; info?: { lines?: unknown } }
  if (!Array.isArray(value.record) || typeof value.info?.lines !== 'number') {
    throw new Error('csv-parse returned a record without its info')
  }
  return { record: value.record.map(String), info: { lines: value.info.lines } }
}
