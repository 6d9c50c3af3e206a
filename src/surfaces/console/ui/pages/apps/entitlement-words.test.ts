import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  describeEntitlements,
  describeMembers,
  isFiltered,
  unlistedReason,
} from './entitlement-words.js'

const live = { privileged: false, removedAt: null }
const privileged = { privileged: true, removedAt: null }
const removed = { privileged: false, removedAt: '2026-12-01T00:00:00.000Z' }

describe('entitlement words (app page)', () => {
  it('says how many entitlements show, of which kind, with the privileged and removed ones', () => {
    assert.equal(describeEntitlements([live]), 'Showing 1 entitlement.')
    assert.equal(describeEntitlements([]), 'Showing 0 entitlements.')
    assert.equal(
      describeEntitlements([live, privileged, removed], 'role'),
      'Showing 3 roles (1 privileged, 1 removed).',
    )
    assert.equal(describeEntitlements([privileged], 'group'), 'Showing 1 group (1 privileged).')
  })

  it('counts members in words', () => {
    assert.equal(describeMembers(0), 'no members')
    assert.equal(describeMembers(1), '1 member')
    assert.equal(describeMembers(2), '2 members')
  })

  it('knows when a filter narrows the list', () => {
    assert.equal(isFiltered({}), false)
    assert.equal(isFiltered({ kind: '', q: '  ', includeRemoved: false }), false)
    assert.equal(isFiltered({ kind: 'role' }), true)
    assert.equal(isFiltered({ q: 'adm' }), true)
    assert.equal(isFiltered({ includeRemoved: true }), false, 'showing removed ones widens it')
  })

  it('says why an app lists none when the catalog tells', () => {
    assert.equal(unlistedReason('Wiki', undefined), null, 'an older hub says nothing')
    assert.match(unlistedReason('Sana', []) ?? '', /knows of no groups, roles.* in Sana/)
    assert.equal(
      unlistedReason('Samepage', [{ label: 'role', source: 'manual' }]),
      "Samepage's connector cannot list its roles: no API reads them, they are kept by hand in Samepage.",
    )
    assert.equal(unlistedReason('Wiki', [{ label: 'group', source: 'scim_groups' }]), null)
    assert.equal(
      unlistedReason('Mixed', [
        { label: 'role', source: 'manual' },
        { label: 'group', source: 'okta_groups' },
      ]),
      null,
      'a connector that lists some of them has nothing to excuse',
    )
  })
})
