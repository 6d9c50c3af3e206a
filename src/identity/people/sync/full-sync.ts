import type { Actor } from '../../../platform/audit/index.js'
import { type Db, decodeJson, type Row, type Transact } from '../../../platform/store/index.js'
import type { Logger } from '../../../shared/logger.js'
import type { ApplyContext, PeopleWriter } from '../people-writer.js'
import type { FullReader, RecordPage, SyncFailure } from '../sources/reader.js'
import { resolveSafety } from '../sources/source-config.js'
import { countLive, unseenLiveKeys } from '../sources/source-record-store.js'
import { sourceStore } from '../sources/source-store.js'
import type { SourceKind, SyncCounts, SyncProgress, SyncReport } from '../types.js'
import { checkGone } from './safety.js'
import type { RunState, syncRuns } from './sync-run-store.js'

export type EngineDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly writer: PeopleWriter
  readonly runs: ReturnType<typeof syncRuns>
  readonly log: Logger
  readonly now: () => string
}

export type RunOptions = {
  readonly acceptGone?: boolean
  readonly signal?: AbortSignal
  readonly onProgress?: (progress: SyncProgress) => void
  readonly actor: Actor
  /** Renews the source's sync lease between pages. */
  readonly renew: () => Promise<boolean>
}

/** Records marked gone per transaction at the end of a full sync. */
const GONE_BATCH = 200

/**
 * A full sync: every page is written in one transaction together with the run's counts and
 * checkpoint, so a crash or a failed page leaves a run that resumes after the last page written.
 * Only a listing that reached its end with nothing skipped may mark people gone, and only within
 * the safety rule; a failure in the middle marks nobody (the brief: it stops and reports).
 */
export async function runFullSync(
  deps: EngineDeps,
  source: Row<'sources'>,
  reader: FullReader,
  run: RunState,
  options: RunOptions,
): Promise<SyncReport> {
  const context: ApplyContext = {
    source: { id: source.id, workspaceId: source.workspace_id, kind: source.kind as SourceKind },
    runId: run.id,
    actor: options.actor,
  }
  const counts: SyncCounts = { ...run.counts }
  const report = (status: SyncReport['status'], extra: Partial<SyncReport> = {}): SyncReport => ({
    runId: run.id,
    sourceId: source.id,
    kind: source.kind as SourceKind,
    mode: 'full',
    status,
    counts,
    ...(run.resumed ? { resumed: true } : {}),
    ...extra,
  })
  const fail = async (error: SyncFailure) => {
    await deps.runs.finish(run.id, 'failed', counts, error)
    deps.log.warn(
      { sourceId: source.id, runId: run.id, code: error.code },
      'full sync failed; nobody marked gone',
    )
    return report('failed', { error })
  }
  const listed = await listAll(deps, context, reader, run, counts, options)
  if (!listed.ok) return fail(listed.error)
  if (counts.skipped > 0) {
    await finishSource(deps, source, run, counts, false)
    await deps.runs.finish(run.id, 'succeeded', counts)
    return report('succeeded', {
      warnings: [
        `${counts.skipped} record(s) skipped: the listing is incomplete, so nobody was marked gone`,
      ],
    })
  }
  const gone = await markMissingGone(deps, context, source, counts, options)
  if (!gone.ok) {
    await deps.runs.finish(run.id, 'held', counts, gone.error)
    return report('held', { error: gone.error })
  }
  await finishSource(deps, source, run, counts, true)
  await deps.runs.finish(run.id, 'succeeded', counts)
  options.onProgress?.({ sourceId: source.id, phase: 'done', counts })
  return report('succeeded')
}

type Step = { ok: true } | { ok: false; error: SyncFailure }

async function listAll(
  deps: EngineDeps,
  context: ApplyContext,
  reader: FullReader,
  run: RunState,
  counts: SyncCounts,
  options: RunOptions,
): Promise<Step> {
  const prepared = reader.prepare ? await reader.prepare(options.signal) : undefined
  if (prepared && !prepared.ok) return prepared
  let cursor = run.checkpoint.cursor
  const seen = new Set<string>()
  do {
    if (!(await options.renew()))
      return {
        ok: false,
        error: { code: 'SYNC_LEASE_LOST', message: 'another process took over this sync' },
      }
    const page = await reader.page(cursor, options.signal)
    if (!page.ok) return page
    await writePage(deps, context, page.value, run, counts)
    options.onProgress?.({ sourceId: context.source.id, phase: 'listing', counts })
    cursor = page.value.nextCursor
    // A cursor that comes back twice would loop forever; stopping quietly would look complete.
    if (cursor !== undefined && seen.has(cursor))
      return {
        ok: false,
        error: { code: 'SYNC_CURSOR_LOOP', message: 'the source repeated a page cursor' },
      }
    if (cursor !== undefined) seen.add(cursor)
  } while (cursor !== undefined)
  return { ok: true }
}

async function writePage(
  deps: EngineDeps,
  context: ApplyContext,
  page: RecordPage,
  run: RunState,
  counts: SyncCounts,
) {
  await deps.transact(async (trx) => {
    for (const record of page.records) {
      const outcome = await deps.writer.applyRecord(trx, context, record)
      counts[outcome] += 1
      counts.seen += 1
    }
    counts.skipped += page.skipped?.length ?? 0
    counts.pages += 1
    await deps.runs.progress(
      trx,
      run.id,
      counts,
      page.nextCursor ? { cursor: page.nextCursor } : {},
    )
  })
}

async function markMissingGone(
  deps: EngineDeps,
  context: ApplyContext,
  source: Row<'sources'>,
  counts: SyncCounts,
  options: RunOptions,
): Promise<Step> {
  const missing = await unseenLiveKeys(deps.db, source.id, context.runId ?? '')
  const previous = Math.max(await countLive(deps.db, source.id), source.last_full_count ?? 0)
  const decision = checkGone(
    { seen: counts.seen, missing: missing.length, previous },
    resolveSafety(decodeJson(source.safety)),
    options.acceptGone === true,
  )
  if (!decision.ok) return { ok: false, error: { code: 'SYNC_HELD', message: decision.message } }
  options.onProgress?.({ sourceId: source.id, phase: 'marking_gone', counts })
  for (let start = 0; start < missing.length; start += GONE_BATCH) {
    await deps.transact(async (trx) => {
      for (const key of missing.slice(start, start + GONE_BATCH)) {
        if ((await deps.writer.markGone(trx, context, key)) === 'gone') counts.gone += 1
      }
    })
  }
  return { ok: true }
}

async function finishSource(
  deps: EngineDeps,
  source: Row<'sources'>,
  run: RunState,
  counts: SyncCounts,
  complete: boolean,
) {
  await sourceStore(deps.db).markSynced(source.id, {
    startedAt: run.startedAt,
    updatedAt: deps.now(),
    ...(complete ? { fullCount: counts.seen } : {}),
  })
}
