import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { unwrap } from '../../../shared/result.js'
import { groupResourceSchema, URN, userResourceSchema } from '../schemas/index.js'
import { checkFilterOperators, parseFilter } from './index.js'

function check(filter: string, schema = userResourceSchema) {
  return checkFilterOperators(unwrap(parseFilter(filter)), schema)
}

function assertRejected(filter: string, mentions: string): void {
  const result = check(filter)
  assert.ok(!result.ok, `expected ${filter} to be rejected`)
  assert.equal(result.error.status, 400)
  assert.equal(result.error.scimType, 'invalidFilter')
  assert.ok(result.error.detail.includes(mentions), result.error.detail)
}

describe('checkFilterOperators (RFC 7644 §3.4.2.2, §3.12)', () => {
  it('accepts comparisons that fit the attribute type', () => {
    for (const filter of [
      'userName eq "x" and userName gt "a" and userName co "b"',
      'active eq true and active ne false',
      'meta.created gt "2011-01-01T00:00:00Z"',
      'emails eq "x" or emails.value sw "b" or emails[type eq "work" and primary eq true]',
      `${URN.enterpriseUser}:manager.value eq "x"`,
      'schemas eq "urn:x:y"',
      'title eq null and title ne null',
      'name pr and emails pr and addresses pr',
    ]) {
      assert.deepEqual(check(filter), { ok: true, value: true }, filter)
    }
    assert.ok(check('members[value eq "x"] and members.type eq "User"', groupResourceSchema).ok)
  })

  it('rejects ordering on boolean and binary attributes', () => {
    assertRejected('active gt true', '"gt" is not supported on boolean attribute "active"')
    assertRejected(
      'emails[primary le false]',
      '"le" is not supported on boolean attribute "primary"',
    )
    assertRejected('x509Certificates.value ge "a"', 'binary attribute "x509Certificates.value"')
    assertRejected('x509Certificates lt "a"', 'binary attribute "x509Certificates"')
  })

  it('rejects comparing a complex attribute without a sub-attribute', () => {
    assertRejected('name eq "Barbara"', '"name" is a complex attribute')
    assertRejected(`${URN.enterpriseUser}:manager eq "x"`, 'complex attribute')
    assertRejected('addresses eq "x"', '"addresses" is a complex attribute')
  })

  it('rejects co, sw and ew outside text attributes', () => {
    assertRejected('active co true', '"co" is not supported on boolean')
    assertRejected(
      'meta.created sw "2011"',
      '"sw" is not supported on dateTime attribute "meta.created"',
    )
  })

  it('rejects ordering against null', () => {
    assertRejected('title gt null', '"gt" cannot compare "title" with null')
  })

  it('finds problems anywhere in the tree', () => {
    assertRejected('userName pr and not (title pr or active lt false)', '"lt"')
  })

  it('leaves unknown attributes alone', () => {
    assert.ok(check('foo gt true and bar.baz co 1 and emails[bogus gt true] and qux[x eq 1]').ok)
  })
})
