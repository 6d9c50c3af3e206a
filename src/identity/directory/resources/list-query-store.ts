import { type SelectQueryBuilder, sql } from 'kysely'
import {
  type Database,
  type Db,
  type Dialect,
  prepareQuery,
  type Row,
} from '../../../platform/store/index.js'
import type { ResourceSchema } from '../../../protocol/scim/schemas/index.js'
import {
  DIRECTORY_LAYOUTS,
  filterToSql,
  jsonSqlFor,
  type ResourceKind,
  sortExpression,
  userNameEqualsKey,
} from '../../../protocol/scim-sql/index.js'
import { directGroupsColumn } from './direct-groups-store.js'
import type { PageAnchors } from './page-anchors.js'
import type { ListQuery } from './types.js'
import { directoryUserLayout } from './user-groups-sql.js'

type Table = 'scim_users' | 'scim_groups'

/**
 * The columns a listed user is rendered from (user-repository's toStored): the wide indexed
 * columns stay behind, which makes a 100-user page's rows several times cheaper to read.
 */
export const USER_LIST_COLUMNS = ['id', 'resource', 'version', 'created_at', 'updated_at'] as const
export type UserListRow = Pick<Row<'scim_users'>, (typeof USER_LIST_COLUMNS)[number]>

/**
 * `userName eq "…"` (point-lookup.ts): one probe of the unique lowered-userName index, with the
 * user's direct groups (direct-groups-store.ts), compiled once per dialect.
 */
const userByNameKeyOn = (dialect: Dialect) =>
  prepareQuery((db: Db, directoryId: string, key: string) =>
    db
      .selectFrom('scim_users as u')
      .select(USER_LIST_COLUMNS.map((c) => `u.${c}` as const))
      .select(directGroupsColumn(dialect).as('direct_groups'))
      .where('u.directory_id', '=', directoryId)
      .where('u.user_name_key', '=', key),
  )
const userByNameKey = { sqlite: userByNameKeyOn('sqlite'), postgres: userByNameKeyOn('postgres') }

/**
 * Runs a SCIM list: COUNT(*) for totalResults (or the directory's exact count, for an unfiltered
 * list) and a page ordered by the sort attribute, then by id (ids are UUIDv7, so the default order
 * is creation order and stable across pages); deep unfiltered pages start from a page anchor.
 */
export async function listRows<T extends Table>(
  db: Db,
  input: {
    table: T
    kind: ResourceKind
    schema: ResourceSchema
    dialect: Dialect
    directoryId: string
    query: ListQuery
    anchors: PageAnchors
  },
): Promise<{ total: number; rows: Database[T][] }> {
  const { filter, sortBy, offset, limit } = input.query
  const nameKey = input.kind === 'user' && filter ? userNameEqualsKey(filter) : undefined
  // At most one user matches, so a first page with room for two holds all: its length is the total.
  if (nameKey !== undefined && offset === 0 && limit > 1 && sortBy === undefined) {
    const lookup = userByNameKey[input.dialect]
    const rows = (await lookup.execute(db, input.directoryId, nameKey)).rows
    return { total: rows.length, rows: rows as unknown as Database[T][] }
  }
  const json = jsonSqlFor(input.dialect)
  const layout =
    input.kind === 'user' ? directoryUserLayout(input.directoryId) : DIRECTORY_LAYOUTS.group
  const context = { layout, schema: input.schema, json }
  const where = filter ? filterToSql(filter, context) : sql<boolean>`1 = 1`
  // biome-ignore lint/suspicious/noExplicitAny: the two tables share the columns used here
  const base = (db.selectFrom(`${input.table} as r` as any) as SelectQueryBuilder<any, any, object>)
    .where(sql.ref('r.directory_id'), '=', input.directoryId)
    .where(where)
  const { roster } = input.query
  // A listed user brings its direct groups when the page shows them (direct-groups-store.ts).
  const withGroups = input.query.withRelated === true
  const select = (q: typeof base) => {
    if (input.kind !== 'user') return q.selectAll('r')
    const columns = q.select(USER_LIST_COLUMNS.map((c) => `r.${c}`))
    return withGroups
      ? columns.select(directGroupsColumn(input.dialect, 'r').as('direct_groups'))
      : columns
  }
  const countAll = async () =>
    Number(
      (
        (await base.select(sql<number>`count(*)`.as('total')).executeTakeFirstOrThrow()) as {
          total: number
        }
      ).total,
    )
  if (roster) {
    const total = roster.total
    if (limit === 0 || total <= offset) return { total, rows: [] }
    const anchor = input.anchors.nearest(db, input.directoryId, roster.version, offset)
    const from = anchor ? base.where(sql.ref('r.id'), '>=', anchor.id) : base
    const rows = await select(from)
      .orderBy(sql.ref('r.id'))
      .limit(limit)
      .offset(offset - (anchor?.position ?? 0))
      .execute()
    return { total, rows: rows as Database[T][] }
  }
  if (limit === 0) return { total: await countAll(), rows: [] }
  const sortExpr = sortBy ? sortExpression(sortBy, context) : undefined
  const direction = input.query.sortOrder === 'descending' ? sql`desc` : sql`asc`
  let page = select(base)
  if (sortExpr) {
    // Unassigned values sort last in either direction.
    page = page
      .orderBy(sql`case when ${sortExpr} is null then 1 else 0 end`)
      .orderBy(sql`${sortExpr} ${direction}`)
  }
  const rows = (await page
    .orderBy(sql.ref('r.id'))
    .limit(limit)
    .offset(offset)
    .execute()) as Database[T][]
  // A first page that is not full holds every match: the count is its length. Selective filters
  // (`userName eq "…"`, the IdPs' lookup before every create) then cost one query, not two.
  const total = offset === 0 && rows.length < limit ? rows.length : await countAll()
  return { total, rows }
}
