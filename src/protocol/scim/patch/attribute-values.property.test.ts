import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { type Filter, matchesValueFilter } from '../filter/index.js'
import {
  type AttributeDefinition,
  attribute,
  findAttribute,
  groupResourceSchema,
  userResourceSchema,
} from '../schemas/index.js'
import { sameValue, selectorOf, valueSetOf } from './attribute-values.js'

/** The shortcuts in attribute-values.ts must agree exactly with what they shortcut. */

const emails = findAttribute(userResourceSchema.core.attributes, 'emails')
const members = findAttribute(groupResourceSchema.core.attributes, 'members')
const badges = attribute('badges', 'string', 'Simple values.', { multiValued: true })
const codes = attribute('codes', 'string', 'Case-exact values.', {
  multiValued: true,
  caseExact: true,
})
assert.ok(emails && members)
const DEFINITIONS: readonly AttributeDefinition[] = [emails, members, badges, codes]

const scalar = fc.oneof(
  fc.constantFrom('a', 'A', 'work', 'WORK', 'u1', 'U1', ''),
  fc.integer({ min: 0, max: 2 }),
  fc.boolean(),
  fc.constant(null),
)
const key = fc.constantFrom('value', 'Value', 'type', 'display', 'primary', '$ref', 'other')

/** Elements as stored, and some that are not: odd keys and types, non-objects. */
const element = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(key, scalar, { maxKeys: 4 }) },
  scalar,
  fc.array(scalar, { maxLength: 2 }),
)

const comparison: fc.Arbitrary<Filter> = fc
  .record({
    name: fc.constantFrom('value', 'VALUE', 'type', 'primary', 'display', 'nope'),
    op: fc.constantFrom('eq' as const, 'ne' as const, 'co' as const),
    value: scalar,
  })
  .map(({ name, op, value }) => ({ kind: 'compare', path: { name }, op, value }))

const filter: fc.Arbitrary<Filter> = fc.letrec<{ filter: Filter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc
      .record({
        kind: fc.constantFrom('and' as const, 'or' as const),
        left: tie('filter'),
        right: tie('filter'),
      })
      .map((node): Filter => node),
    tie('filter').map((inner): Filter => ({ kind: 'not', filter: inner })),
  ),
})).filter

describe('attribute-values shortcuts', () => {
  it('selectorOf selects exactly what matchesValueFilter matches', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEFINITIONS), filter, element, (definition, f, value) => {
        const selects = selectorOf({ definition, filter: f, label: 'test' })
        assert.equal(selects(value), matchesValueFilter(f, value, definition))
      }),
      { numRuns: 2000 },
    )
  })

  it('valueSetOf holds exactly the values sameValue calls equal', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DEFINITIONS),
        fc.array(element, { maxLength: 3 }),
        element,
        (definition, values, candidate) => {
          const expected = values.some((value) => sameValue(definition, value, candidate))
          assert.equal(valueSetOf(definition, values).has(candidate), expected)
        },
      ),
      { numRuns: 2000 },
    )
  })
})
