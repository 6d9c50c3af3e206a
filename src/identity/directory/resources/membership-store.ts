import type { Db } from '../../../platform/store/index.js'

/** A group that had a member, as it was before the member left. */
export type GroupOfMember = {
  id: string
  resource: unknown
  version: number
  created_at: string
  updated_at: string
}

/** Kysely queries for group memberships (scim_group_members) and the lookups they need. */
export function membershipStore(db: Db) {
  return {
    groupsContaining(directoryId: string, memberId: string): Promise<GroupOfMember[]> {
      return db
        .selectFrom('scim_group_members as m')
        .innerJoin('scim_groups as g', 'g.id', 'm.group_id')
        .select(['g.id', 'g.resource', 'g.version', 'g.created_at', 'g.updated_at'])
        .where('m.directory_id', '=', directoryId)
        .where('m.member_id', '=', memberId)
        .execute()
    },

    async removeFromAllGroups(directoryId: string, memberId: string): Promise<void> {
      await db
        .deleteFrom('scim_group_members')
        .where('directory_id', '=', directoryId)
        .where('member_id', '=', memberId)
        .execute()
    },

    /** A group's members changed: its version moves on. */
    async setGroupVersion(groupId: string, version: number, updatedAt: string): Promise<void> {
      await db
        .updateTable('scim_groups')
        .set({ version, updated_at: updatedAt })
        .where('id', '=', groupId)
        .execute()
    },

    usersAmong(directoryId: string, ids: readonly string[]) {
      return db
        .selectFrom('scim_users')
        .select(['id', 'display_name', 'user_name'])
        .where('directory_id', '=', directoryId)
        .where('id', 'in', ids)
        .execute()
    },

    groupsAmong(directoryId: string, ids: readonly string[]) {
      return db
        .selectFrom('scim_groups')
        .select(['id', 'display_name'])
        .where('directory_id', '=', directoryId)
        .where('id', 'in', ids)
        .execute()
    },
  }
}
