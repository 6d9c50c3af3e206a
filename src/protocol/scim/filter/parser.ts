import { err, ok, type Result } from '../../../shared/result.js'
import { type ScimError, scimErrors } from '../scim-errors.js'
import type { AttrPath, CompareOperator, CompareValue, Filter, PatchPath } from './ast.js'
import { isAttrName, readAttrPath } from './attr-path.js'
import { describeToken, type SyntaxProblem, type Token, tokenize } from './lexer.js'

/** Longer input is refused before lexing: no IdP sends one, and it bounds all later work. */
export const MAX_FILTER_LENGTH = 10_000
/** Deepest nesting of `(`, `not (` and `[`: recursion stays bounded whatever the input. */
export const MAX_FILTER_DEPTH = 50
/**
 * Most comparisons (`attr op value`, `attr pr`) one filter may hold. IdPs send one to three; a
 * client looking up a batch of ids sends one per id. It bounds the SQL a filter becomes (bound
 * parameters, EXISTS subqueries) well inside both databases' limits.
 */
export const MAX_FILTER_TERMS = 500

type Parsed<T> = Result<T, SyntaxProblem>

const COMPARE_OPERATORS: readonly string[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']
const OPERATOR_LIST = '"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le" or "pr"'
/** RFC 7159 §6 number, matched against a whole word. */
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/

/** Reads tokens front to back; past the end it keeps answering the `end` token. */
class Cursor {
  private index = 0
  private readonly end: Token

  constructor(private readonly tokens: readonly Token[]) {
    this.end = tokens[tokens.length - 1] ?? { kind: 'end', text: '', start: 0 }
  }

  peek(offset = 0): Token {
    return this.tokens[this.index + offset] ?? this.end
  }

  next(): Token {
    const token = this.peek()
    this.index++
    return token
  }
}

/** Where the parser stands: inside `attr[…]` paths are sub-attribute names and `[` is illegal. */
type Scope = {
  readonly cursor: Cursor
  readonly inValueFilter: boolean
  /** Comparisons read so far, shared by every scope of one parse (MAX_FILTER_TERMS). */
  readonly terms: { count: number }
}

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2). Failures are invalidFilter with the 0-based
 * character position and what was expected there.
 */
export function parseFilter(text: string): Result<Filter, ScimError> {
  const parsed = parseFilterSyntax(text)
  if (parsed.ok) return ok(parsed.value)
  return err(scimErrors.invalidFilter(describeProblem('filter', parsed.error)))
}

/**
 * Parses a PATCH path (RFC 7644 §3.5.2): `PATH = attrPath / valuePath [subAttr]`. Failures are
 * invalidPath, including a malformed filter inside the brackets.
 */
export function parsePatchPath(text: string): Result<PatchPath, ScimError> {
  const parsed = parsePatchPathSyntax(text)
  if (parsed.ok) return ok(parsed.value)
  return err(scimErrors.invalidPath(describeProblem('path', parsed.error)))
}

function describeProblem(what: string, problem: SyntaxProblem): string {
  return `Invalid ${what} at position ${problem.position}: ${problem.message}`
}

function parseFilterSyntax(text: string): Parsed<Filter> {
  const tokens = tokensOf(text)
  if (!tokens.ok) return tokens
  const cursor = new Cursor(tokens.value)
  const filter = parseOr({ cursor, inValueFilter: false, terms: { count: 0 } }, 0)
  if (!filter.ok) return filter
  const rest = cursor.peek()
  if (rest.kind === 'end') return filter
  if (rest.kind === 'word' && rest.text.startsWith('.')) {
    return reject(rest, `"${rest.text}": a sub-attribute after "]" is allowed in PATCH paths only`)
  }
  return fail(rest, 'expected "and", "or" or end of input')
}

function parsePatchPathSyntax(text: string): Parsed<PatchPath> {
  const tokens = tokensOf(text)
  if (!tokens.ok) return tokens
  const cursor = new Cursor(tokens.value)
  const first = cursor.next()
  const attrPath = first.kind === 'word' ? readAttrPath(first.text) : undefined
  if (!attrPath) return fail(first, expectedAttrPath)
  if (cursor.peek().kind === 'end') return ok({ attrPath })
  if (cursor.peek().kind !== '[') return fail(cursor.peek(), 'expected "[" or end of input')
  const scope = { cursor, inValueFilter: false, terms: { count: 0 } }
  const valueFilter = parseValueFilter(scope, 0, attrPath)
  if (!valueFilter.ok) return valueFilter
  // RFC 7644 §3.5.2: `valuePath [subAttr]`, as in `emails[type eq "work"].value`.
  const after = cursor.next()
  if (after.kind === 'end') return ok({ attrPath, valueFilter: valueFilter.value })
  const subAttr = after.kind === 'word' && after.text.startsWith('.') ? after.text.slice(1) : ''
  if (!isAttrName(subAttr)) return fail(after, 'expected ".subAttribute" or end of input')
  const end = cursor.next()
  if (end.kind !== 'end') return fail(end, 'expected end of input')
  return ok({ attrPath, valueFilter: valueFilter.value, subAttr })
}

