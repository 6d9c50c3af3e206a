import { type BackgroundWorker, intervalWorker } from '../../../platform/jobs/index.js'
import { type Db, decodeJson, type Row } from '../../../platform/store/index.js'
import { ApiError } from '../../../shared/api-error.js'
import type { Clock } from '../../../shared/clock.js'
import type { Logger } from '../../../shared/logger.js'
import type { Schedule } from '../sources/source-config.js'
import { sourceStore } from '../sources/source-store.js'
import type { SyncService } from './sync-service.js'

/** A failed full sync is tried again (and resumes) this soon, whatever its schedule. */
const RETRY_FAILED_MS = 5 * 60_000

export type LastRun = { readonly status: string; readonly startedAt: string } | undefined

/**
 * Which sync a source is due for (pure): a full one when its schedule's interval has passed
 * since the last full attempt (held or succeeded), or 5 minutes after a failed one; else an
 * incremental one (Okta) when that interval has passed since the last sync.
 */
export function dueMode(
  source: { kind: string; schedule: Schedule; lastSyncAt: string | null },
  lastFull: LastRun,
  lastIncremental: LastRun,
  nowMs: number,
): 'full' | 'incremental' | undefined {
  const since = (at: string | undefined | null) =>
    at ? nowMs - Date.parse(at) : Number.POSITIVE_INFINITY
  const { fullSyncMinutes, incrementalMinutes } = source.schedule
  if (fullSyncMinutes) {
    // A failed run, or one still "running" (its process died; the lease says if it did), resumes soon.
    const unfinished = lastFull?.status === 'failed' || lastFull?.status === 'running'
    const wait = unfinished
      ? Math.min(RETRY_FAILED_MS, fullSyncMinutes * 60_000)
      : fullSyncMinutes * 60_000
    if (since(lastFull?.startedAt) >= wait) return 'full'
  }
  if (source.kind !== 'okta' || !incrementalMinutes || !source.lastSyncAt) return undefined
  const last = [lastIncremental?.startedAt, source.lastSyncAt]
    .filter((at): at is string => Boolean(at))
    .sort()
    .at(-1)
  return since(last) >= incrementalMinutes * 60_000 ? 'incremental' : undefined
}

/**
 * Scheduled syncs in the server process: each round looks at every source and runs what is
 * due. Two servers never run one source at once (the sync takes a lease in the database); the
 * durable job queue of a later issue can replace this behind `BackgroundWorker`.
 */
export function createSyncScheduler(deps: {
  db: Db
  clock: Clock
  log: Logger
  sync: SyncService
  intervalMs: number
}): BackgroundWorker {
  return intervalWorker('sync-scheduler', deps.intervalMs, deps.log, async () => {
    const sources = await sourceStore(deps.db).listAll()
    for (const source of sources) await runIfDue(deps, source)
  })
}

async function runIfDue(
  deps: { clock: Clock; log: Logger; sync: SyncService },
  source: Row<'sources'>,
) {
  const [lastFull, lastIncremental] = await Promise.all([
    deps.sync.runs.latest(source.id, 'full'),
    deps.sync.runs.latest(source.id, 'incremental'),
  ])
  const mode = dueMode(
    {
      kind: source.kind,
      schedule: decodeJson<Schedule>(source.schedule),
      lastSyncAt: source.last_sync_at,
    },
    lastFull && { status: lastFull.status, startedAt: lastFull.started_at },
    lastIncremental && { status: lastIncremental.status, startedAt: lastIncremental.started_at },
    deps.clock.now().getTime(),
  )
  if (!mode) return
  try {
    const report = await deps.sync.syncSource(source.workspace_id, source.id, {
      mode,
      trigger: 'schedule',
      actor: { type: 'system', id: 'scheduler' },
    })
    deps.log.info(
      { sourceId: source.id, mode, status: report.status, counts: report.counts },
      'scheduled sync',
    )
  } catch (error) {
    // Another process runs it right now: its turn, not ours.
    if (error instanceof ApiError && error.code === 'SYNC_RUNNING') return
    throw error
  }
}
