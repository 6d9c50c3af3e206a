import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseFilter } from '../scim/filter/index.js'
import { userNameEqualsKey } from './point-lookup.js'

function keyOf(text: string): string | undefined {
  const parsed = parseFilter(text)
  if (!parsed.ok) throw parsed.error
  return userNameEqualsKey(parsed.value)
}

describe('userNameEqualsKey', () => {
  it('gives the lowered userName of exactly `userName eq "…"`, with or without the URN', () => {
    assert.equal(keyOf('userName eq "Ann@Example.com"'), 'ann@example.com')
    assert.equal(keyOf('USERNAME eq "x"'), 'x')
    assert.equal(keyOf('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "X"'), 'x')
  })

  it('leaves every other filter to the general translation', () => {
    for (const text of [
      'userName ne "x"',
      'userName sw "x"',
      'userName eq 42',
      'userName eq "x" and active eq true',
      'displayName eq "x"',
      'emails.value eq "x"',
      'userName eq "a\u0000b"',
    ])
      assert.equal(keyOf(text), undefined, text)
  })
})
