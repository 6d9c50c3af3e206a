import type { Expression } from './ast.js'

/** Canonical text of an expression, which parses back to an equal one (logs, evidence, tests). */
export function printExpression(expression: Expression): string {
  switch (expression.kind) {
    case 'string':
      return `"${expression.value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
    case 'number':
      return String(expression.value)
    case 'path':
      return expression.text
    case 'call':
      return `${expression.name}(${expression.args.map(printExpression).join(', ')})`
  }
}
