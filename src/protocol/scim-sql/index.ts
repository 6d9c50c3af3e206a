/**
 * SCIM filters and sorting as parameterised SQL (RFC 7644 §3.4.2.2, §3.4.2.3): the filter AST of
 * protocol/scim compiled against a TableLayout (indexed columns, JSON1 on SQLite, jsonb on
 * PostgreSQL). Builds SQL fragments only; it runs nothing, so the directory, people, assignment
 * rules and reconcile share it.
 */
export { type FilterSqlContext, filterToSql } from './filter-sql.js'
export { type JsonElement, type JsonSql, jsonSqlFor, type SqlDialect } from './json-sql.js'
export { userNameEqualsKey } from './point-lookup.js'
export {
  COMMON_RESOURCE_COLUMNS,
  type ColumnSpec,
  DIRECTORY_LAYOUTS,
  type ElementSource,
  emailsSideTable,
  primaryEmailOf,
  type ResourceKind,
  type TableLayout,
} from './resource-columns.js'
export { sortExpression } from './sort-sql.js'
