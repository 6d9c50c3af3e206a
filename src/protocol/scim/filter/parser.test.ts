import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { URN, userResourceSchema } from '../schemas/index.js'
import type { ScimError } from '../scim-errors.js'
import type { AttrPath, CompareOperator, CompareValue, Filter, PatchPath } from './ast.js'
import {
  checkFilterOperators,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  MAX_FILTER_TERMS,
  matchesFilter,
  parseFilter,
  parsePatchPath,
  printFilter,
} from './index.js'

function parsed(text: string): Filter {
  const result = parseFilter(text)
  assert.ok(result.ok, `expected ${JSON.stringify(text)} to parse: ${JSON.stringify(result)}`)
  return result.value
}

/** The ScimError for a rejected filter, after checking status, scimType and the position. */
function rejected(text: string, position: number, mentions?: string): ScimError {
  const result = parseFilter(text)
  assert.ok(!result.ok, `expected ${JSON.stringify(text)} to fail, got ${JSON.stringify(result)}`)
  assert.equal(result.error.status, 400)
  assert.equal(result.error.scimType, 'invalidFilter')
  assert.match(result.error.detail, new RegExp(`at position ${position}:`))
  if (mentions !== undefined) assert.ok(result.error.detail.includes(mentions), result.error.detail)
  return result.error
}

function path(name: string, subAttr?: string, uri?: string): AttrPath {
  return {
    ...(uri !== undefined ? { uri } : {}),
    name,
    ...(subAttr !== undefined ? { subAttr } : {}),
  }
}

function compare(attr: AttrPath | string, op: CompareOperator, value: CompareValue): Filter {
  return { kind: 'compare', path: typeof attr === 'string' ? path(attr) : attr, op, value }
}

function present(attr: AttrPath | string): Filter {
  return { kind: 'present', path: typeof attr === 'string' ? path(attr) : attr }
}

const and = (left: Filter, right: Filter): Filter => ({ kind: 'and', left, right })
const or = (left: Filter, right: Filter): Filter => ({ kind: 'or', left, right })
const not = (filter: Filter): Filter => ({ kind: 'not', filter })
const valuePath = (name: string, filter: Filter): Filter => ({
  kind: 'valuePath',
  path: path(name),
  filter,
})

