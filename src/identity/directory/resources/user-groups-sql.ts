import { type RawBuilder, sql } from 'kysely'
import {
  DIRECTORY_LAYOUTS,
  type ElementSource,
  type TableLayout,
} from '../../../protocol/scim-sql/index.js'
import { MAX_GROUP_NESTING_DEPTH } from './group-nesting.js'

type GroupPredicate = Parameters<ElementSource['exists']>[0]

/** A sub-attribute of one of a user's groups `g` (`type` fixed by the branch that asks). */
function groupField(type: 'direct' | 'indirect') {
  return (sub: string) => {
    if (sub === 'value') return { expr: sql.ref('g.id'), type: 'string' as const, caseExact: true }
    if (sub === 'display')
      return {
        expr: sql.ref('g.display_name_key'),
        type: 'string' as const,
        caseExact: false,
        lowered: true,
      }
    if (sub === 'type') return { expr: sql.lit(type), type: 'string' as const, caseExact: false }
    return undefined
  }
}

/**
 * A user's `groups` for filters (`groups.display eq "Engineering"`, `groups[type eq "indirect"]`):
 * the same flattened groups the resource lists (flattened-groups.ts). Written as `r.id in (…)`
 * over a query that does not depend on `r`, so each database runs it once per filter (a hashed
 * set on PostgreSQL) instead of once per user: the users directly in a matching group, and, by a
 * recursive walk down from each matching group's sub-groups (SQLite and PostgreSQL alike; the
 * depth bound ends cycles and long chains), the users under it that are not also direct members
 * (a direct membership is "direct" even when also reached through a sub-group).
 */
function nestedUserGroups(directoryId: string): ElementSource {
  const matching = (predicate: GroupPredicate, type: 'direct' | 'indirect'): RawBuilder<unknown> =>
    predicate(groupField(type))
  return {
    exists: (predicate) => sql`r.id in (
      with recursive down(member_id, member_type, group_id, depth) as (
        select m.member_id, m.member_type, m.group_id, 1
          from scim_group_members m join scim_groups g on g.id = m.group_id
          where m.directory_id = ${directoryId} and m.member_type = 'Group'
            and ${matching(predicate, 'indirect')}
        union
        select c.member_id, c.member_type, down.group_id, down.depth + 1
          from down join scim_group_members c on c.group_id = down.member_id
          where down.member_type = 'Group' and down.depth < ${sql.lit(MAX_GROUP_NESTING_DEPTH)}
      )
      select m.member_id from scim_group_members m join scim_groups g on g.id = m.group_id
        where m.directory_id = ${directoryId} and m.member_type = 'User'
          and ${matching(predicate, 'direct')}
      union all
      select down.member_id from down
        where down.member_type = 'User' and not exists (
          select 1 from scim_group_members d
            where d.group_id = down.group_id and d.member_id = down.member_id)
    )`,
  }
}

/** The directory's users for the filter translation, with nested groups in `groups`. */
export function directoryUserLayout(directoryId: string): TableLayout {
  const groups = nestedUserGroups(directoryId)
  return {
    ...DIRECTORY_LAYOUTS.user,
    sideTable: (name) => (name === 'groups' ? groups : DIRECTORY_LAYOUTS.user.sideTable(name)),
  }
}
