import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { ARITY, type Expression, FUNCTION_NAMES, type FunctionName } from './ast.js'
import { parseExpression } from './parse-expression.js'
import { printExpression } from './print-expression.js'

const PATHS = [
  'userName',
  'displayName',
  'name.givenName',
  'name.familyName',
  'emails.value',
  'emails[type eq "work"].value',
  'emails[primary eq true].value',
  'title',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
]

/** Any valid expression tree: literals, known paths, and calls with the right arity. */
const expression: fc.Arbitrary<Expression> = fc.letrec<{ e: Expression }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string().map((value): Expression => ({ kind: 'string', value })),
    fc
      .integer({ min: 0, max: 999_999_999 })
      .map((value): Expression => ({ kind: 'number', value })),
    fc.constantFrom(...PATHS).map((text): Expression => {
      const parsed = parseExpression(text)
      if (!parsed.ok) throw new Error(`fixture path ${text} does not parse`)
      return parsed.value
    }),
    fc
      .tuple(
        fc.constantFrom(...FUNCTION_NAMES),
        fc.array(tie('e'), { maxLength: 5 }),
        fc.integer({ min: 0, max: 40 }),
      )
      .map(([name, args, count]) => callOf(name, args, count)),
  ),
})).e

/** Pads or trims arguments to the function's arity (Switch pairs, Left's count). */
function callOf(name: FunctionName, given: readonly Expression[], count: number): Expression {
  const { min, max } = ARITY[name]
  const filler: Expression = { kind: 'string', value: 'x' }
  let args = given.slice(0, Math.min(max, 5))
  while (args.length < min) args = [...args, filler]
  if (name === 'Switch' && args.length % 2 !== 0) args = [...args, filler]
  if (name === 'Left') args = [args[0] ?? filler, { kind: 'number', value: count }]
  return { kind: 'call', name, args }
}

describe('mapping expressions: parse and print', () => {
  it('prints every expression to text that parses back to the same expression', () => {
    fc.assert(
      fc.property(expression, (e) => {
        const text = printExpression(e)
        const parsed = parseExpression(text)
        assert.ok(parsed.ok, `${text}: ${parsed.ok ? '' : parsed.error.message}`)
        assert.deepEqual(parsed.value, e)
      }),
      { numRuns: 400 },
    )
  })

  it('parses whitespace and any capitalisation of function names to the canonical form', () => {
    fc.assert(
      fc.property(expression, fc.constantFrom(' ', '\t', '\n  '), (e, space) => {
        const text = printExpression(e)
          .replaceAll('(', `${space}(${space}`)
          .replaceAll(', ', `${space},${space}`)
          .replace(/^[A-Z][a-zA-Z]*(?=\s*\()/, (name) => name.toUpperCase())
        const parsed = parseExpression(`${space}${text}${space}`)
        // Spaces were added inside string literals too: only check it parses when none exist.
        if (!JSON.stringify(e).includes('"kind":"string"')) {
          assert.ok(parsed.ok, text)
          assert.equal(printExpression(parsed.value), printExpression(e))
        }
      }),
      { numRuns: 200 },
    )
  })

  it('never throws on arbitrary input, and every error has a position inside the text', () => {
    const alphabet = fc.constantFrom(...'()[],"\\ .:abcJoinLeftSwitch019 \temails$-_'.split(''))
    const texts = fc.oneof(
      fc.string(),
      fc.string({ unit: alphabet, maxLength: 60 }),
      expression
        .map(printExpression)
        .chain((text) => fc.integer({ min: 0, max: text.length }).map((cut) => text.slice(0, cut))),
    )
    fc.assert(
      fc.property(texts, (text) => {
        const parsed = parseExpression(text)
        if (parsed.ok) return
        assert.ok(parsed.error.message.length > 0)
        assert.ok(Number.isInteger(parsed.error.position))
        assert.ok(
          parsed.error.position >= 0 && parsed.error.position <= text.length,
          `${JSON.stringify(text)} → ${parsed.error.position}`,
        )
      }),
      { numRuns: 2000 },
    )
  })

  it('says what is wrong and where', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['Join(" ", name.givenName', 24, /expected "," or "\)"/],
      ['Frobnicate(userName)', 0, /unknown function "Frobnicate"/],
      ['ToLower(name.nickName2)', 8, /not an attribute of a person/],
      ['Left(userName, "3")', 0, /count is a number/],
      ['Switch(userName, "a", "b")', 0, /every key needs a result/],
      ['ToLower(userName, title)', 0, /wrong number of arguments/],
      ['"open', 0, /not closed/],
      ['"a\\n"', 3, /escapes/],
      ['userName title', 9, /end of the expression/],
      ['emails[type eq "work".value', 6, /"\[" is not closed/],
      ['', 0, /expected a value/],
      ['  )', 2, /unexpected "\)"/],
      ['1234567890', 0, /too large/],
    ]
    for (const [text, position, message] of cases) {
      const parsed = parseExpression(text)
      assert.equal(parsed.ok, false, text)
      if (parsed.ok) continue
      assert.match(parsed.error.message, message, text)
      assert.equal(parsed.error.position, position, `${text}: ${parsed.error.message}`)
    }
    const deep = `${'ToLower('.repeat(40)}userName${')'.repeat(40)}`
    const nested = parseExpression(deep)
    assert.equal(nested.ok, false)
    assert.match(nested.ok ? '' : nested.error.message, /nested deeper/)
    assert.match(
      (() => {
        const long = parseExpression(`"${'x'.repeat(3000)}"`)
        return long.ok ? '' : long.error.message
      })(),
      /longer than/,
    )
  })
})
