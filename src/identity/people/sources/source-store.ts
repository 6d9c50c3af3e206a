import type { Db, NewRow, Row } from '../../../platform/store/index.js'

/** Kysely queries for sources of people; the people domain is their only writer. */
export function sourceStore(db: Db) {
  return {
    async insert(row: NewRow<'sources'>): Promise<void> {
      await db.insertInto('sources').values(row).execute()
    },

    /**
     * Points a new SCIM source's event cursor at the latest event of its workspace, so it follows
     * events from now on.
     */
    async startAtLatestEvent(sourceId: string, workspaceId: string): Promise<void> {
      const latest = await db
        .selectFrom('events')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst()
      await db
        .updateTable('sources')
        .set({ event_cursor: Number(latest?.seq ?? 0) })
        .where('id', '=', sourceId)
        .execute()
    },

    findInWorkspace(workspaceId: string, id: string): Promise<Row<'sources'> | undefined> {
      return db
        .selectFrom('sources')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst()
    },

    findById(id: string): Promise<Row<'sources'> | undefined> {
      return db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst()
    },

    listInWorkspace(workspaceId: string): Promise<Row<'sources'>[]> {
      return db
        .selectFrom('sources')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('created_at')
        .execute()
    },

    async idsInWorkspace(workspaceId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('sources')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .orderBy('created_at')
        .execute()
      return rows.map((r) => r.id)
    },

    /** Every source of every workspace, oldest first (the sync scheduler's round). */
    listAll(): Promise<Row<'sources'>[]> {
      return db.selectFrom('sources').selectAll().orderBy('created_at').execute()
    },

    listScim(): Promise<Row<'sources'>[]> {
      return db.selectFrom('sources').selectAll().where('kind', '=', 'scim').execute()
    },

    /**
     * Records a finished sync started at `startedAt`; a complete full sync also records how many
     * records it saw (the safety rule's baseline).
     */
    async markSynced(
      id: string,
      sync: { startedAt: string; updatedAt: string; fullCount?: number },
    ): Promise<void> {
      await db
        .updateTable('sources')
        .set({
          last_sync_at: sync.startedAt,
          updated_at: sync.updatedAt,
          ...(sync.fullCount !== undefined
            ? { last_full_count: sync.fullCount, last_full_sync_at: sync.startedAt }
            : {}),
        })
        .where('id', '=', id)
        .execute()
    },

    /**
     * Moves the event cursor from `from` to `to` only if it still is at `from` (compare-and-set);
     * false when someone else moved it first.
     */
    async moveEventCursor(id: string, from: number, to: number): Promise<boolean> {
      const moved = await db
        .updateTable('sources')
        .set({ event_cursor: to })
        .where('id', '=', id)
        .where('event_cursor', '=', from)
        .executeTakeFirst()
      return Number(moved.numUpdatedRows) === 1
    },
  }
}
