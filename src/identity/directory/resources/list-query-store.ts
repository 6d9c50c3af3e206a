import { type SelectQueryBuilder, sql } from 'kysely'
import type { Database, Db, Dialect } from '../../../platform/store/index.js'
import type { ResourceSchema } from '../../../protocol/scim/schemas/index.js'
import {
  DIRECTORY_LAYOUTS,
  filterToSql,
  jsonSqlFor,
  type ResourceKind,
  sortExpression,
} from '../../../protocol/scim-sql/index.js'
import type { PageAnchors } from './page-anchors.js'
import type { ListQuery } from './types.js'
import { directoryUserLayout } from './user-groups-sql.js'

type Table = 'scim_users' | 'scim_groups'

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
  const json = jsonSqlFor(input.dialect)
  const layout =
    input.kind === 'user' ? directoryUserLayout(input.directoryId) : DIRECTORY_LAYOUTS.group
  const context = { layout, schema: input.schema, json }
  const where = input.query.filter ? filterToSql(input.query.filter, context) : sql<boolean>`1 = 1`
  // biome-ignore lint/suspicious/noExplicitAny: the two tables share the columns used here
  const base = (db.selectFrom(`${input.table} as r` as any) as SelectQueryBuilder<any, any, object>)
    .where(sql.ref('r.directory_id'), '=', input.directoryId)
    .where(where)
  const { roster, offset, limit } = input.query
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
    const rows = await from
      .selectAll('r')
      .orderBy(sql.ref('r.id'))
      .limit(limit)
      .offset(offset - (anchor?.position ?? 0))
      .execute()
    return { total, rows: rows as Database[T][] }
  }
  if (limit === 0) return { total: await countAll(), rows: [] }
  const sortBy = input.query.sortBy ? sortExpression(input.query.sortBy, context) : undefined
  const direction = input.query.sortOrder === 'descending' ? sql`desc` : sql`asc`
  let page = base.selectAll('r')
  if (sortBy) {
    // Unassigned values sort last in either direction.
    page = page
      .orderBy(sql`case when ${sortBy} is null then 1 else 0 end`)
      .orderBy(sql`${sortBy} ${direction}`)
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
