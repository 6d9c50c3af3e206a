import { type Db, decodeJson } from '../../../platform/store/index.js'
import type { ScimResource } from '../../../protocol/scim/schemas/index.js'
import type { GroupRef } from './types.js'
import { loadGroups } from './user-repository.js'

/** A directory user with the groups it belongs to (RFC 7643 §4.1.2 `groups`). */
export type DirectoryUser = {
  readonly id: string
  readonly resource: ScimResource
  readonly groups: readonly GroupRef[]
  readonly version: number
  readonly lastModified: string
}

/**
 * Read access to a directory's users for the hub's other domains (the SCIM directory as a source
 * of people). Every read takes the caller's `db`, so it can run inside the caller's transaction.
 */
export type DirectoryReader = {
  /** The workspace of a directory, or undefined when it does not exist (any more). */
  workspaceOf(db: Db, directoryId: string): Promise<string | undefined>
  /** Users in id order after `afterId` (keyset paging, stable while the directory changes). */
  users(
    db: Db,
    directoryId: string,
    page: { afterId?: string; limit: number },
  ): Promise<DirectoryUser[]>
  user(db: Db, directoryId: string, id: string): Promise<DirectoryUser | undefined>
  /** The user ids that are members of a group now. */
  memberIds(db: Db, directoryId: string, groupId: string): Promise<string[]>
}

export function createDirectoryReader(): DirectoryReader {
  return {
    async workspaceOf(db, directoryId) {
      const row = await db
        .selectFrom('scim_directories')
        .select('workspace_id')
        .where('id', '=', directoryId)
        .executeTakeFirst()
      return row?.workspace_id
    },

    async users(db, directoryId, page) {
      const rows = await db
        .selectFrom('scim_users')
        .select(['id', 'resource', 'version', 'updated_at'])
        .where('directory_id', '=', directoryId)
        .$if(page.afterId !== undefined, (q) => q.where('id', '>', page.afterId ?? ''))
        .orderBy('id')
        .limit(page.limit)
        .execute()
      const groups =
        rows.length > 0
          ? await loadGroups(
              db,
              rows.map((row) => row.id),
            )
          : new Map()
      return rows.map((row) => toUser(row, groups.get(row.id) ?? []))
    },

    async user(db, directoryId, id) {
      const row = await db
        .selectFrom('scim_users')
        .select(['id', 'resource', 'version', 'updated_at'])
        .where('directory_id', '=', directoryId)
        .where('id', '=', id)
        .executeTakeFirst()
      if (!row) return undefined
      const groups = await loadGroups(db, [id])
      return toUser(row, groups.get(id) ?? [])
    },

    async memberIds(db, directoryId, groupId) {
      const rows = await db
        .selectFrom('scim_group_members')
        .select('member_id')
        .where('directory_id', '=', directoryId)
        .where('group_id', '=', groupId)
        .where('member_type', '=', 'User')
        .execute()
      return rows.map((row) => row.member_id)
    },
  }
}

function toUser(
  row: { id: string; resource: unknown; version: number; updated_at: string },
  groups: readonly GroupRef[],
): DirectoryUser {
  return {
    id: row.id,
    resource: decodeJson<ScimResource>(row.resource),
    groups,
    version: row.version,
    lastModified: row.updated_at,
  }
}
