import type { Clock } from '../../shared/clock.js'
import type { Db } from '../store/index.js'

/** Why an app's jobs are not run, since when, and until when (null: until someone releases it). */
export type Quarantine = {
  readonly appId: string
  readonly workspaceId: string
  readonly reason: string
  readonly error: unknown
  readonly since: string
  readonly until: string | null
}

/**
 * Quarantined apps, in the database so every worker process (and the console) sees them: an
 * app whose circuit is open waits for the cool-down; one with rejected credentials waits for a
 * person. Other apps' jobs run on meanwhile.
 */
export function quarantineStore(db: Db, clock: Clock) {
  return {
    async put(trx: Db, entry: Omit<Quarantine, 'since'>): Promise<void> {
      const since = clock.now().toISOString()
      const row = {
        app_id: entry.appId,
        workspace_id: entry.workspaceId,
        reason: entry.reason,
        error: JSON.stringify(entry.error ?? null),
        since,
        until: entry.until,
      }
      await trx
        .insertInto('app_quarantines')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('app_id')
            .doUpdateSet({ reason: row.reason, error: row.error, until: row.until }),
        )
        .execute()
    },

    async lift(trx: Db, appId: string): Promise<boolean> {
      const result = await trx
        .deleteFrom('app_quarantines')
        .where('app_id', '=', appId)
        .executeTakeFirst()
      return Number(result.numDeletedRows) > 0
    },

    /** Apps whose jobs must not run now (a quarantine whose `until` passed lets them probe). */
    async blocked(): Promise<Set<string>> {
      const now = clock.now().toISOString()
      const rows = await db
        .selectFrom('app_quarantines')
        .select('app_id')
        .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', now)]))
        .execute()
      return new Set(rows.map((row) => row.app_id))
    },

    async get(appId: string): Promise<Quarantine | undefined> {
      const row = await db
        .selectFrom('app_quarantines')
        .selectAll()
        .where('app_id', '=', appId)
        .executeTakeFirst()
      return row && toQuarantine(row)
    },

    async list(workspaceId: string): Promise<Quarantine[]> {
      const rows = await db
        .selectFrom('app_quarantines')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .execute()
      return rows.map(toQuarantine)
    },
  }
}

export type QuarantineStore = ReturnType<typeof quarantineStore>

function toQuarantine(row: {
  app_id: string
  workspace_id: string
  reason: string
  error: unknown
  since: string
  until: string | null
}): Quarantine {
  return {
    appId: row.app_id,
    workspaceId: row.workspace_id,
    reason: row.reason,
    error: typeof row.error === 'string' ? JSON.parse(row.error) : row.error,
    since: row.since,
    until: row.until,
  }
}
