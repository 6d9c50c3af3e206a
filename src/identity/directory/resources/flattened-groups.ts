import type { Db } from '../../../platform/store/index.js'
import { type NestingEdge, reachable, walkNesting } from './group-nesting.js'
import { nestingStore, type ParentRow } from './nesting-store.js'
import type { GroupRef } from './types.js'

/**
 * The `groups` of each user (RFC 7643 §4.1.2: "either thorough direct membership, nested groups,
 * or dynamically calculated"): every group within MAX_GROUP_NESTING_DEPTH levels, once, `type`
 * "direct" when the user is a member itself, else "indirect"; ordered by name. One query per
 * level for all `userIds` together. `direct`: the groups that hold the users directly, when the
 * read of the users already brought them (direct-groups-store.ts): the walk starts one level up.
 */
export async function loadGroups(
  db: Db,
  directoryId: string,
  userIds: readonly string[],
  direct?: readonly ParentRow[],
): Promise<Map<string, GroupRef[]>> {
  const byUser = new Map<string, GroupRef[]>()
  if (userIds.length === 0) return byUser
  const names = new Map<string, { display: string; key: string }>()
  let firstLevel = direct
  const graph = await walkNesting(userIds, async (ids) => {
    const known = firstLevel
    firstLevel = undefined
    const rows = known ?? (await nestingStore(db).parentsOf(directoryId, ids))
    return rows.map((row): NestingEdge => {
      names.set(row.id, { display: row.display_name, key: row.display_name_key })
      return { from: row.member_id, to: row.id, isGroup: true }
    })
  })
  for (const userId of userIds) {
    const groups = reachable(userId, graph).flatMap((group): GroupRef[] => {
      const name = names.get(group.id)
      if (!name) return []
      return [
        {
          value: group.id,
          display: name.display,
          type: group.depth === 1 ? 'direct' : 'indirect',
        },
      ]
    })
    groups.sort((a, b) => compareNames(names, a.value, b.value))
    byUser.set(userId, groups)
  }
  return byUser
}

function compareNames(names: ReadonlyMap<string, { key: string }>, a: string, b: string): number {
  const x = names.get(a)?.key ?? ''
  const y = names.get(b)?.key ?? ''
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0
}

/**
 * The users under any of `groupIds`, through nested groups, within the same depth bound (cycles
 * end the walk): whose flattened `groups` change when one of those groups joins or leaves a
 * group, or is renamed. Ids that are not groups have no members and add nothing. One query per
 * level.
 */
export async function usersUnder(
  db: Db,
  directoryId: string,
  groupIds: readonly string[],
): Promise<string[]> {
  if (groupIds.length === 0) return []
  const users = new Set<string>()
  await walkNesting(groupIds, async (ids) => {
    const rows = await nestingStore(db).childrenOf(directoryId, ids)
    return rows.map((row): NestingEdge => {
      const isGroup = row.member_type === 'Group'
      if (!isGroup) users.add(row.member_id)
      return { from: row.group_id, to: row.member_id, isGroup }
    })
  })
  return [...users]
}
