import { type Db, decodeJson } from '../../../platform/store/index.js'
import type { ScimResource } from '../../../protocol/scim/schemas/index.js'
import { loadGroups, usersUnder } from './flattened-groups.js'
import { readerStore, type UserSnapshotRow } from './reader-store.js'
import type { GroupRef } from './types.js'

/** A directory user with the groups it belongs to (RFC 7643 §4.1.2 `groups`). */
export type DirectoryUser = {
  readonly id: string
  readonly resource: ScimResource
  /** Direct and, through nested groups, indirect ones (see group-nesting.ts for the bounds). */
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
  /** The users among `ids` that exist, in id order (ids that are not users are skipped). */
  usersWithIds(db: Db, directoryId: string, ids: readonly string[]): Promise<DirectoryUser[]>
  /**
   * The users under any of `groupIds` now, through nested groups (same depth bound and cycle
   * handling as `groups`): whose `groups` change when such a group moves, is renamed or deleted.
   */
  memberIds(db: Db, directoryId: string, groupIds: readonly string[]): Promise<string[]>
}

export function createDirectoryReader(): DirectoryReader {
  async function withGroups(db: Db, directoryId: string, rows: readonly UserSnapshotRow[]) {
    const ids = rows.map((row) => row.id)
    const groups = await loadGroups(db, directoryId, ids)
    return rows.map((row) => toUser(row, groups.get(row.id) ?? []))
  }

  return {
    workspaceOf: (db, directoryId) => readerStore(db).workspaceOf(directoryId),

    async users(db, directoryId, page) {
      return withGroups(db, directoryId, await readerStore(db).userPage(directoryId, page))
    },

    async user(db, directoryId, id) {
      const row = await readerStore(db).user(directoryId, id)
      return row ? (await withGroups(db, directoryId, [row]))[0] : undefined
    },

    async usersWithIds(db, directoryId, ids) {
      return withGroups(db, directoryId, await readerStore(db).usersAmong(directoryId, ids))
    },

    memberIds: (db, directoryId, groupIds) => usersUnder(db, directoryId, groupIds),
  }
}

function toUser(row: UserSnapshotRow, groups: readonly GroupRef[]): DirectoryUser {
  return {
    id: row.id,
    resource: decodeJson<ScimResource>(row.resource),
    groups,
    version: row.version,
    lastModified: row.updated_at,
  }
}