describe('parseFilter: attribute operators (RFC 7644 §3.4.2.2 Table 3)', () => {
  const operators: CompareOperator[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']
  for (const op of operators) {
    it(`parses ${op}`, () => {
      assert.deepEqual(parsed(`userName ${op} "bjensen"`), compare('userName', op, 'bjensen'))
    })
  }

  it('parses pr', () => {
    assert.deepEqual(parsed('title pr'), present('title'))
  })

  it('reads operators and keywords ignoring case, keeping attribute names as written', () => {
    assert.deepEqual(
      parsed('UserName EQ "x" And NOT (Title PR) oR nickName Sw "b"'),
      or(
        and(compare('UserName', 'eq', 'x'), not(present('Title'))),
        compare('nickName', 'sw', 'b'),
      ),
    )
  })
})

describe('parseFilter: logical operators and grouping', () => {
  it('binds and tighter than or', () => {
    const [a, b, c] = [compare('a', 'eq', 1), compare('b', 'eq', 2), compare('c', 'eq', 3)]
    assert.deepEqual(parsed('a eq 1 or b eq 2 and c eq 3'), or(a, and(b, c)))
    assert.deepEqual(parsed('a eq 1 and b eq 2 or c eq 3'), or(and(a, b), c))
  })

  it('associates chains to the left', () => {
    assert.deepEqual(
      parsed('a pr and b pr and c pr'),
      and(and(present('a'), present('b')), present('c')),
    )
    assert.deepEqual(
      parsed('a pr or b pr or c pr'),
      or(or(present('a'), present('b')), present('c')),
    )
  })

  it('lets parentheses override precedence and leaves no node for them', () => {
    assert.deepEqual(
      parsed('(a pr or b pr) and c pr'),
      and(or(present('a'), present('b')), present('c')),
    )
    assert.deepEqual(
      parsed('a pr and (b pr and c pr)'),
      and(present('a'), and(present('b'), present('c'))),
    )
    assert.deepEqual(parsed('((( a pr )))'), present('a'))
  })

  it('parses not with a parenthesised filter, with or without a space', () => {
    assert.deepEqual(parsed('not (a pr)'), not(present('a')))
    assert.deepEqual(parsed('not(a pr or b pr)'), not(or(present('a'), present('b'))))
    assert.deepEqual(parsed('not (a pr) and b pr'), and(not(present('a')), present('b')))
    assert.deepEqual(parsed('not (not (a pr))'), not(not(present('a'))))
  })

  it('reads a keyword as an attribute name where no keyword can stand', () => {
    assert.deepEqual(parsed('not eq "x"'), compare('not', 'eq', 'x'))
    assert.deepEqual(parsed('and pr or or pr'), or(present('and'), present('or')))
    assert.deepEqual(parsed('userName eq and'), compare('userName', 'eq', 'and'))
  })
})

describe('parseFilter: value paths', () => {
  it('parses the RFC example with and inside the brackets', () => {
    assert.deepEqual(parsed('emails[type eq "work" and value co "@acme.com"]'), {
      kind: 'valuePath',
      path: path('emails'),
      filter: and(compare('type', 'eq', 'work'), compare('value', 'co', '@acme.com')),
    })
  })

  it('combines value paths with other filters and not', () => {
    assert.deepEqual(
      parsed(
        'userType eq "Employee" and not (emails[type eq "work"]) or ims[ not (type eq "aim") ]',
      ),
      or(
        and(
          compare('userType', 'eq', 'Employee'),
          not({
            kind: 'valuePath',
            path: path('emails'),
            filter: compare('type', 'eq', 'work'),
          }),
        ),
        { kind: 'valuePath', path: path('ims'), filter: not(compare('type', 'eq', 'aim')) },
      ),
    )
  })

  it('accepts a schema URN before the attribute of a value path', () => {
    assert.deepEqual(parsed(`${URN.group}:members[value eq "2819c223"]`), {
      kind: 'valuePath',
      path: path('members', undefined, URN.group),
      filter: compare('value', 'eq', '2819c223'),
    })
  })
})

describe('parseFilter: attribute paths', () => {
  it('splits sub-attributes', () => {
    assert.deepEqual(
      parsed('name.familyName eq "Jensen"'),
      compare(path('name', 'familyName'), 'eq', 'Jensen'),
    )
  })

  it('takes everything before the last colon as the schema URI, dots included', () => {
    assert.deepEqual(
      parsed(`${URN.enterpriseUser}:manager.value eq "26118915"`),
      compare(path('manager', 'value', URN.enterpriseUser), 'eq', '26118915'),
    )
    assert.deepEqual(
      parsed(`${URN.enterpriseUser}:department pr`),
      present(path('department', undefined, URN.enterpriseUser)),
    )
    assert.deepEqual(
      parsed(`${URN.user}:name.givenName sw "B"`),
      compare(path('name', 'givenName', URN.user), 'sw', 'B'),
    )
  })

  it('accepts $ref as a name (RFC 7643 §2.4)', () => {
    assert.deepEqual(parsed('members.$ref pr'), present(path('members', '$ref')))
    assert.deepEqual(parsed('groups[$ref co "/Groups/"]'), {
      kind: 'valuePath',
      path: path('groups'),
      filter: compare('$ref', 'co', '/Groups/'),
    })
  })

  it('accepts names with digits, hyphens and underscores after the first letter', () => {
    assert.deepEqual(
      parsed('x509Certificates.value pr'),
      present(path('x509Certificates', 'value')),
    )
    assert.deepEqual(parsed('a-b_c9 pr'), present('a-b_c9'))
  })
})

describe('parseFilter: values', () => {
  it('decodes JSON string escapes', () => {
    assert.equal(comparedValue('a eq "q\\"b\\\\s\\/ \\b\\f\\n\\r\\t"'), 'q"b\\s/ \b\f\n\r\t')
    assert.equal(comparedValue('a eq "caf\\u00e9 \\u00E9"'), 'café é')
    assert.equal(comparedValue('a eq "\\ud83d\\ude00"'), '😀')
    assert.equal(comparedValue('a eq ""'), '')
    assert.equal(comparedValue('a eq "not (a) [b] and or"'), 'not (a) [b] and or')
    assert.equal(comparedValue('a eq "tab\there"'), 'tab\there')
  })

  it('reads JSON numbers', () => {
    assert.equal(comparedValue('a eq 42'), 42)
    assert.equal(comparedValue('a eq -7'), -7)
    assert.equal(comparedValue('a eq 0'), 0)
    assert.equal(comparedValue('a eq 3.14'), 3.14)
    assert.equal(comparedValue('a eq 1e3'), 1000)
    assert.equal(comparedValue('a eq -2.5E-3'), -0.0025)
    assert.equal(comparedValue('a eq 6.02e+23'), 6.02e23)
  })

  it('reads true, false and null in any case', () => {
    assert.equal(comparedValue('a eq true'), true)
    assert.equal(comparedValue('a eq FALSE'), false)
    assert.equal(comparedValue('a eq Null'), null)
    assert.equal(comparedValue('a eq True'), true)
  })

  it('reads other unquoted words as strings, as Entra ID sends them', () => {
    assert.equal(comparedValue('a eq 007'), '007')
    assert.equal(comparedValue('a eq 1.'), '1.')
    assert.equal(comparedValue('a eq john@example.com'), 'john@example.com')
    assert.equal(comparedValue('a eq truex'), 'truex')
    assert.equal(comparedValue("a eq O'Brien"), "O'Brien")
  })

  it('parses the Entra ID provisioning filters', () => {
    assert.deepEqual(
      parsed(
        'name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.org)',
      ),
      and(
        compare(path('name', 'FamilyName'), 'eq', 'Employee'),
        or(
          compare(path('emails', 'Value'), 'co', 'example.com'),
          compare(path('emails', 'Value'), 'co', 'example.org'),
        ),
      ),
    )
    assert.deepEqual(parsed('userName sw O'), compare('userName', 'sw', 'O'))
    assert.deepEqual(
      parsed('meta.Created gt 2015-10-10T14:38:21.8617979-07:00'),
      compare(path('meta', 'Created'), 'gt', '2015-10-10T14:38:21.8617979-07:00'),
    )
    assert.deepEqual(parsed('emails[type eq work]'), {
      kind: 'valuePath',
      path: path('emails'),
      filter: compare('type', 'eq', 'work'),
    })
  })

  it('tolerates any whitespace between tokens', () => {
    assert.deepEqual(
      parsed('  userName\teq  "x"\n and\r\nemails [ type eq "work" ]  '),
      and(compare('userName', 'eq', 'x'), {
        kind: 'valuePath',
        path: path('emails'),
        filter: compare('type', 'eq', 'work'),
      }),
    )
  })

  function comparedValue(text: string): CompareValue {
    const filter = parsed(text)
    if (filter.kind !== 'compare') assert.fail(`not a comparison: ${text}`)
    return filter.value
  }
})

describe('parseFilter: errors are invalidFilter with a position', () => {
  it('rejects empty input', () => {
    rejected('', 0, 'empty')
    rejected('   \t ', 0, 'empty')
  })

  it('rejects trailing garbage', () => {
    rejected('userName eq "x" foo', 16, '"foo"')
    rejected('userName eq "x" "y"', 16, '"y"')
  })

  it('rejects unbalanced parentheses and brackets', () => {
    rejected('(userName pr', 12, 'closing the "(" at position 0, found end of input')
    rejected('userName pr)', 11, '")"')
    rejected('emails[type eq "work"', 21, 'closing the "[" at position 6')
    rejected('emails[type eq "work"))', 21, '")"')
    rejected('userName pr]', 11, '"]"')
    rejected('()', 1, 'expected an attribute path')
  })

  it('rejects nested value paths', () => {
    rejected('a[b[c eq 1]]', 3, 'cannot be nested')
  })

  it('rejects a value after pr', () => {
    rejected('title pr "x"', 9, '"pr" takes no value')
    rejected('title pr 5', 9, '"5"')
  })

  it('rejects missing or unknown operators and values', () => {
    rejected('userName', 8, 'expected an operator')
    rejected('userName regex "x"', 9, '"regex"')
    rejected('userName eq', 11, 'expected a value')
    rejected('userName eq )', 12, 'expected a value')
    rejected('userName "x"', 9, 'expected an operator')
  })

  it('rejects dangling and misplaced logical operators', () => {
    rejected('a pr and', 8, 'expected an attribute path')
    rejected('a pr or or', 10, 'expected an operator')
    rejected('not a pr', 4, 'after "not"')
    rejected('a pr not (b pr)', 5, '"not"')
  })

  it('rejects malformed attribute paths', () => {
    rejected('1abc eq 2', 0, '"1abc"')
    rejected('emails..value eq 1', 0, 'attribute path')
    rejected('a.b.c eq 1', 0, '"a.b.c"')
    rejected(':name eq 1', 0, '":name"')
    rejected('urn:name eq 1', 0, '"urn:name"')
    rejected('name. eq 1', 0, '"name."')
    rejected('$ eq 1', 0, '"$"')
  })

  it('rejects qualified paths and sub-attributes inside a value filter', () => {
    rejected(`emails[${URN.user}:type eq "work"]`, 7, 'sub-attribute name')
    rejected('emails[type.value eq "work"]', 7, 'sub-attribute name')
  })

  it('rejects a value filter on a sub-attribute, and a sub-attribute after "]" without a test', () => {
    rejected('name.givenName[value eq "x"]', 14, 'sub-attribute "givenName"')
    rejected('emails[type eq "work"].value', 28, 'expected an operator')
    rejected('emails[type eq "work"].value.x eq "a"', 22, '".subAttribute"')
    rejected('(emails[type eq "work"]).value eq "x"', 24, 'PATCH paths only')
  })

  it('rejects bad strings', () => {
    rejected('userName eq "abc', 12, 'unterminated string')
    rejected('userName eq "a\\x"', 14, '\\x')
    rejected('userName eq "\\u12"', 13, '\\u12"')
    rejected('userName eq "\\', 13, 'invalid escape')
  })

  it('rejects numbers a double cannot hold', () => {
    rejected('a eq 1e999', 5, '1e999')
  })
})

describe('parseFilter: a sub-attribute of a value path (RFC 7644 §3.4.2.2 valuePath subAttr)', () => {
  it('compares that sub-attribute of the values the filter selects', () => {
    assert.deepEqual(
      parsed('emails[type eq "work"].value eq "x@y"'),
      valuePath('emails', and(compare('type', 'eq', 'work'), compare('value', 'eq', 'x@y'))),
    )
    assert.deepEqual(
      parsed('emails[type eq "work" or primary eq true].value pr and userName sw "a"'),
      and(
        valuePath(
          'emails',
          and(or(compare('type', 'eq', 'work'), compare('primary', 'eq', true)), present('value')),
        ),
        compare('userName', 'sw', 'a'),
      ),
    )
  })

  it('prints as the plain value path, which parses back to the same tree', () => {
    const filter = parsed('emails[type eq "work" or type eq "home"].value co "@acme"')
    assert.equal(
      printFilter(filter),
      'emails[(type eq "work" or type eq "home") and value co "@acme"]',
    )
    assert.deepEqual(parsed(printFilter(filter)), filter)
  })
})

describe('parseFilter: limits', () => {
  it(`accepts ${MAX_FILTER_LENGTH} characters and refuses one more`, () => {
    const longest = `userName eq "${'x'.repeat(MAX_FILTER_LENGTH - 14)}"`
    assert.equal(longest.length, MAX_FILTER_LENGTH)
    parsed(longest)
    rejected(`${longest} `, MAX_FILTER_LENGTH, `longer than ${MAX_FILTER_LENGTH}`)
  })

  it(`accepts ${MAX_FILTER_DEPTH} levels of nesting and refuses more`, () => {
    const nest = (depth: number) => `${'('.repeat(depth)}a pr${')'.repeat(depth)}`
    assert.deepEqual(parsed(nest(MAX_FILTER_DEPTH)), present('a'))
    rejected(nest(MAX_FILTER_DEPTH + 1), MAX_FILTER_DEPTH, 'nesting is deeper')
    rejected(`${'not ('.repeat(1500)}a pr`, 5 * MAX_FILTER_DEPTH + 4, 'nesting is deeper')
    rejected(`${'a['.repeat(4000)}`, 3, 'cannot be nested')
  })

  it(`parses, prints, evaluates and checks a chain of ${MAX_FILTER_TERMS} comparisons, and refuses one more`, () => {
    const chainOf = (terms: number) => Array.from({ length: terms }, () => 'a pr').join(' or ')
    const chain = chainOf(MAX_FILTER_TERMS)
    assert.ok(chain.length < MAX_FILTER_LENGTH)
    let filter = parsed(chain)
    let length = 1
    while (filter.kind === 'or') {
      assert.equal(filter.right.kind, 'present')
      filter = filter.left
      length++
    }
    assert.equal(length, MAX_FILTER_TERMS)
    const reparsed = parsed(printFilter(parsed(chain)))
    assert.deepEqual(reparsed, parsed(chain))
    assert.equal(matchesFilter(reparsed, { a: 'x' }, userResourceSchema), false)
    assert.ok(checkFilterOperators(reparsed, userResourceSchema).ok)
    const over = chainOf(MAX_FILTER_TERMS + 1)
    rejected(over, over.lastIndexOf('a pr'), `more than ${MAX_FILTER_TERMS} comparisons`)
    rejected(
      `emails[${chainOf(MAX_FILTER_TERMS)}].value pr`,
      MAX_FILTER_TERMS * 8 + 4,
      `more than ${MAX_FILTER_TERMS} comparisons`,
    )
  })
})

describe('parsePatchPath (RFC 7644 §3.5.2)', () => {
  const cases: [string, PatchPath][] = [
    ['members', { attrPath: path('members') }],
    ['name.givenName', { attrPath: path('name', 'givenName') }],
    [
      'emails[type eq "work"].value',
      { attrPath: path('emails'), valueFilter: compare('type', 'eq', 'work'), subAttr: 'value' },
    ],
    [
      'members[value eq "2819c223"]',
      { attrPath: path('members'), valueFilter: compare('value', 'eq', '2819c223') },
    ],
    [
      `${URN.enterpriseUser}:department`,
      { attrPath: path('department', undefined, URN.enterpriseUser) },
    ],
    [
      `${URN.enterpriseUser}:manager.value`,
      { attrPath: path('manager', 'value', URN.enterpriseUser) },
    ],
    [
      'addresses[type eq "work" and primary eq true].streetAddress',
      {
        attrPath: path('addresses'),
        valueFilter: and(compare('type', 'eq', 'work'), compare('primary', 'eq', true)),
        subAttr: 'streetAddress',
      },
    ],
    [
      'Emails[Type EQ work].Value',
      { attrPath: path('Emails'), valueFilter: compare('Type', 'eq', 'work'), subAttr: 'Value' },
    ],
  ]
  for (const [text, expected] of cases) {
    it(`parses ${text}`, () => {
      const result = parsePatchPath(text)
      assert.ok(result.ok, JSON.stringify(result))
      assert.deepEqual(result.value, expected)
    })
  }

  const failures: [string, number, string][] = [
    ['', 0, 'empty'],
    ['emails eq "x"', 7, 'expected "[" or end of input'],
    ['emails[type eq "work"', 21, 'closing the "["'],
    ['emails[type eq "work"]value', 22, '".subAttribute"'],
    ['emails[type eq "work"].value.display', 22, '".value.display"'],
    ['emails[type eq "work"].', 22, '"."'],
    ['emails[type eq "work"].value extra', 29, '"extra"'],
    ['emails[type eq]', 14, 'expected a value'],
    ['emails[type[value eq 1]]', 11, 'cannot be nested'],
    ['name.givenName[value eq "x"]', 14, 'sub-attribute "givenName"'],
    ['[type eq "work"]', 0, 'expected an attribute path'],
    ['9lives', 0, 'expected an attribute path'],
    ['x'.repeat(MAX_FILTER_LENGTH + 1), MAX_FILTER_LENGTH, 'longer than'],
  ]
  for (const [text, position, mentions] of failures) {
    it(`rejects ${JSON.stringify(text.slice(0, 40))} as invalidPath`, () => {
      const result = parsePatchPath(text)
      assert.ok(!result.ok, JSON.stringify(result))
      assert.equal(result.error.status, 400)
      assert.equal(result.error.scimType, 'invalidPath')
      assert.match(result.error.detail, new RegExp(`^Invalid path at position ${position}:`))
      assert.ok(result.error.detail.includes(mentions), result.error.detail)
    })
  }
})
