import { type Db, decodeJson } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import { emptyRefreshCounts, type RefreshCounts, type RefreshStatus } from './types.js'

/**
 * What a refresh lists, in order: the accounts, then (when the connector lists them) the
 * entitlements and their grants; `listed` once every listing is complete (only the sweep of
 * what was not seen remains).
 */
export type RefreshPhase = 'accounts' | 'entitlements' | 'grants' | 'listed'

/**
 * Where a failed refresh resumes: the phase and the listing cursor after the last page written
 * (no phase: a checkpoint written before entitlements existed, i.e. the accounts).
 */
export type RefreshCheckpoint = { readonly phase?: RefreshPhase; readonly cursor?: string }

export type SnapshotState = {
  readonly id: string
  readonly startedAt: string
  readonly counts: RefreshCounts
  readonly checkpoint: RefreshCheckpoint
  readonly resumed: boolean
}

/** A failed refresh younger than this resumes from its checkpoint; older ones start over. */
const RESUME_WITHIN_MS = 24 * 3600_000

/**
 * graph_snapshots: one row per refresh of an app's accounts, with its counts and checkpoint
 * written with each page (the same shape as people's sync runs, ADR 0006).
 */
export function graphSnapshots(db: Db, deps: { clock: Clock; ids: IdGenerator }) {
  return {
    /** A new snapshot, or the failed (or killed) one of this app to resume, same id. */
    async start(app: { id: string; workspaceId: string }, trigger: string): Promise<SnapshotState> {
      const now = deps.clock.now()
      const last = await db
        .selectFrom('graph_snapshots')
        .selectAll()
        .where('app_id', '=', app.id)
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst()
      const fresh = last && now.getTime() - Date.parse(last.started_at) < RESUME_WITHIN_MS
      // Called under the app's refresh lease: a snapshot still `running` is one whose process died.
      const unfinished = last?.status === 'failed' || last?.status === 'running'
      if (last && fresh && unfinished && last.checkpoint !== null) {
        await db
          .updateTable('graph_snapshots')
          .set({ status: 'running', error: null, finished_at: null })
          .where('id', '=', last.id)
          .execute()
        return {
          id: last.id,
          startedAt: last.started_at,
          counts: { ...emptyRefreshCounts(), ...decodeJson<Partial<RefreshCounts>>(last.counts) },
          checkpoint: decodeJson<RefreshCheckpoint>(last.checkpoint),
          resumed: true,
        }
      }
      const snapshot = { id: deps.ids.next(), startedAt: now.toISOString() }
      await db
        .insertInto('graph_snapshots')
        .values({
          id: snapshot.id,
          workspace_id: app.workspaceId,
          app_id: app.id,
          trigger,
          status: 'running',
          counts: JSON.stringify(emptyRefreshCounts()),
          checkpoint: JSON.stringify({}),
          error: null,
          started_at: snapshot.startedAt,
          finished_at: null,
        })
        .execute()
      return { ...snapshot, counts: emptyRefreshCounts(), checkpoint: {}, resumed: false }
    },

    async progress(
      trx: Db,
      id: string,
      counts: RefreshCounts,
      checkpoint: RefreshCheckpoint,
    ): Promise<void> {
      await trx
        .updateTable('graph_snapshots')
        .set({ counts: JSON.stringify(counts), checkpoint: JSON.stringify(checkpoint) })
        .where('id', '=', id)
        .execute()
    },

    async finish(
      trx: Db,
      id: string,
      status: RefreshStatus,
      counts: RefreshCounts,
      error?: { code: string; message: string },
    ): Promise<void> {
      await trx
        .updateTable('graph_snapshots')
        .set({
          status,
          counts: JSON.stringify(counts),
          error: error ? JSON.stringify(error) : null,
          finished_at: deps.clock.now().toISOString(),
          // Only a failed snapshot keeps its checkpoint: the next refresh resumes from it.
          ...(status === 'failed' ? {} : { checkpoint: null }),
        })
        .where('id', '=', id)
        .execute()
    },

    /** One snapshot of the app by id. */
    async find(appId: string, snapshotId: string) {
      return db
        .selectFrom('graph_snapshots')
        .selectAll()
        .where('id', '=', snapshotId)
        .where('app_id', '=', appId)
        .executeTakeFirst()
    },

    /** The latest finished refresh of an app with the given status (any when omitted). */
    async latest(appId: string, status?: RefreshStatus) {
      return db
        .selectFrom('graph_snapshots')
        .selectAll()
        .where('app_id', '=', appId)
        .$if(status !== undefined, (q) => q.where('status', '=', status ?? ''))
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst()
    },
  }
}

export type GraphSnapshots = ReturnType<typeof graphSnapshots>

/** The newest succeeded refresh of the app that started after `after`, if any. */
export async function succeededSnapshotAfter(
  db: Db,
  appId: string,
  after: string,
): Promise<{ id: string; started_at: string } | undefined> {
  return db
    .selectFrom('graph_snapshots')
    .select(['id', 'started_at'])
    .where('app_id', '=', appId)
    .where('status', '=', 'succeeded')
    .where('started_at', '>', after)
    .orderBy('started_at', 'desc')
    .executeTakeFirst()
}
