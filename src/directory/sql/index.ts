export { type FilterSqlContext, filterToSql } from './filter-sql.js'
export { type JsonSql, jsonSqlFor } from './json-sql.js'
export type { ResourceKind } from './resource-columns.js'
export { sortExpression } from './sort-sql.js'
