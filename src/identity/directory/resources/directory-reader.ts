import { type Db, decodeJson } from '../../../platform/store/index.js'
import type { ScimResource } from '../../../protocol/scim/schemas/index.js'
import { membershipStore } from './membership-store.js'
import { readerStore, type UserSnapshotRow } from './reader-store.js'
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
    workspaceOf: (db, directoryId) => readerStore(db).workspaceOf(directoryId),

    async users(db, directoryId, page) {
      const rows = await readerStore(db).userPage(directoryId, page)
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
      const row = await readerStore(db).user(directoryId, id)
      if (!row) return undefined
      const groups = await loadGroups(db, [id])
      return toUser(row, groups.get(id) ?? [])
    },

    memberIds: (db, directoryId, groupId) => membershipStore(db).userIdsIn(directoryId, groupId),
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
