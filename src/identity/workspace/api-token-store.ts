import type { Db, NewRow, Row } from '../../platform/store/index.js'

/** Kysely queries for management API tokens (stored as hashes); the workspace domain writes them. */
export function apiTokenStore(db: Db) {
  return {
    async insert(row: NewRow<'api_tokens'>): Promise<void> {
      await db.insertInto('api_tokens').values(row).execute()
    },

    findByHash(tokenHash: string): Promise<Row<'api_tokens'> | undefined> {
      return db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst()
    },

    async markUsed(id: string, at: string): Promise<void> {
      await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute()
    },

    findRevocation(
      workspaceId: string,
      id: string,
    ): Promise<{ id: string; revoked_at: string | null } | undefined> {
      return db
        .selectFrom('api_tokens')
        .select(['id', 'revoked_at'])
        .where('id', '=', id)
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst()
    },

    async markRevoked(id: string, at: string): Promise<void> {
      await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute()
    },

    listOldestFirst(workspaceId: string): Promise<Row<'api_tokens'>[]> {
      return db
        .selectFrom('api_tokens')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('created_at')
        .execute()
    },
  }
}
