import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { parse as parseWithReference, type Filter as ReferenceFilter } from 'scim2-parse-filter'
import { URN, userResourceSchema } from '../schemas/index.js'
import { ScimError } from '../scim-errors.js'
import type { AttrPath, CompareOperator, CompareValue, Filter, PatchPath } from './ast.js'
import { matchesFilter, parseFilter, parsePatchPath, printFilter, printPatchPath } from './index.js'

const OPERATORS: CompareOperator[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']

type Vocabulary = {
  readonly name: fc.Arbitrary<string>
  readonly uri: fc.Arbitrary<string>
  readonly value: fc.Arbitrary<CompareValue>
}

/** Every name, URI and value the grammar allows, keywords and odd code units included. */
const fullVocabulary: Vocabulary = {
  name: fc.oneof(
    fc.stringMatching(/^\$?[A-Za-z][A-Za-z0-9_-]{0,7}$/),
    fc.constantFrom('and', 'OR', 'not', 'pr', 'eq', 'true', 'null', '$ref', 'value'),
  ),
  uri: fc.oneof(
    fc.constantFrom(URN.user, URN.enterpriseUser, URN.group),
    fc
      .array(fc.stringMatching(/^[A-Za-z0-9.+-]{1,6}$/), { minLength: 1, maxLength: 4 })
      .map((segments) => `urn:${segments.join(':')}`),
  ),
  value: fc.oneof(
    fc.string({ unit: fc.nat({ max: 0xffff }).map((code) => String.fromCharCode(code)) }),
    fc.string({ unit: 'grapheme' }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  ),
}

function attrPathOf(vocabulary: Vocabulary, qualified: boolean): fc.Arbitrary<AttrPath> {
  const none = fc.constant(undefined)
  return fc
    .record({
      uri: qualified ? fc.option(vocabulary.uri, { nil: undefined }) : none,
      name: vocabulary.name,
      subAttr: qualified ? fc.option(vocabulary.name, { nil: undefined }) : none,
    })
    .map(({ uri, name, subAttr }) => ({
      ...(uri !== undefined ? { uri } : {}),
      name,
      ...(subAttr !== undefined ? { subAttr } : {}),
    }))
}

function leafOf(vocabulary: Vocabulary, qualified: boolean): fc.Arbitrary<Filter> {
  const path = attrPathOf(vocabulary, qualified)
  return fc.oneof(
    fc
      .record({ path, op: fc.constantFrom(...OPERATORS), value: vocabulary.value })
      .map(({ path, op, value }): Filter => ({ kind: 'compare', path, op, value })),
    path.map((path): Filter => ({ kind: 'present', path })),
  )
}

/** Logical trees over `leaf`, at most `depth` levels deep. */
function treeOf(leaf: fc.Arbitrary<Filter>, depth: number): fc.Arbitrary<Filter> {
  const tree: fc.Memo<Filter> = fc.memo((n) => {
    if (n <= 1) return leaf
    const sub = tree(n - 1)
    return fc.oneof(
      { weight: 3, arbitrary: leaf },
      fc
        .tuple(fc.constantFrom('and' as const, 'or' as const), sub, sub)
        .map(([kind, left, right]): Filter => ({ kind, left, right })),
      sub.map((filter): Filter => ({ kind: 'not', filter })),
    )
  })
  return tree(depth)
}

/** Filters with value paths whose inner filters use bare sub-attribute names (RFC 7644 §3.4.2.2). */
function filterOf(vocabulary: Vocabulary): fc.Arbitrary<Filter> {
  const inner = treeOf(leafOf(vocabulary, false), 3)
  const valuePath = fc
    .record({ path: attrPathOf(vocabulary, true), filter: inner })
    .map(({ path, filter }): Filter => {
      const { subAttr: _dropped, ...attr } = path
      return { kind: 'valuePath', path: attr, filter }
    })
  return treeOf(fc.oneof(leafOf(vocabulary, true), valuePath), 4)
}

const patchPathOf = (vocabulary: Vocabulary): fc.Arbitrary<PatchPath> =>
  fc.oneof(
    attrPathOf(vocabulary, true).map((attrPath) => ({ attrPath })),
    fc
      .record({
        attrPath: attrPathOf(vocabulary, true),
        valueFilter: treeOf(leafOf(vocabulary, false), 3),
        subAttr: fc.option(vocabulary.name, { nil: undefined }),
      })
      .map(({ attrPath, valueFilter, subAttr }) => {
        const { subAttr: _dropped, ...bare } = attrPath
        return { attrPath: bare, valueFilter, ...(subAttr !== undefined ? { subAttr } : {}) }
      }),
  )

/** Fragments that make near-miss filters: the parser's every branch, glued at random. */
const filterishText = fc
  .array(
    fc.constantFrom(
      '(',
      ')',
      '[',
      ']',
      '"',
      '\\',
      ' ',
      '.',
      ':',
      '-',
      'eq',
      'Pr',
      'and',
      'OR',
      'not',
      'true',
      'null',
      'name',
      'emails',
      'urn:a:b',
      '$ref',
      '1',
      '1e999',
      'e5',
      '\\u00',
      'é',
      '\t',
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''))

function assertResult(
  result: ReturnType<typeof parseFilter | typeof parsePatchPath>,
  scimType: string,
) {
  if (result.ok) return
  assert.ok(result.error instanceof ScimError)
  assert.equal(result.error.scimType, scimType)
  assert.match(result.error.detail, /at position \d+: /)
}

describe('filter properties', () => {
  it('parseFilter(printFilter(ast)) deep-equals ast', () => {
    fc.assert(
      fc.property(filterOf(fullVocabulary), (filter) => {
        const text = printFilter(filter)
        const reparsed = parseFilter(text)
        assert.ok(reparsed.ok, `${text}: ${reparsed.ok ? '' : reparsed.error.detail}`)
        assert.deepStrictEqual(reparsed.value, filter)
      }),
      { numRuns: 1000 },
    )
  })

  it('parsePatchPath(printPatchPath(path)) deep-equals path', () => {
    fc.assert(
      fc.property(patchPathOf(fullVocabulary), (path) => {
        const reparsed = parsePatchPath(printPatchPath(path))
        assert.ok(reparsed.ok, reparsed.ok ? '' : reparsed.error.detail)
        assert.deepStrictEqual(reparsed.value, path)
      }),
      { numRuns: 500 },
    )
  })

  it('always answers a Result, never throws, for arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), filterishText), (text) => {
        assertResult(parseFilter(text), 'invalidFilter')
        assertResult(parsePatchPath(text), 'invalidPath')
      }),
      { numRuns: 2000 },
    )
  })

  it('reprints whatever it accepts to the same AST', () => {
    fc.assert(
      fc.property(filterishText, (text) => {
        const parsed = parseFilter(text)
        if (!parsed.ok) return
        assert.deepStrictEqual(parseFilter(printFilter(parsed.value)), parsed)
      }),
      { numRuns: 2000 },
    )
  })

  it('survives any single-character deletion or insertion in a valid filter', () => {
    const edited = fc
      .tuple(filterOf(fullVocabulary), fc.nat(), fc.constantFrom('', '(', ')', '[', ']', '"', ' '))
      .map(([filter, at, insert]) => {
        const text = printFilter(filter)
        const cut = at % (text.length + 1)
        return insert === ''
          ? text.slice(0, cut) + text.slice(cut + 1)
          : text.slice(0, cut) + insert + text.slice(cut)
      })
    fc.assert(
      fc.property(edited, (text) => assertResult(parseFilter(text), 'invalidFilter')),
      { numRuns: 1000 },
    )
  })

  it('evaluates any filter over any JSON resource without throwing', () => {
    const names = fc.constantFrom(
      'userName',
      'emails',
      'name',
      'active',
      'meta',
      'value',
      'type',
      'x',
    )
    const userish: Vocabulary = {
      ...fullVocabulary,
      name: names,
      uri: fc.constant(URN.enterpriseUser),
    }
    const resource = fc.dictionary(
      fc.oneof(names, fc.constant(URN.enterpriseUser)),
      fc.jsonValue({ maxDepth: 3 }),
    )
    fc.assert(
      fc.property(filterOf(userish), resource, (filter, subject) => {
        const verdict = matchesFilter(filter, subject, userResourceSchema)
        assert.equal(typeof verdict, 'boolean')
        const negated = matchesFilter({ kind: 'not', filter }, subject, userResourceSchema)
        assert.equal(negated, !verdict)
      }),
      { numRuns: 500 },
    )
  })
})

