import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely'
import type { Database } from '../../platform/store/index.js'
import type { SourceWindow } from './trace-merge.js'

/**
 * The window of one trace source as SQL conditions on its timestamp column (ISO-8601 text on
 * both dialects, so text order is time order).
 */
export function inWindow(column: string, window: SourceWindow): Expression<SqlBool>[] {
  const ref = sql.ref(column)
  return [
    sql<SqlBool>`${ref} is not null`,
    ...(window.from === undefined ? [] : [sql<SqlBool>`${ref} >= ${window.from}`]),
    ...(window.to === undefined
      ? []
      : window.toInclusive
        ? [sql<SqlBool>`${ref} <= ${window.to}`]
        : [sql<SqlBool>`${ref} < ${window.to}`]),
  ]
}

/** `where` callback: every condition of the window on `column`. */
export function windowWhere(column: string, window: SourceWindow) {
  // biome-ignore lint/suspicious/noExplicitAny: any table of the query; conditions are raw SQL.
  return (eb: ExpressionBuilder<Database, any>) => eb.and(inWindow(column, window))
}
