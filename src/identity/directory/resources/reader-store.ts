import type { Db } from '../../../platform/store/index.js'

/** A directory user's row as the directory reader returns it. */
export type UserSnapshotRow = { id: string; resource: unknown; version: number; updated_at: string }

/** Kysely queries behind the DirectoryReader (other domains' read access to a directory). */
export function readerStore(db: Db) {
  return {
    async workspaceOf(directoryId: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('scim_directories')
        .select('workspace_id')
        .where('id', '=', directoryId)
        .executeTakeFirst()
      return row?.workspace_id
    },

    /** Users in id order after `afterId`. */
    userPage(
      directoryId: string,
      page: { afterId?: string; limit: number },
    ): Promise<UserSnapshotRow[]> {
      return db
        .selectFrom('scim_users')
        .select(['id', 'resource', 'version', 'updated_at'])
        .where('directory_id', '=', directoryId)
        .$if(page.afterId !== undefined, (q) => q.where('id', '>', page.afterId ?? ''))
        .orderBy('id')
        .limit(page.limit)
        .execute()
    },

    user(directoryId: string, id: string): Promise<UserSnapshotRow | undefined> {
      return db
        .selectFrom('scim_users')
        .select(['id', 'resource', 'version', 'updated_at'])
        .where('directory_id', '=', directoryId)
        .where('id', '=', id)
        .executeTakeFirst()
    },

    /** The users among `ids`, in id order; read in chunks (SQLite's bound-parameter limit). */
    async usersAmong(directoryId: string, ids: readonly string[]): Promise<UserSnapshotRow[]> {
      const rows: UserSnapshotRow[] = []
      for (let start = 0; start < ids.length; start += 500) {
        const chunk = ids.slice(start, start + 500)
        rows.push(
          ...(await db
            .selectFrom('scim_users')
            .select(['id', 'resource', 'version', 'updated_at'])
            .where('directory_id', '=', directoryId)
            .where('id', 'in', chunk)
            .orderBy('id')
            .execute()),
        )
      }
      return rows
    },
  }
}
