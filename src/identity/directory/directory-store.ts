import { type Db, type NewRow, prepareQuery, type Row } from '../../platform/store/index.js'

/** Kysely queries for inbound SCIM directories; the directory domain is their only writer. */
export function directoryStore(db: Db) {
  return {
    async insert(row: NewRow<'scim_directories'>): Promise<void> {
      await db.insertInto('scim_directories').values(row).execute()
    },

    findInWorkspace(workspaceId: string, id: string): Promise<Row<'scim_directories'> | undefined> {
      return db
        .selectFrom('scim_directories')
        .selectAll()
        .where('id', '=', id)
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst()
    },

    /** The directory by id, in a workspace when one is given. */
    findOwner(
      id: string,
      workspaceId: string | undefined,
    ): Promise<{ id: string; workspace_id: string } | undefined> {
      return db
        .selectFrom('scim_directories')
        .select(['id', 'workspace_id'])
        .where('id', '=', id)
        .$if(workspaceId !== undefined, (q) => q.where('workspace_id', '=', workspaceId as string))
        .executeTakeFirst()
    },

    listOldestFirst(workspaceId: string): Promise<Row<'scim_directories'>[]> {
      return db
        .selectFrom('scim_directories')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('created_at')
        .execute()
    },

    async updateNameAndSettings(
      id: string,
      change: { name: string; settings: string; updatedAt: string },
    ): Promise<void> {
      await db
        .updateTable('scim_directories')
        .set({ name: change.name, settings: change.settings, updated_at: change.updatedAt })
        .where('id', '=', id)
        .execute()
    },

    /** A new bearer token (stored as its digest); the old one stops working at once. */
    async replaceToken(id: string, token: { hash: string; hint: string }, now: string) {
      await db
        .updateTable('scim_directories')
        .set({
          token_hash: token.hash,
          token_hint: token.hint,
          token_rotated_at: now,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute()
    },

    /** Deletes the directory; its users and groups go with it (foreign keys cascade). */
    async delete(id: string): Promise<void> {
      await db.deleteFrom('scim_directories').where('id', '=', id).execute()
    },

    /** The directory and its workspace's plan for a token digest (every SCIM request). */
    async findByTokenHash(hash: string) {
      return (await directoryByTokenHash.execute(db, hash)).rows[0]
    },
  }
}

/** Every SCIM request starts here, so the lookup is compiled once (see store/prepared.ts). */
const directoryByTokenHash = prepareQuery((db: Db, hash: string) =>
  db
    .selectFrom('scim_directories as d')
    .innerJoin('workspaces as w', 'w.id', 'd.workspace_id')
    .select(['d.id', 'd.workspace_id', 'd.token_hash', 'd.settings', 'w.plan'])
    .where('d.token_hash', '=', hash),
)
