import { type RawBuilder, sql } from 'kysely'
import type { Dialect } from '../../../platform/store/index.js'
import type { ParentRow } from './nesting-store.js'

/**
 * The groups that hold user `alias` directly, as one JSON column of the user's own row: a read by id
 * or by userName then costs one query, not two (the walk upwards continues from these groups only
 * when there are some; flattened-groups.ts). Each entry is `[id, display_name, display_name_key]`.
 */
export function directGroupsColumn(dialect: Dialect, alias: 'u' | 'r' = 'u'): RawBuilder<unknown> {
  const user = (column: string) => sql.ref(`${alias}.${column}`)
  const from = sql`from scim_group_members m join scim_groups g on g.id = m.group_id
    where m.directory_id = ${user('directory_id')} and m.member_id = ${user('id')}`
  return dialect === 'postgres'
    ? sql`(select coalesce(json_agg(json_build_array(g.id, g.display_name, g.display_name_key)), '[]'::json) ${from})`
    : sql`(select json_group_array(json_array(g.id, g.display_name, g.display_name_key)) ${from})`
}

/** The column's value (text on SQLite, parsed on PostgreSQL) as the nesting walk's first level. */
export function parentRowsOf(userId: string, column: unknown): ParentRow[] {
  const entries = (typeof column === 'string' ? JSON.parse(column) : column) as unknown
  if (!Array.isArray(entries)) return []
  return entries.map((entry) => {
    const [id, display, key] = entry as [string, string, string]
    return { member_id: userId, id, display_name: display, display_name_key: key }
  })
}
