import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AccessGrant, PersonAccessApp } from '../../api/types.js'
import { accountState, count, describeAccess, howLinked } from './access-words.js'

describe('access words (person page)', () => {
  it('says an account is removed before it says whether it was active', () => {
    assert.equal(accountState({ active: true, removedAt: null }), 'active')
    assert.equal(accountState({ active: false, removedAt: null }), 'deactivated')
    assert.equal(accountState({ active: true, removedAt: '2026-12-01T00:00:00.000Z' }), 'removed')
  })

  it('says how an account is linked: by a rule, by hand, or not cleanly', () => {
    assert.equal(howLinked({ linkState: 'linked', linkRule: 'email' }), 'matched on email')
    assert.equal(howLinked({ linkState: 'linked', linkRule: 'manual' }), 'linked by hand')
    assert.equal(howLinked({ linkState: 'linked', linkRule: null }), 'linked')
    assert.equal(howLinked({ linkState: 'orphan', linkRule: null }), 'not linked to anyone')
    assert.match(howLinked({ linkState: 'ambiguous', linkRule: null }), /more than one person/)
  })

  it('sums accounts, grants and privileged grants across apps', () => {
    const grant = (privileged: boolean): AccessGrant => ({
      id: `g${Math.random()}`,
      entitlementId: 'e',
      entitlementName: 'Admins',
      kind: 'group',
      privileged,
      accountId: 'a',
      since: '2026-12-01T00:00:00.000Z',
      reason: { kind: 'none', words: 'No rule grants this' },
    })
    const app = (accounts: number, grants: AccessGrant[]): PersonAccessApp => ({
      app: { id: 'x', name: 'X', catalogId: 'x' },
      accounts: Array.from({ length: accounts }, (_, i) => ({
        id: `a${i}`,
        remoteId: `r${i}`,
        userName: 'u',
        active: true,
        linkState: 'linked',
        linkRule: 'email',
        removedAt: null,
        why: '',
      })),
      grants,
    })
    assert.equal(
      describeAccess({ apps: [app(1, [grant(true), grant(false)]), app(1, [])] }),
      '2 accounts and 2 grants (1 privileged) in 2 apps.',
    )
    assert.equal(describeAccess({ apps: [app(1, [])] }), '1 account and no grants in 1 app.')
    assert.equal(describeAccess({ apps: [] }), 'no accounts and no grants in no apps.')
  })

  it('counts in words', () => {
    assert.equal(count(0, 'grant'), 'no grants')
    assert.equal(count(1, 'grant'), '1 grant')
    assert.equal(count(12, 'grant'), '12 grants')
  })
})
