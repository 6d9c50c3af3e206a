import type { ConnectorError, Page } from '../../integrations/connectors/index.js'
import type { Db, Transact } from '../../platform/store/index.js'
import type { Result } from '../../shared/result.js'
import type { GraphSnapshots, RefreshCheckpoint, RefreshPhase } from './snapshots-store.js'
import type { RefreshCounts } from './types.js'

export type Failure = { code: string; message: string }

export type ListingDeps = {
  readonly transact: Transact
  readonly snapshots: GraphSnapshots
}

export type ListingRun = {
  readonly snapshotId: string
  readonly counts: RefreshCounts
  readonly signal?: AbortSignal
  readonly onProgress?: (counts: RefreshCounts) => void
  readonly renew: () => Promise<boolean>
}

/** One listing of a refresh: how to ask for a page and how to write it. */
export type Listing<T> = {
  readonly phase: Exclude<RefreshPhase, 'listed'>
  /** The phase the checkpoint names once this listing is complete. */
  readonly next: RefreshPhase
  readonly page: (
    cursor: string | undefined,
    signal: AbortSignal | undefined,
  ) => Promise<Result<Page<T>, ConnectorError>>
  /** Writes one page (and its counts) inside the page's transaction. */
  readonly write: (trx: Db, items: readonly T[]) => Promise<void>
}

/**
 * Lists every page from `cursor` to the end, each written in one transaction with the
 * snapshot's counts and checkpoint (this phase and the next cursor, or the next phase after the
 * last page), so a failed or killed refresh resumes after the last page written, in its phase.
 */
export async function listPages<T>(
  deps: ListingDeps,
  run: ListingRun,
  listing: Listing<T>,
  start: string | undefined,
): Promise<{ ok: true } | { ok: false; error: Failure }> {
  let cursor = start
  const seen = new Set<string>()
  do {
    if (!(await run.renew()))
      return {
        ok: false,
        error: { code: 'GRAPH_LEASE_LOST', message: 'another process took over' },
      }
    const page = await listing.page(cursor, run.signal)
    if (!page.ok)
      return { ok: false, error: { code: page.error.code, message: page.error.message } }
    const next = page.value.nextCursor
    const checkpoint: RefreshCheckpoint = next
      ? { phase: listing.phase, cursor: next }
      : { phase: listing.next }
    await deps.transact(async (trx) => {
      await listing.write(trx, page.value.items)
      await deps.snapshots.progress(trx, run.snapshotId, run.counts, checkpoint)
    })
    run.onProgress?.(run.counts)
    // A cursor that comes back twice would loop forever; ending quietly would look complete.
    if (next !== undefined && seen.has(next))
      return {
        ok: false,
        error: { code: 'GRAPH_CURSOR_LOOP', message: 'the app repeated a cursor' },
      }
    if (next !== undefined) seen.add(next)
    cursor = next
  } while (cursor !== undefined)
  return { ok: true }
}
