import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { unwrap } from '../../../shared/result.js'
import { URN } from '../schemas/index.js'
import type { Filter } from './ast.js'
import { parseFilter, parsePatchPath, printAttrPath, printFilter, printPatchPath } from './index.js'

const canonical = (text: string) => printFilter(unwrap(parseFilter(text)))

describe('printFilter', () => {
  it('prints lower-case operators and JSON-quoted strings', () => {
    assert.equal(
      canonical('UserName EQ bjensen AND title PR'),
      'UserName eq "bjensen" and title pr',
    )
    assert.equal(canonical('a eq "q\\"\\\\\\n\\u00e9"'), 'a eq "q\\"\\\\\\né"')
    assert.equal(
      canonical('a eq TRUE or b ne null or c gt -1.5e3'),
      'a eq true or b ne null or c gt -1500',
    )
  })

  it('parenthesises only where the tree differs from precedence', () => {
    assert.equal(canonical('a pr or b pr and c pr'), 'a pr or b pr and c pr')
    assert.equal(canonical('(a pr or b pr) and c pr'), '(a pr or b pr) and c pr')
    assert.equal(canonical('a pr and (b pr or c pr)'), 'a pr and (b pr or c pr)')
    assert.equal(canonical('((a pr and b pr) and c pr)'), 'a pr and b pr and c pr')
    assert.equal(canonical('a pr and (b pr and c pr)'), 'a pr and (b pr and c pr)')
    assert.equal(canonical('a pr or (b pr or c pr)'), 'a pr or (b pr or c pr)')
    assert.equal(canonical('(a pr and b pr) or c pr'), 'a pr and b pr or c pr')
  })

  it('prints not, value paths and URNs', () => {
    assert.equal(
      canonical(
        `not(emails[type eq work and not(value ew ".org")]) or ${URN.enterpriseUser}:manager.value pr`,
      ),
      `not (emails[type eq "work" and not (value ew ".org")]) or ${URN.enterpriseUser}:manager.value pr`,
    )
  })

  it('keeps the sign of -0', () => {
    const filter: Filter = { kind: 'compare', path: { name: 'a' }, op: 'eq', value: -0 }
    assert.equal(printFilter(filter), 'a eq -0')
    assert.deepEqual(unwrap(parseFilter(printFilter(filter))), filter)
  })
})

describe('printAttrPath and printPatchPath', () => {
  it('prints attribute paths', () => {
    assert.equal(printAttrPath({ name: 'userName' }), 'userName')
    assert.equal(printAttrPath({ name: 'name', subAttr: 'givenName' }), 'name.givenName')
    assert.equal(
      printAttrPath({ uri: URN.enterpriseUser, name: 'manager', subAttr: 'value' }),
      `${URN.enterpriseUser}:manager.value`,
    )
  })

  it('prints PATCH paths that parse back', () => {
    for (const text of [
      'members',
      'emails[type eq "work"].value',
      'members[value eq "2819c223"]',
      `${URN.enterpriseUser}:manager.value`,
    ]) {
      assert.equal(printPatchPath(unwrap(parsePatchPath(text))), text)
    }
    assert.equal(
      printPatchPath(unwrap(parsePatchPath('Emails[ Type EQ work ].Value'))),
      'Emails[Type eq "work"].Value',
    )
  })
})