/**
 * Cross-check against the scim2-parse-filter package where both grammars agree. It cannot read
 * `$ref`, backslash escapes (it doubles them), negative numbers before a space, exponents with
 * `+` or in URIs, keywords as attribute names, unquoted strings or sub-attributes after `]`, so the
 * generated filters avoid those.
 */
describe('filter properties: agreement with scim2-parse-filter', () => {
  const overlap: Vocabulary = {
    name: fc
      .stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,7}$/)
      .filter((name) => !['and', 'or', 'not'].includes(name.toLowerCase())),
    uri: fc
      .array(fc.stringMatching(/^[A-Za-z0-9.-]{1,6}$/), { minLength: 1, maxLength: 4 })
      .map((segments) => `urn:${segments.join(':')}`),
    value: fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'B', ' ', '(', ']', '"', '@', '.', 'é', '-', '1') }),
      fc.nat(),
      fc.nat({ max: 100_000 }).map((n) => n / 100),
      fc.boolean(),
      fc.constant(null),
    ),
  }

  it('parses generated filters to the same tree', () => {
    fc.assert(
      fc.property(filterOf(overlap), fc.boolean(), (filter, shout) => {
        const printed = printFilter(filter)
        const text = shout ? shoutKeywords(printed) : printed
        const ours = parseFilter(text)
        assert.ok(ours.ok)
        assert.deepStrictEqual(fromReference(parseWithReference(text)), ours.value)
      }),
      { numRuns: 1000 },
    )
  })

  it('agrees on the RFC 7644 examples', () => {
    for (const text of [
      'userName eq "bjensen"',
      'name.familyName co "O\'Malley"',
      'userName sw "J"',
      `${URN.user}:userName sw "J"`,
      'title pr',
      'meta.lastModified gt "2011-05-13T04:42:34Z"',
      'title pr and userType eq "Employee"',
      'title pr or userType eq "Intern"',
      'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      'userType eq "Employee" and (emails.type eq "work")',
      'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    ]) {
      const ours = parseFilter(text)
      assert.ok(ours.ok, text)
      assert.deepStrictEqual(fromReference(parseWithReference(text)), ours.value, text)
    }
  })
})

