import { type RawBuilder, sql } from 'kysely'
import type { CompareOperator, CompareValue } from '../scim/filter/ast.js'
import type { AttributeType } from '../scim/schemas/index.js'
import { scimErrors } from '../scim/scim-errors.js'
import type { JsonSql } from './json-sql.js'

/**
 * Something a filter can compare: a column or JSON expression plus the attribute characteristics
 * that decide how (RFC 7644 §3.4.2.2: caseExact, type).
 */
export type Operand = {
  readonly expr: RawBuilder<unknown>
  readonly type: AttributeType
  readonly caseExact: boolean
  /** The column already holds a lower-cased copy (user_name_key, value_key): compare as is. */
  readonly lowered?: boolean
  /** A 0/1 integer column (our boolean convention) rather than a JSON boolean. */
  readonly flag?: boolean
  /** A JSON scalar that needs the dialect's cast to compare as boolean or number. */
  readonly json?: boolean
}

export const FALSE = sql<boolean>`1 = 0`
export const TRUE = sql<boolean>`1 = 1`

/**
 * `operand op value` as SQL that is never NULL (so NOT and OR behave as in memory): a missing
 * attribute is "not equal" to anything and matches no other operator.
 */
export function comparePredicate(
  operand: Operand,
  op: CompareOperator,
  value: CompareValue,
  json: JsonSql,
): RawBuilder<unknown> {
  if (value === null)
    return op === 'eq'
      ? sql`not (${presentPredicate(operand)})`
      : op === 'ne'
        ? presentPredicate(operand)
        : FALSE
  if (typeof value === 'string' && value.includes(NUL)) {
    const rewritten = withoutNul(op, value)
    if (!rewritten) return op === 'ne' ? TRUE : FALSE
    return comparePredicate(operand, rewritten.op, rewritten.value, json)
  }
  const prepared = prepare(operand, value, json)
  if (!prepared) return op === 'ne' ? TRUE : FALSE
  const { expr, bound } = prepared
  const matched = matchExpression(expr, op, bound, operand, json)
  if (op === 'ne') return sql`(${expr} is null or not (${matched}))`
  return sql`(${expr} is not null and ${matched})`
}

const NUL = '\u0000'

/**
 * PostgreSQL text cannot hold U+0000 (binding one is an error) and no stored value contains it
 * (normalize.ts refuses it), so a value with a NUL equals and contains nothing stored. Ordering
 * still means something: with `p` the part before the NUL, `s > "p\0…"` holds exactly when
 * `s > p`, and `s < "p\0…"` when `s <= p`.
 */
function withoutNul(
  op: CompareOperator,
  value: string,
): { op: CompareOperator; value: string } | undefined {
  const prefix = value.slice(0, value.indexOf(NUL))
  if (op === 'gt' || op === 'ge') return { op: 'gt', value: prefix }
  if (op === 'lt' || op === 'le') return { op: 'le', value: prefix }
  return undefined
}

export function presentPredicate(operand: Operand): RawBuilder<unknown> {
  if (operand.type === 'string' || operand.type === 'reference') {
    return sql`(${operand.expr} is not null and ${operand.expr} <> '')`
  }
  return sql`(${operand.expr} is not null)`
}

function matchExpression(
  expr: RawBuilder<unknown>,
  op: CompareOperator,
  bound: string | number | boolean,
  operand: Operand,
  json: JsonSql,
): RawBuilder<unknown> {
  switch (op) {
    case 'eq':
    case 'ne':
      return sql`${expr} = ${bound}`
    case 'gt':
      return sql`${ordered(expr, bound, json)} > ${bound}`
    case 'ge':
      return sql`${ordered(expr, bound, json)} >= ${bound}`
    case 'lt':
      return sql`${ordered(expr, bound, json)} < ${bound}`
    case 'le':
      return sql`${ordered(expr, bound, json)} <= ${bound}`
    default:
      return substringMatch(expr, op, bound, operand, json)
  }
}

/** Text orders by code point on both dialects (PostgreSQL would otherwise use the locale). */
function ordered(expr: RawBuilder<unknown>, bound: unknown, json: JsonSql): RawBuilder<unknown> {
  return typeof bound === 'string' ? json.byCodePoint(expr) : expr
}

function substringMatch(
  expr: RawBuilder<unknown>,
  op: 'co' | 'sw' | 'ew',
  bound: string | number | boolean,
  operand: Operand,
  json: JsonSql,
): RawBuilder<unknown> {
  if (typeof bound !== 'string' || !isStringLike(operand.type)) return FALSE
  // Every string contains, starts and ends with "" (and SQLite's substr(x, -0) is all of x).
  if (bound === '') return TRUE
  if (op === 'co') return json.contains(expr, bound)
  return op === 'sw' ? json.startsWith(expr, bound) : json.endsWith(expr, bound)
}

/** The SQL expression and bound value to compare, or undefined when the value cannot match. */
function prepare(
  operand: Operand,
  value: string | number | boolean,
  json: JsonSql,
): { expr: RawBuilder<unknown>; bound: string | number | boolean } | undefined {
  switch (operand.type) {
    case 'boolean':
      if (typeof value !== 'boolean') return undefined
      if (operand.flag) return { expr: operand.expr, bound: value ? 1 : 0 }
      return { expr: json.asBoolean(operand.expr), bound: json.bool(value) as boolean | number }
    case 'integer':
    case 'decimal':
      if (typeof value !== 'number') return undefined
      return { expr: operand.json ? json.asNumber(operand.expr) : operand.expr, bound: value }
    case 'dateTime':
      return { expr: operand.expr, bound: toInstant(value) }
    default: {
      // A number compares as its text (`employeeNumber eq 701984`); a boolean never equals text.
      if (typeof value === 'boolean') return undefined
      const text = String(value)
      if (operand.caseExact) return { expr: operand.expr, bound: text }
      return {
        expr: operand.lowered ? operand.expr : sql`lower(${operand.expr})`,
        bound: text.toLowerCase(),
      }
    }
  }
}

/** dateTime values are stored as ISO-8601 UTC with milliseconds, which compare correctly as text. */
function toInstant(value: string | number | boolean): string {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN
  if (Number.isNaN(time))
    throw scimErrors.invalidFilter(`'${String(value)}' is not a valid dateTime.`)
  return new Date(time).toISOString()
}

function isStringLike(type: AttributeType): boolean {
  return type === 'string' || type === 'reference' || type === 'binary'
}