function tokensOf(text: string): Parsed<Token[]> {
  if (text.length > MAX_FILTER_LENGTH) {
    return err({
      message: `input is longer than ${MAX_FILTER_LENGTH} characters`,
      position: MAX_FILTER_LENGTH,
    })
  }
  if (text.trim() === '') return err({ message: 'input is empty', position: 0 })
  return tokenize(text)
}

// RFC 7644 §3.4.2.2: "not" binds tighter than "and", which binds tighter than "or". One function
// per level, each looping (not recursing) over its operator, so `a or b or …` is left-associative
// and long chains cost no stack.
function parseOr(scope: Scope, depth: number): Parsed<Filter> {
  let left = parseAnd(scope, depth)
  while (left.ok && isKeyword(scope.cursor.peek(), 'or')) {
    scope.cursor.next()
    const right = parseAnd(scope, depth)
    left = right.ok ? ok(logical('or', left.value, right.value)) : right
  }
  return left
}

function parseAnd(scope: Scope, depth: number): Parsed<Filter> {
  let left = parseUnary(scope, depth)
  while (left.ok && isKeyword(scope.cursor.peek(), 'and')) {
    scope.cursor.next()
    const right = parseUnary(scope, depth)
    left = right.ok ? ok(logical('and', left.value, right.value)) : right
  }
  return left
}

function parseUnary(scope: Scope, depth: number): Parsed<Filter> {
  const token = scope.cursor.peek()
  if (token.kind === '(') return parseGroup(scope, depth)
  // `not` is the operator only before "(" (the ABNF's `"not" "(" FILTER ")"`); elsewhere it is an
  // attribute name like any other.
  if (isKeyword(token, 'not') && scope.cursor.peek(1).kind === '(') {
    scope.cursor.next()
    const inner = parseGroup(scope, depth)
    return inner.ok ? ok({ kind: 'not', filter: inner.value }) : inner
  }
  if (token.kind === 'word') return parseAttrExpression(scope, depth)
  return fail(token, 'expected an attribute path, "not (" or "("')
}

/** `"(" FILTER ")"`; the grouping leaves no node of its own in the AST. */
function parseGroup(scope: Scope, depth: number): Parsed<Filter> {
  const open = scope.cursor.next()
  if (depth >= MAX_FILTER_DEPTH) return reject(open, `nesting is deeper than ${MAX_FILTER_DEPTH}`)
  const inner = parseOr(scope, depth + 1)
  if (!inner.ok) return inner
  const closed = expectClose(scope, ')', open)
  return closed.ok ? inner : closed
}

function parseAttrExpression(scope: Scope, depth: number): Parsed<Filter> {
  const word = scope.cursor.next()
  const path = readAttrPath(word.text)
  if (!path) return fail(word, expectedAttrPath)
  if (scope.inValueFilter && (path.uri !== undefined || path.subAttr !== undefined)) {
    return fail(word, 'inside a value filter, expected a sub-attribute name such as "value"')
  }
  if (scope.cursor.peek().kind === '[') {
    const filter = parseValueFilter(scope, depth, path)
    return filter.ok ? parseValuePathTail(scope, path, filter.value) : filter
  }
  return parseComparison(scope, path, word)
}

/**
 * What may follow `attr[…]`: nothing, or `.subAttr` and a comparison, as in
 * `emails[type eq "work"].value eq "x@y"` (RFC 7644 §3.4.2.2 `valuePath` with `subAttr`; Entra ID
 * matches users this way). It compares that sub-attribute of the values the filter selects, so it
 * is kept as `emails[type eq "work" and value eq "x@y"]`: evaluation and SQL need nothing new, and
 * the printed form is the plain ABNF one that every server understands.
 */
function parseValuePathTail(scope: Scope, path: AttrPath, filter: Filter): Parsed<Filter> {
  const next = scope.cursor.peek()
  if (next.kind !== 'word' || !next.text.startsWith('.')) {
    return ok({ kind: 'valuePath', path, filter })
  }
  scope.cursor.next()
  const subAttr = next.text.slice(1)
  if (!isAttrName(subAttr)) return fail(next, 'expected ".subAttribute" after "]"')
  const test = parseComparison(scope, { name: subAttr }, next)
  if (!test.ok) return test
  return ok({ kind: 'valuePath', path, filter: logical('and', filter, test.value) })
}

