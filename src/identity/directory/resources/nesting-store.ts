import { type Db, prepareQuery } from '../../../platform/store/index.js'

/** Bound parameters per statement: SQLite allows 32766, so id lists are read in chunks. */
const CHUNK = 500

/** A group that holds a member, with the names a user's `groups` attribute lists. */
export type ParentRow = {
  member_id: string
  id: string
  display_name: string
  display_name_key: string
}

/** A member of a group, as stored. */
export type ChildRow = { group_id: string; member_id: string; member_type: string }

/**
 * Kysely reads of the membership graph (scim_group_members), one level at a time for many nodes
 * at once: upwards by `member_id` (its index), downwards by `group_id` (the primary key).
 */
export function nestingStore(db: Db) {
  return {
    /** The groups that hold any of `memberIds` directly, with their names. */
    async parentsOf(directoryId: string, memberIds: readonly string[]): Promise<ParentRow[]> {
      const [only] = memberIds
      if (memberIds.length === 1 && only !== undefined)
        return (await parentsOfOne.execute(db, directoryId, only)).rows
      return inChunks(memberIds, (chunk) =>
        db
          .selectFrom('scim_group_members as m')
          .innerJoin('scim_groups as g', 'g.id', 'm.group_id')
          .select(['m.member_id', 'g.id', 'g.display_name', 'g.display_name_key'])
          .where('m.directory_id', '=', directoryId)
          .where('m.member_id', 'in', chunk)
          .execute(),
      )
    },

    /** The direct members (users and groups) of any of `groupIds`. */
    childrenOf(directoryId: string, groupIds: readonly string[]): Promise<ChildRow[]> {
      return inChunks(groupIds, (chunk) =>
        db
          .selectFrom('scim_group_members')
          .select(['group_id', 'member_id', 'member_type'])
          .where('directory_id', '=', directoryId)
          .where('group_id', 'in', chunk)
          .execute(),
      )
    },
  }
}

// Every GET /Users/:id starts here with one id: compiled once (store/prepared.ts).
const parentsOfOne = prepareQuery((db: Db, directoryId: string, memberId: string) =>
  db
    .selectFrom('scim_group_members as m')
    .innerJoin('scim_groups as g', 'g.id', 'm.group_id')
    .select(['m.member_id', 'g.id', 'g.display_name', 'g.display_name_key'])
    .where('m.directory_id', '=', directoryId)
    .where('m.member_id', '=', memberId),
)

async function inChunks<T>(
  ids: readonly string[],
  read: (chunk: readonly string[]) => Promise<T[]>,
): Promise<T[]> {
  const rows: T[] = []
  for (let start = 0; start < ids.length; start += CHUNK)
    rows.push(...(await read(ids.slice(start, start + CHUNK))))
  return rows
}
