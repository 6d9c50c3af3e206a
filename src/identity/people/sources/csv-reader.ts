import { readFile } from 'node:fs/promises'
import { describeError } from '../../../shared/errors.js'
import { err, ok, type Result } from '../../../shared/result.js'
import { readCsvPeople } from './csv-records.js'
import type { FullReader, RecordPage, SyncFailure } from './reader.js'
import type { StoredCsvConfig } from './source-config.js'

const PAGE = 500
const SHOWN_PROBLEMS = 20

/**
 * A CSV file as a full listing. The whole file is read and validated first: with any invalid
 * line nothing is written (the run fails listing the lines), unless the source says to skip bad
 * lines, and then the run is incomplete and marks nobody gone.
 */
export function csvFullReader(config: StoredCsvConfig): FullReader {
  let pages: RecordPage[] | undefined
  return {
    async prepare(): Promise<Result<void, SyncFailure>> {
      let text: string
      try {
        text = await readFile(config.file, 'utf8')
      } catch (error) {
        return err({
          code: 'CSV_UNREADABLE',
          message: `cannot read ${config.file}: ${describeError(error)}`,
        })
      }
      const read = readCsvPeople(text, config)
      if (!read.ok) return err(invalid(read.error))
      const { records, problems } = read.value
      if (problems.length > 0 && !config.skipBadLines) return err(invalid(problems))
      pages = []
      for (let start = 0; start === 0 || start < records.length; start += PAGE) {
        const next = start + PAGE < records.length ? String(start + PAGE) : undefined
        pages.push({
          records: records.slice(start, start + PAGE),
          ...(next ? { nextCursor: next } : {}),
          ...(start === 0 && problems.length > 0 ? { skipped: problems } : {}),
        })
      }
      return ok(undefined)
    },
    async page(cursor) {
      const index = cursor === undefined ? 0 : Math.floor(Number(cursor) / PAGE)
      const page = pages?.[index]
      return page
        ? ok(page)
        : err({ code: 'CSV_CURSOR', message: 'the file changed since the run started' })
    },
  }
}

function invalid(problems: ReadonlyArray<{ line: number; message: string }>): SyncFailure {
  const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `line ${p.line}: ${p.message}`)
  const more =
    problems.length > SHOWN_PROBLEMS ? [`… and ${problems.length - SHOWN_PROBLEMS} more`] : []
  return {
    code: 'CSV_INVALID',
    message: `${problems.length} invalid line(s); nothing was written. ${[...shown, ...more].join('; ')}`,
  }
}
