import { type Db, decodeJson, type Row } from '../../../platform/store/index.js'
import type { Clock } from '../../../shared/clock.js'
import type { IdGenerator } from '../../../shared/ids.js'
import { emptyCounts, type SyncCounts, type SyncMode, type SyncStatus } from '../types.js'

/** Where a failed full sync resumes: the listing cursor after the last page written. */
export type Checkpoint = { readonly cursor?: string }

export type RunState = {
  readonly id: string
  readonly mode: SyncMode
  readonly startedAt: string
  readonly counts: SyncCounts
  readonly checkpoint: Checkpoint
  readonly resumed: boolean
}

/** A failed full sync younger than this resumes from its checkpoint; older ones start over. */
const RESUME_WITHIN_MS = 24 * 3600_000

/** sync_runs: one row per run, its counts and checkpoint written with each page. */
export function syncRuns(db: Db, deps: { clock: Clock; ids: IdGenerator }) {
  return {
    /** A new run, or the failed full run of this source to resume (same id, same markers). */
    async start(source: Row<'sources'>, mode: SyncMode, trigger: string): Promise<RunState> {
      const now = deps.clock.now()
      if (mode === 'full') {
        const last = await db
          .selectFrom('sync_runs')
          .selectAll()
          .where('source_id', '=', source.id)
          .where('mode', '=', 'full')
          .orderBy('started_at', 'desc')
          .orderBy('id', 'desc')
          .executeTakeFirst()
        const fresh = last && now.getTime() - Date.parse(last.started_at) < RESUME_WITHIN_MS
        // Called under the source's sync lease: a run still marked running is one whose process
        // died (kill -9), and resumes like a failed one.
        const unfinished = last?.status === 'failed' || last?.status === 'running'
        if (last && fresh && unfinished && last.checkpoint !== null) {
          await db
            .updateTable('sync_runs')
            .set({ status: 'running', error: null, finished_at: null })
            .where('id', '=', last.id)
            .execute()
          return {
            id: last.id,
            mode,
            startedAt: last.started_at,
            counts: { ...emptyCounts(), ...decodeJson<Partial<SyncCounts>>(last.counts) },
            checkpoint: decodeJson<Checkpoint>(last.checkpoint),
            resumed: true,
          }
        }
      }
      const run = { id: deps.ids.next(), startedAt: now.toISOString() }
      await db
        .insertInto('sync_runs')
        .values({
          id: run.id,
          workspace_id: source.workspace_id,
          source_id: source.id,
          mode,
          trigger,
          status: 'running',
          counts: JSON.stringify(emptyCounts()),
          error: null,
          checkpoint: JSON.stringify({}),
          started_at: run.startedAt,
          finished_at: null,
        })
        .execute()
      return { ...run, mode, counts: emptyCounts(), checkpoint: {}, resumed: false }
    },

    async progress(
      trx: Db,
      runId: string,
      counts: SyncCounts,
      checkpoint: Checkpoint,
    ): Promise<void> {
      await trx
        .updateTable('sync_runs')
        .set({ counts: JSON.stringify(counts), checkpoint: JSON.stringify(checkpoint) })
        .where('id', '=', runId)
        .execute()
    },

    async finish(
      runId: string,
      status: SyncStatus,
      counts: SyncCounts,
      error?: { code: string; message: string },
    ): Promise<void> {
      await db
        .updateTable('sync_runs')
        .set({
          status,
          counts: JSON.stringify(counts),
          error: error ? JSON.stringify(error) : null,
          finished_at: deps.clock.now().toISOString(),
          // Only a failed run keeps its checkpoint: it is what the next run resumes from.
          ...(status === 'failed' ? {} : { checkpoint: null }),
        })
        .where('id', '=', runId)
        .execute()
    },

    async latest(sourceId: string, mode: SyncMode) {
      return db
        .selectFrom('sync_runs')
        .select(['id', 'status', 'started_at'])
        .where('source_id', '=', sourceId)
        .where('mode', '=', mode)
        .orderBy('started_at', 'desc')
        .executeTakeFirst()
    },
  }
}