/** `attrPath SP compareOp SP compValue` or `attrPath SP "pr"`, once the path has been read. */
function parseComparison(scope: Scope, path: AttrPath, word: Token): Parsed<Filter> {
  scope.terms.count++
  if (scope.terms.count > MAX_FILTER_TERMS) {
    return reject(word, `the filter has more than ${MAX_FILTER_TERMS} comparisons`)
  }
  const operator = scope.cursor.next()
  const op = operator.kind === 'word' ? operator.text.toLowerCase() : ''
  if (op === 'pr') return parsePresent(scope, path)
  if (!isCompareOperator(op)) {
    return fail(operator, `expected an operator (${OPERATOR_LIST}) after "${word.text}"`)
  }
  const value = parseCompValue(scope, operator)
  return value.ok ? ok({ kind: 'compare', path, op, value: value.value }) : value
}

/** `attrPath "[" valFilter "]"`: consumes the brackets and returns the filter between them. */
function parseValueFilter(scope: Scope, depth: number, path: AttrPath): Parsed<Filter> {
  const open = scope.cursor.next()
  // The ABNF's valFilter has no valuePath alternative: `a[b[c eq 1]]` is not a filter.
  if (scope.inValueFilter) return reject(open, 'value filters cannot be nested')
  if (path.subAttr !== undefined) {
    return reject(
      open,
      `a value filter applies to an attribute, not to sub-attribute "${path.subAttr}"`,
    )
  }
  if (depth >= MAX_FILTER_DEPTH) return reject(open, `nesting is deeper than ${MAX_FILTER_DEPTH}`)
  const inner = parseOr({ ...scope, inValueFilter: true }, depth + 1)
  if (!inner.ok) return inner
  const closed = expectClose(scope, ']', open)
  return closed.ok ? inner : closed
}

function parsePresent(scope: Scope, path: AttrPath): Parsed<Filter> {
  const next = scope.cursor.peek()
  const takesValue =
    next.kind === 'string' ||
    (next.kind === 'word' && !isKeyword(next, 'and') && !isKeyword(next, 'or'))
  if (takesValue) return fail(next, '"pr" takes no value: expected "and", "or" or the end')
  return ok({ kind: 'present', path })
}

/** `compValue = false / null / true / number / string`, plus unquoted words (see below). */
function parseCompValue(scope: Scope, operator: Token): Parsed<CompareValue> {
  const token = scope.cursor.next()
  if (token.kind === 'string') return ok(token.text)
  if (token.kind !== 'word') {
    return fail(
      token,
      `expected a value (a "string", a number, true, false or null) after "${operator.text}"`,
    )
  }
  const lower = token.text.toLowerCase()
  // JSON literals are lower case; .NET clients send `True`, so they are matched ignoring case.
  if (lower === 'true') return ok(true)
  if (lower === 'false') return ok(false)
  if (lower === 'null') return ok(null)
  if (JSON_NUMBER.test(token.text)) {
    const number = Number(token.text)
    return Number.isFinite(number)
      ? ok(number)
      : reject(token, `number ${token.text} is out of range`)
  }
  // Not RFC 7644: Entra ID sends unquoted strings (`userName sw O`, `meta.created gt
  // 2015-10-10T14:38:21.8617979-07:00`). A word in value position is unambiguous, so it is a string.
  return ok(token.text)
}

function expectClose(scope: Scope, close: ')' | ']', open: Token): Parsed<true> {
  const token = scope.cursor.next()
  if (token.kind === close) return ok(true)
  const expected = `expected "and", "or" or "${close}" closing the "${open.text}" at position ${open.start}`
  return fail(token, expected)
}

const expectedAttrPath =
  'expected an attribute path such as "userName", "name.givenName" or "urn:…:User:manager.value"'

function fail(token: Token, expected: string): Parsed<never> {
  return err({ message: `${expected}, found ${describeToken(token)}`, position: token.start })
}

function reject(token: Token, message: string): Parsed<never> {
  return err({ message, position: token.start })
}

function isKeyword(token: Token, keyword: string): boolean {
  return token.kind === 'word' && token.text.toLowerCase() === keyword
}

function isCompareOperator(text: string): text is CompareOperator {
  return COMPARE_OPERATORS.includes(text)
}

function logical(kind: 'and' | 'or', left: Filter, right: Filter): Filter {
  return { kind, left, right }
}
