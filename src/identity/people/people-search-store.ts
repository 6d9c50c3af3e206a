import { type RawBuilder, sql } from 'kysely'
import { type Dialect, likeContains } from '../../platform/store/index.js'
import { jsonSqlFor } from '../../protocol/scim-sql/index.js'

/**
 * The console's plain-text people search (issue 19): a case-insensitive "contains" on the display
 * name, the given and family names (also as "given family"), the user name and every email.
 * People written by a source without a display name are found by the names the console shows.
 * Over the people table aliased `r`, as listPeople queries it.
 */
export function textSearchSql(dialect: Dialect, text: string): RawBuilder<boolean> {
  const pattern = likeContains(text.trim())
  const json = jsonSqlFor(dialect)
  const name = (part: string) => json.text(sql.ref('r.resource'), ['name', part])
  const like = (expr: RawBuilder<unknown>) => sql`lower(${expr}) like ${pattern} escape '\\'`
  const fullName = sql`coalesce(${name('givenName')}, '') || ' ' || coalesce(${name('familyName')}, '')`
  return sql<boolean>`(${sql.join(
    [
      like(sql.ref('r.display_name')),
      like(fullName),
      like(name('formatted')),
      // user_name_key and value_key are stored lowercased.
      sql`r.user_name_key like ${pattern} escape '\\'`,
      sql`exists (select 1 from person_emails e where e.person_id = r.id and e.value_key like ${pattern} escape '\\')`,
    ],
    sql` or `,
  )})`
}
