import { type RawBuilder, sql } from 'kysely'
import type { AttrPath, Filter } from '../../scim/filter/ast.js'
import { type ResourceSchema, resolveAttribute } from '../../scim/schemas/index.js'
import type { JsonSql } from './json-sql.js'
import { comparePredicate, FALSE, type Operand, presentPredicate } from './operand.js'
import {
  columnOperand,
  type ElementSource,
  jsonElements,
  type TableLayout,
} from './resource-columns.js'

export type FilterSqlContext = {
  /** The table's columns and side tables (DIRECTORY_LAYOUTS.user, the people layout, ...). */
  readonly layout: TableLayout
  readonly schema: ResourceSchema
  readonly json: JsonSql
}

/** Where a filter path points: one scalar, or the elements of a multi-valued attribute. */
type Target =
  | { kind: 'scalar'; operand: Operand }
  | { kind: 'elements'; source: ElementSource; sub: string }
  | { kind: 'none' }

/**
 * Translates a parsed SCIM filter (RFC 7644 §3.4.2.2) into a parameterised SQL predicate over the
 * main table aliased `r`. Indexed columns are used where the attribute has one. Unknown attributes
 * match nothing. Values are always bound parameters.
 */
export function filterToSql(filter: Filter, context: FilterSqlContext): RawBuilder<boolean> {
  return compile(filter, context) as RawBuilder<boolean>
}

function compile(filter: Filter, context: FilterSqlContext): RawBuilder<unknown> {
  switch (filter.kind) {
    case 'and':
      return sql`(${compile(filter.left, context)} and ${compile(filter.right, context)})`
    case 'or':
      return sql`(${compile(filter.left, context)} or ${compile(filter.right, context)})`
    case 'not':
      return sql`not (${compile(filter.filter, context)})`
    case 'valuePath': {
      const target = locate(filter.path, context)
      if (target.kind !== 'elements') return FALSE
      return target.source.exists((field) => compileElement(filter.filter, field, context))
    }
    default:
      return compileLeaf(filter, locate(filter.path, context), context)
  }
}

type Leaf = Extract<Filter, { kind: 'compare' | 'present' }>

function compileLeaf(leaf: Leaf, target: Target, context: FilterSqlContext): RawBuilder<unknown> {
  if (target.kind === 'none')
    return leaf.kind === 'compare' && leaf.op === 'ne' ? sql`1 = 1` : FALSE
  if (target.kind === 'scalar') return leafOn(leaf, target.operand, context)
  const any = target.source.exists((field) => {
    const operand = field(target.sub)
    return operand ? leafOn(leaf, operand, context) : FALSE
  })
  // RFC 7644 §3.4.2.2: a multi-valued attribute matches when any of its values matches. Only
  // elements that have the sub-attribute contribute a value; with no values at all the attribute
  // is unassigned, which `ne` (and `eq null`) match — as in memory (scim/filter/compare.ts).
  if (leaf.kind === 'compare' && (leaf.op === 'ne' || leaf.value === null)) {
    const hasValues = target.source.exists((field) => {
      const operand = field(target.sub)
      return operand ? sql`${operand.expr} is not null` : FALSE
    })
    if (leaf.value === null)
      return leaf.op === 'eq' ? sql`not (${hasValues})` : leaf.op === 'ne' ? hasValues : FALSE
    const anyDifferent = target.source.exists((field) => {
      const operand = field(target.sub)
      if (!operand) return FALSE
      return sql`(${operand.expr} is not null and not (${comparePredicate(operand, 'eq', leaf.value, context.json)}))`
    })
    return sql`(not (${hasValues}) or ${anyDifferent})`
  }
  return any
}

function leafOn(leaf: Leaf, operand: Operand, context: FilterSqlContext): RawBuilder<unknown> {
  return leaf.kind === 'present'
    ? presentPredicate(operand)
    : comparePredicate(operand, leaf.op, leaf.value, context.json)
}

/** The inner filter of a value path: its paths name sub-attributes of one element. */
function compileElement(
  filter: Filter,
  field: (sub: string) => Operand | undefined,
  context: FilterSqlContext,
): RawBuilder<unknown> {
  switch (filter.kind) {
    case 'and':
      return sql`(${compileElement(filter.left, field, context)} and ${compileElement(filter.right, field, context)})`
    case 'or':
      return sql`(${compileElement(filter.left, field, context)} or ${compileElement(filter.right, field, context)})`
    case 'not':
      return sql`not (${compileElement(filter.filter, field, context)})`
    case 'valuePath':
      return FALSE // RFC 7644 §3.4.2.2 does not nest value paths; the parser rejects them.
    default: {
      const operand = field((filter.path.subAttr ?? filter.path.name).toLowerCase())
      if (!operand) return filter.kind === 'compare' && filter.op === 'ne' ? sql`1 = 1` : FALSE
      return leafOn(filter, operand, context)
    }
  }
}

function locate(path: AttrPath, context: FilterSqlContext): Target {
  const resolved = resolveAttribute(context.schema, path)
  if (!resolved) return { kind: 'none' }
  const { definition, subDefinition, isExtension, schemaUri } = resolved
  const name = definition.name.toLowerCase()
  if (definition.multiValued) {
    const sub = (subDefinition?.name ?? 'value').toLowerCase()
    const source =
      (!isExtension && context.layout.sideTable(name)) ||
      jsonElements(
        context.json,
        isExtension ? [schemaUri, definition.name] : [definition.name],
        definition,
      )
    return { kind: 'elements', source, sub }
  }
  const key = subDefinition ? `${name}.${subDefinition.name.toLowerCase()}` : name
  const column = isExtension
    ? undefined
    : columnOperand(context.layout, key, subDefinition ?? definition)
  if (column) return { kind: 'scalar', operand: column }
  if (name === 'meta') return { kind: 'none' } // resourceType/location/version are not stored per row
  const leafDefinition = subDefinition ?? definition
  if (leafDefinition.type === 'complex') return { kind: 'none' }
  const segments = [
    ...(isExtension ? [schemaUri] : []),
    definition.name,
    ...(subDefinition ? [subDefinition.name] : []),
  ]
  return {
    kind: 'scalar',
    operand: {
      expr: context.json.text(sql.ref('r.resource'), segments),
      type: leafDefinition.type,
      caseExact: leafDefinition.caseExact,
      json: true,
    },
  }
}