/** Upper-cases the operators and keywords the printer wrote (they are case-insensitive). */
function shoutKeywords(text: string): string {
  return text.replace(/ (eq|ne|co|sw|ew|gt|ge|lt|le|pr|and|or)\b|\bnot \(/g, (match) =>
    match.toUpperCase(),
  )
}

/** The reference package's tree in our shape: n-ary and/or folded to the left, paths split. */
function fromReference(filter: ReferenceFilter): Filter {
  switch (filter.op) {
    case 'and':
    case 'or': {
      const [first, ...rest] = filter.filters.map(fromReference)
      assert.ok(first)
      const kind = filter.op
      return rest.reduce<Filter>((left, right) => ({ kind, left, right }), first)
    }
    case 'not':
      return { kind: 'not', filter: fromReference(filter.filter) }
    case '[]':
      return {
        kind: 'valuePath',
        path: splitPath(filter.attrPath),
        filter: fromReference(filter.valFilter),
      }
    case 'pr':
      return { kind: 'present', path: splitPath(filter.attrPath) }
    default:
      return {
        kind: 'compare',
        path: splitPath(filter.attrPath),
        op: filter.op,
        value: filter.compValue,
      }
  }
}

function splitPath(text: string): AttrPath {
  const colon = text.lastIndexOf(':')
  const [name = '', subAttr] = text.slice(colon + 1).split('.')
  return {
    ...(colon >= 0 ? { uri: text.slice(0, colon) } : {}),
    name,
    ...(subAttr !== undefined ? { subAttr } : {}),
  }
}
