import type { Db } from '../store/index.js'
import { type AuditQuery, type AuditRecord, listAuditEntries } from './audit-store.js'

export type { AuditQuery, AuditRecord } from './audit-store.js'

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
