import { type RawBuilder, sql } from 'kysely'
import type { AttrPath, Filter } from '../scim/filter/ast.js'
import { type ResourceSchema, resolveAttribute } from '../scim/schemas/index.js'
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
      return connect('and', guardSubqueries(operandsOf(filter), context), (operand) =>
        compile(operand, context),
      )
    case 'or':
      return connect('or', operandsOf(filter), (operand) => compile(operand, context))
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

type Logical = Extract<Filter, { kind: 'and' | 'or' }>

/**
 * The operands of a chain of one operator, in order: `a or b or c` parses as `(a or b) or c`, and
 * is read here without recursion, however long the chain.
 */
function operandsOf(filter: Logical): Filter[] {
  const operands: Filter[] = []
  const stack: Filter[] = [filter]
  while (stack.length > 0) {
    const next = stack.pop() as Filter
    if (next.kind === filter.kind) stack.push(next.right, next.left)
    else operands.push(next)
  }
  return operands
}

/**
 * Joins operands with `and`/`or` as a balanced tree. A chain as parsed is as deep as it is long,
 * and so is SQL's own parse of `a or b or …`: SQLite refuses expressions deeper than 1000
 * (SQLITE_MAX_EXPR_DEPTH) and PostgreSQL runs out of stack. Balanced, 500 terms nest 9 deep.
 */
function connect(
  kind: Logical['kind'],
  operands: readonly Guarded[],
  compileOne: (operand: Filter) => RawBuilder<unknown>,
): RawBuilder<unknown> {
  if (operands.length === 1) {
    const only = operands[0] as Guarded
    return only.kind === 'guarded' ? sql`(${compileOne(only.filter)}) is true` : compileOne(only)
  }
  const middle = Math.ceil(operands.length / 2)
  const left = connect(kind, operands.slice(0, middle), compileOne)
  const right = connect(kind, operands.slice(middle), compileOne)
  return kind === 'and' ? sql`(${left} and ${right})` : sql`(${left} or ${right})`
}

/**
 * PostgreSQL turns each EXISTS standing directly in a WHERE's `and` into a semi-join and then
 * plans the joins together: 20 such terms take a quarter of a second to plan, 80 take twenty.
 * Past MAX_JOINED_SUBQUERIES, terms that hold a subquery are wrapped (`… is true`, the same
 * value, as predicates here are never NULL), which keeps each a filter run per row; terms on
 * indexed columns are left as they are so their indexes still serve.
 */
const MAX_JOINED_SUBQUERIES = 8

type Guarded = Filter | { readonly kind: 'guarded'; readonly filter: Filter }

function guardSubqueries(operands: Filter[], context: FilterSqlContext): Guarded[] {
  const withSubquery = operands.filter((operand) => hasSubquery(operand, context))
  if (withSubquery.length <= MAX_JOINED_SUBQUERIES) return operands
  return operands.map((operand) =>
    withSubquery.includes(operand) ? { kind: 'guarded', filter: operand } : operand,
  )
}

/** Whether the SQL of a filter holds an EXISTS (value paths, multi-valued attributes). */
function hasSubquery(filter: Filter, context: FilterSqlContext): boolean {
  const stack: Filter[] = [filter]
  while (stack.length > 0) {
    const next = stack.pop() as Filter
    if (next.kind === 'valuePath') return true
    if (next.kind === 'and' || next.kind === 'or') stack.push(next.left, next.right)
    else if (next.kind === 'not') stack.push(next.filter)
    else if (locate(next.path, context).kind === 'elements') return true
  }
  return false
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
    case 'or':
      return connect(filter.kind, operandsOf(filter), (operand) =>
        compileElement(operand, field, context),
      )
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
