import { parsePatchPath } from '../../../protocol/scim/filter/index.js'
import { resolveAttribute, userResourceSchema } from '../../../protocol/scim/schemas/index.js'
import { err, ok, type Result } from '../../../shared/result.js'
import { ARITY, type Expression, FUNCTION_NAMES, type FunctionName } from './ast.js'

/** A syntax problem: what is wrong, and where (0-based). */
export type ExpressionError = { readonly position: number; readonly message: string }

type Parsed<T> = Result<T, ExpressionError>

/** Longer expressions are refused before parsing; nesting is bounded too (recursion). */
export const MAX_EXPRESSION_LENGTH = 2000
const MAX_DEPTH = 32

const NAME_START = /[A-Za-z$]/
const PATH_CHAR = /[A-Za-z0-9_$.:-]/

/**
 * Parses a mapping expression, e.g. `Join(" ", name.givenName, ToLower(name.familyName))`. Paths
 * must name attributes of a SCIM User (a typo fails when the app is connected, not at the first
 * reconcile); function names are case-insensitive; `Left`'s count is a number.
 */
export function parseExpression(text: string): Parsed<Expression> {
  if (text.length > MAX_EXPRESSION_LENGTH)
    return err({ position: 0, message: `longer than ${MAX_EXPRESSION_LENGTH} characters` })
  const reader = new Reader(text)
  const expression = readExpression(reader, 0)
  if (!expression.ok) return expression
  reader.skipSpace()
  if (!reader.atEnd()) return err(reader.problem('expected the end of the expression'))
  return expression
}

class Reader {
  position = 0
  constructor(readonly text: string) {}
  peek(): string {
    return this.text[this.position] ?? ''
  }
  atEnd(): boolean {
    return this.position >= this.text.length
  }
  skipSpace(): void {
    while (/\s/.test(this.peek()) && !this.atEnd()) this.position++
  }
  problem(message: string, position = this.position): ExpressionError {
    return { position, message }
  }
}

function readExpression(reader: Reader, depth: number): Parsed<Expression> {
  if (depth > MAX_DEPTH) return err(reader.problem(`nested deeper than ${MAX_DEPTH} levels`))
  reader.skipSpace()
  const char = reader.peek()
  if (char === '"') return readString(reader)
  if (/[0-9]/.test(char)) return readNumber(reader)
  if (!NAME_START.test(char)) {
    return err(reader.problem(char ? `unexpected "${char}"` : 'expected a value'))
  }
  const start = reader.position
  const word = readWord(reader)
  if (!word.ok) return word
  reader.skipSpace()
  if (reader.peek() === '(') return readCall(reader, word.value, start, depth)
  return readPath(word.value, start)
}

function readString(reader: Reader): Parsed<Expression> {
  const start = reader.position
  reader.position++
  let value = ''
  while (!reader.atEnd()) {
    const char = reader.peek()
    reader.position++
    if (char === '"') return ok({ kind: 'string', value })
    if (char === '\\') {
      const escaped = reader.peek()
      if (escaped !== '"' && escaped !== '\\')
        return err(reader.problem('only \\" and \\\\ are escapes'))
      value += escaped
      reader.position++
    } else value += char
  }
  return err(reader.problem('the string is not closed', start))
}

function readNumber(reader: Reader): Parsed<Expression> {
  const start = reader.position
  while (/[0-9]/.test(reader.peek())) reader.position++
  const text = reader.text.slice(start, reader.position)
  if (text.length > 9) return err(reader.problem('the number is too large', start))
  return ok({ kind: 'number', value: Number(text) })
}

/** A name or path word; brackets (a value filter) are read whole, quoted strings inside them too. */
function readWord(reader: Reader): Parsed<string> {
  const start = reader.position
  while (!reader.atEnd()) {
    const char = reader.peek()
    if (char === '[') {
      const closed = skipBrackets(reader)
      if (!closed.ok) return closed
    } else if (PATH_CHAR.test(char)) reader.position++
    else break
  }
  return ok(reader.text.slice(start, reader.position))
}

function skipBrackets(reader: Reader): Parsed<void> {
  const start = reader.position
  let inString = false
  while (!reader.atEnd()) {
    const char = reader.peek()
    reader.position++
    if (inString && char === '\\') reader.position++
    else if (char === '"') inString = !inString
    else if (!inString && char === ']') return ok(undefined)
  }
  return err(reader.problem('"[" is not closed', start))
}

function readPath(text: string, start: number): Parsed<Expression> {
  const parsed = parsePatchPath(text)
  if (!parsed.ok) return err({ position: start, message: `"${text}" is not an attribute path` })
  const { attrPath, subAttr } = parsed.value
  const base = resolveAttribute(userResourceSchema, attrPath)
  const sub = subAttr === undefined ? undefined : { ...attrPath, subAttr }
  if (!base || (sub && !resolveAttribute(userResourceSchema, sub))) {
    return err({ position: start, message: `"${text}" is not an attribute of a person` })
  }
  return ok({ kind: 'path', text, path: parsed.value })
}

function readCall(reader: Reader, word: string, start: number, depth: number): Parsed<Expression> {
  const name = FUNCTION_NAMES.find((f) => f.toLowerCase() === word.toLowerCase())
  if (!name) {
    return err({
      position: start,
      message: `unknown function "${word}"; the functions are ${FUNCTION_NAMES.join(', ')}`,
    })
  }
  reader.position++ // (
  const args = readArguments(reader, depth)
  if (!args.ok) return args
  const checked = checkArguments(name, args.value, start)
  return checked.ok ? ok({ kind: 'call', name, args: args.value }) : checked
}

function readArguments(reader: Reader, depth: number): Parsed<Expression[]> {
  const args: Expression[] = []
  reader.skipSpace()
  if (reader.peek() === ')') {
    reader.position++
    return ok(args)
  }
  for (;;) {
    const arg = readExpression(reader, depth + 1)
    if (!arg.ok) return arg
    args.push(arg.value)
    reader.skipSpace()
    const separator = reader.peek()
    reader.position++
    if (separator === ')') return ok(args)
    if (separator !== ',') {
      return err(reader.problem('expected "," or ")"', reader.position - 1))
    }
  }
}

function checkArguments(
  name: FunctionName,
  args: readonly Expression[],
  start: number,
): Parsed<void> {
  const { min, max, usage } = ARITY[name]
  const fail = (message: string) => err({ position: start, message })
  if (args.length < min || args.length > max) return fail(`${usage}: wrong number of arguments`)
  if (name === 'Switch' && args.length % 2 !== 0) return fail(`${usage}: every key needs a result`)
  if (name === 'Left' && args[1]?.kind !== 'number') return fail(`${usage}: count is a number`)
  return ok(undefined)
}
