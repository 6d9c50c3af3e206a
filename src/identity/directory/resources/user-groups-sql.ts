import { sql } from 'kysely'
import {
  DIRECTORY_LAYOUTS,
  type ElementSource,
  type TableLayout,
} from '../../../protocol/scim-sql/index.js'
import { MAX_GROUP_NESTING_DEPTH } from './group-nesting.js'

/**
 * A user's `groups` for filters (`groups.display eq "Engineering"`, `groups[type eq "indirect"]`):
 * the same flattened groups the user's resource lists (flattened-groups.ts), walked upwards in
 * SQL by a recursive query that SQLite and PostgreSQL both run. UNION drops repeated rows, and
 * the depth bound ends cycles and long chains at MAX_GROUP_NESTING_DEPTH levels. A group held
 * directly is "direct" even when it is also reached through a sub-group.
 */
const nestedUserGroups: ElementSource = {
  exists: (predicate) =>
    sql`exists (with recursive reach(group_id, depth) as (
      select m.group_id, 1 from scim_group_members m where m.member_id = r.id
      union
      select p.group_id, reach.depth + 1 from reach
        join scim_group_members p on p.member_id = reach.group_id
        where reach.depth < ${sql.lit(MAX_GROUP_NESTING_DEPTH)}
    )
    select 1 from reach join scim_groups g on g.id = reach.group_id where ${predicate((sub) => {
      if (sub === 'value') return { expr: sql.ref('g.id'), type: 'string', caseExact: true }
      if (sub === 'display')
        return {
          expr: sql.ref('g.display_name_key'),
          type: 'string',
          caseExact: false,
          lowered: true,
        }
      if (sub === 'type')
        return {
          expr: sql`case when exists (select 1 from scim_group_members d where d.member_id = r.id and d.group_id = g.id) then 'direct' else 'indirect' end`,
          type: 'string',
          caseExact: false,
        }
      return undefined
    })})`,
}

/** The directory's users for the filter translation, with nested groups in `groups`. */
export const DIRECTORY_USER_LAYOUT: TableLayout = {
  ...DIRECTORY_LAYOUTS.user,
  sideTable: (name) =>
    name === 'groups' ? nestedUserGroups : DIRECTORY_LAYOUTS.user.sideTable(name),
}
