export { type FilterSqlContext, filterToSql } from './filter-sql.js'
export { type JsonElement, type JsonSql, jsonSqlFor } from './json-sql.js'
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
