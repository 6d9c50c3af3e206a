import type { AttrPath, CompareValue, Filter, PatchPath } from './ast.js'

/**
 * Canonical text for the AST: lower-case operators, JSON-quoted strings, and parentheses only
 * where the tree differs from what precedence and left-associativity would rebuild, so
 * `parseFilter(printFilter(f))` deep-equals `f`.
 */
export function printFilter(filter: Filter): string {
  switch (filter.kind) {
    case 'compare':
      return `${printAttrPath(filter.path)} ${filter.op} ${printValue(filter.value)}`
    case 'present':
      return `${printAttrPath(filter.path)} pr`
    case 'not':
      return `not (${printFilter(filter.filter)})`
    case 'valuePath':
      return `${printAttrPath(filter.path)}[${printFilter(filter.filter)}]`
    case 'and':
    case 'or':
      return `${printOperand(filter.left, filter.kind, 'left')} ${filter.kind} ${printOperand(filter.right, filter.kind, 'right')}`
  }
}

/** `[URI ":"] ATTRNAME ["." subAttr]`. */
export function printAttrPath(path: AttrPath): string {
  const prefix = path.uri !== undefined ? `${path.uri}:` : ''
  const suffix = path.subAttr !== undefined ? `.${path.subAttr}` : ''
  return `${prefix}${path.name}${suffix}`
}

/** `attrPath / valuePath [subAttr]` (RFC 7644 §3.5.2). */
export function printPatchPath(path: PatchPath): string {
  const attrPath = printAttrPath(path.attrPath)
  if (path.valueFilter === undefined) return attrPath
  const subAttr = path.subAttr !== undefined ? `.${path.subAttr}` : ''
  return `${attrPath}[${printFilter(path.valueFilter)}]${subAttr}`
}

/**
 * An operand of `and`/`or` needs parentheses when it binds looser than its parent (`or` under
 * `and`), or when it is the same operator on the right: the parser groups `a and b and c` as
 * `(a and b) and c`, so a right-nested tree must say so.
 */
function printOperand(operand: Filter, parent: 'and' | 'or', side: 'left' | 'right'): string {
  const text = printFilter(operand)
  const looser = parent === 'and' && operand.kind === 'or'
  const rightNested = side === 'right' && operand.kind === parent
  return looser || rightNested ? `(${text})` : text
}

function printValue(value: CompareValue): string {
  // `String(-0)` is "0"; keep the sign so the value survives a round trip.
  if (typeof value === 'number' && Object.is(value, -0)) return '-0'
  return JSON.stringify(value)
}
