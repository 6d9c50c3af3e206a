import { type Db, decodeJson } from '../../platform/store/index.js'
import type { AppRunSummary, ClassCounts, Scope } from './types.js'

/** reconcile_runs: one row per run, with what each app looked like (the safety rule's memory). */
export function runsStore(db: Db) {
  return {
    async start(run: {
      id: string
      workspaceId: string
      scope: Scope
      trigger: string
      now: string
    }) {
      await db
        .insertInto('reconcile_runs')
        .values({
          id: run.id,
          workspace_id: run.workspaceId,
          scope: JSON.stringify(run.scope),
          trigger: run.trigger,
          status: 'running',
          counts: JSON.stringify({}),
          apps: JSON.stringify([]),
          started_at: run.now,
          finished_at: null,
        })
        .execute()
    },

    async finish(
      trx: Db,
      runId: string,
      status: 'succeeded' | 'failed',
      result: { counts: ClassCounts; apps: readonly AppRunSummary[] } | undefined,
      now: string,
    ): Promise<void> {
      await trx
        .updateTable('reconcile_runs')
        .set({
          status,
          finished_at: now,
          ...(result
            ? { counts: JSON.stringify(result.counts), apps: JSON.stringify(result.apps) }
            : {}),
        })
        .where('id', '=', runId)
        .execute()
    },

    /**
     * Each app's summary from its latest succeeded run that covered all of its people (a
     * person-scoped run says nothing about how many people an assignment selects).
     */
    async previous(workspaceId: string, appIds: readonly string[]) {
      const rows = await db
        .selectFrom('reconcile_runs')
        .select(['scope', 'apps'])
        .where('workspace_id', '=', workspaceId)
        .where('status', '=', 'succeeded')
        .orderBy('started_at', 'desc')
        .limit(50)
        .execute()
      const found = new Map<string, AppRunSummary>()
      for (const row of rows) {
        const scope = decodeJson<Scope>(row.scope)
        if (scope.personId !== undefined) continue
        for (const app of decodeJson<AppRunSummary[]>(row.apps)) {
          if (appIds.includes(app.appId) && !found.has(app.appId)) found.set(app.appId, app)
        }
      }
      return found
    },
  }
}

/**
 * What the sources of people say happened, in words, for a held plan's reason: a source whose
 * latest full sync listed far fewer people than the one before, or was itself held.
 */
export async function sourceNotes(db: Db, workspaceId: string): Promise<string[]> {
  const sources = await db
    .selectFrom('sources')
    .select(['id', 'name', 'kind'])
    .where('workspace_id', '=', workspaceId)
    .execute()
  const notes: string[] = []
  for (const source of sources) {
    const runs = await db
      .selectFrom('sync_runs')
      .select(['status', 'counts'])
      .where('source_id', '=', source.id)
      .where('mode', '=', 'full')
      .orderBy('started_at', 'desc')
      .limit(2)
      .execute()
    const [latest, before] = runs.map((r) => ({
      status: r.status,
      seen: Number(decodeJson<{ seen?: number }>(r.counts).seen ?? 0),
    }))
    if (!latest || !before || before.seen === 0) continue
    if (latest.seen < before.seen / 2 || latest.status === 'held') {
      notes.push(
        `The source ${source.name} (${source.kind}) returned ${latest.seen} people in its latest sync (${latest.status}); the sync before had ${before.seen}.`,
      )
    }
  }
  return notes
}
