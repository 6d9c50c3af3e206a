import type { AttributeDefinition, AttributeType } from '../schemas/index.js'
import type { CompareOperator, CompareValue } from './ast.js'
import { compareInstants, parseDateTime } from './date-time.js'

/** Attribute types whose values are JSON strings compared as text. */
const TEXT_TYPES: ReadonlySet<AttributeType> = new Set(['string', 'reference', 'binary'])

/**
 * Whether `op` means anything for an attribute of `type`. RFC 7644 §3.4.2.2 Table 3: ordering
 * on "Boolean and Binary attributes SHALL cause a failed response … invalidFilter"; §3.12 Table 9
 * makes any "attribute and filter comparison combination [that] is not supported" invalidFilter,
 * which covers `co`/`sw`/`ew` outside text and any comparison of a complex attribute.
 */
export function supportsOperator(type: AttributeType, op: CompareOperator): boolean {
  if (type === 'complex') return false
  if (op === 'eq' || op === 'ne') return true
  if (op === 'co' || op === 'sw' || op === 'ew') return TEXT_TYPES.has(type)
  return type !== 'boolean' && type !== 'binary'
}

/**
 * Applies a comparison to the values an attribute path yielded (several for a multi-valued
 * attribute). RFC 7644 §3.4.2.2: a multi-valued attribute matches if ANY value matches. RFC 7643
 * §2.5 treats unassigned, null and `[]` alike, so no values is "null": it matches `eq null` and
 * `ne` anything, and nothing else.
 */
export function matchesValues(
  op: CompareOperator,
  expected: CompareValue,
  attribute: AttributeDefinition,
  values: readonly unknown[],
): boolean {
  if (expected === null) return op === 'eq' ? values.length === 0 : op === 'ne' && values.length > 0
  if (values.length === 0) return op === 'ne'
  return values.some((actual) => compareValue(op, actual, expected, attribute))
}

/** One attribute value against the filter's value, by the attribute's type. */
export function compareValue(
  op: CompareOperator,
  actual: unknown,
  expected: Exclude<CompareValue, null>,
  attribute: AttributeDefinition,
): boolean {
  // `ne` is "not identical" (Table 3): a value that cannot equal the filter's value is not equal.
  if (op === 'ne') return !compareValue('eq', actual, expected, attribute)
  if (!supportsOperator(attribute.type, op)) return false
  if (TEXT_TYPES.has(attribute.type)) return compareText(op, actual, expected, attribute.caseExact)
  const order = orderOf(actual, expected, attribute.type)
  return order !== undefined && applyOrder(op, order)
}

/** Sign of `actual` against `expected`, or undefined when they cannot be compared. */
function orderOf(actual: unknown, expected: unknown, type: AttributeType): number | undefined {
  if (type === 'integer' || type === 'decimal') {
    return typeof actual === 'number' && typeof expected === 'number'
      ? sign(actual, expected)
      : undefined
  }
  if (type === 'boolean') {
    return typeof actual === 'boolean' && typeof expected === 'boolean'
      ? sign(Number(actual), Number(expected))
      : undefined
  }
  if (type === 'dateTime' && typeof actual === 'string' && typeof expected === 'string') {
    // Chronological, not textual: offsets and fraction lengths differ between writers.
    const left = parseDateTime(actual)
    const right = parseDateTime(expected)
    return left && right ? compareInstants(left, right) : undefined
  }
  return undefined
}

/**
 * RFC 7644 §3.4.2.2: string comparison honours `caseExact`; `gt`… are lexicographic (by UTF-16
 * code unit, the same order everywhere). A number in a text comparison is read as its text:
 * unquoted values from Entra (`employeeNumber eq 12345`) lex as numbers.
 */
function compareText(
  op: CompareOperator,
  actual: unknown,
  expected: string | number | boolean,
  caseExact: boolean,
): boolean {
  if (typeof actual !== 'string' || typeof expected === 'boolean') return false
  const fold = (text: string) => (caseExact ? text : text.toLowerCase())
  const left = fold(actual)
  const right = fold(String(expected))
  if (op === 'co') return left.includes(right)
  if (op === 'sw') return left.startsWith(right)
  if (op === 'ew') return left.endsWith(right)
  return applyOrder(op, left === right ? 0 : left < right ? -1 : 1)
}

function applyOrder(op: CompareOperator, order: number): boolean {
  switch (op) {
    case 'eq':
      return order === 0
    case 'gt':
      return order > 0
    case 'ge':
      return order >= 0
    case 'lt':
      return order < 0
    case 'le':
      return order <= 0
    default:
      return false
  }
}

function sign(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1
}
