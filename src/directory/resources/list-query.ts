import { type SelectQueryBuilder, sql } from 'kysely'
import type { ResourceSchema } from '../../scim/schemas/index.js'
import type { Database, Db, Dialect } from '../../store/index.js'
import { filterToSql, jsonSqlFor, type ResourceKind, sortExpression } from '../sql/index.js'
import type { ListQuery } from './types.js'

type Table = 'scim_users' | 'scim_groups'

/**
 * Runs a SCIM list: COUNT(*) for totalResults and a page ordered by the sort attribute, then by id
 * (ids are UUIDv7, so the default order is creation order and stable across pages).
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
  },
): Promise<{ total: number; rows: Database[T][] }> {
  const json = jsonSqlFor(input.dialect)
  const context = { kind: input.kind, schema: input.schema, json }
  const where = input.query.filter ? filterToSql(input.query.filter, context) : sql<boolean>`1 = 1`
  // biome-ignore lint/suspicious/noExplicitAny: the two tables share the columns used here
  const base = (db.selectFrom(`${input.table} as r` as any) as SelectQueryBuilder<any, any, object>)
    .where(sql.ref('r.directory_id'), '=', input.directoryId)
    .where(where)
  const counted = await base.select(sql<number>`count(*)`.as('total')).executeTakeFirstOrThrow()
  const total = Number((counted as { total: number }).total)
  if (input.query.limit === 0 || total <= input.query.offset) return { total, rows: [] }
  const sortBy = input.query.sortBy ? sortExpression(input.query.sortBy, context) : undefined
  const direction = input.query.sortOrder === 'descending' ? sql`desc` : sql`asc`
  let page = base.selectAll('r')
  if (sortBy) {
    // Unassigned values sort last in either direction.
    page = page
      .orderBy(sql`case when ${sortBy} is null then 1 else 0 end`)
      .orderBy(sql`${sortBy} ${direction}`)
  }
  const rows = await page
    .orderBy(sql.ref('r.id'))
    .limit(input.query.limit)
    .offset(input.query.offset)
    .execute()
  return { total, rows: rows as Database[T][] }
}
