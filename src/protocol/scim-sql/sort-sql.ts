import { type RawBuilder, sql } from 'kysely'
import type { AttrPath } from '../scim/filter/ast.js'
import { type ResourceSchema, resolveAttribute } from '../scim/schemas/index.js'
import type { JsonSql } from './json-sql.js'
import { columnOperand, type TableLayout } from './resource-columns.js'

/**
 * The ORDER BY expression for `sortBy` (RFC 7644 §3.4.2.3), or undefined when the attribute
 * cannot be sorted on (unknown, complex, or multi-valued without a primary rule); the caller then
 * keeps the default order. caseExact=false strings sort case-insensitively.
 */
export function sortExpression(
  path: AttrPath,
  context: { layout: TableLayout; schema: ResourceSchema; json: JsonSql },
): RawBuilder<unknown> | undefined {
  const resolved = resolveAttribute(context.schema, path)
  if (!resolved) return undefined
  const { definition, subDefinition, isExtension, schemaUri } = resolved
  if (definition.multiValued) {
    // Multi-valued: sort by the primary value (RFC 7644 §3.4.2.3); we index it for emails.
    return isExtension ? undefined : context.layout.primaryValue?.(definition.name.toLowerCase())
  }
  const leaf = subDefinition ?? definition
  if (leaf.type === 'complex') return undefined
  const key = subDefinition
    ? `${definition.name}.${subDefinition.name}`.toLowerCase()
    : definition.name.toLowerCase()
  const column = isExtension ? undefined : columnOperand(context.layout, key, leaf)
  if (column) return column.expr
  if (definition.name === 'meta') return undefined
  const segments = [
    ...(isExtension ? [schemaUri] : []),
    definition.name,
    ...(subDefinition ? [subDefinition.name] : []),
  ]
  const expr = context.json.text(sql.ref('r.resource'), segments)
  return leaf.type === 'string' && !leaf.caseExact ? sql`lower(${expr})` : expr
}
