import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { applyConsent, planConsent } from './consent.js'

describe('role-aware consent', () => {
  const requested = [
    'openid',
    'user.read',
    'integrations:read',
    'integrations:manage',
    'scim:manage',
  ]

  it('lets owners and admins grant every management permission', () => {
    for (const role of ['owner', 'admin'] as const) {
      assert.deepEqual(planConsent(requested, role), { granted: requested, trimmed: [] })
    }
  })

  it('trims what a member may not grant and keeps identity scopes', () => {
    assert.deepEqual(planConsent(requested, 'member'), {
      granted: ['openid', 'user.read', 'integrations:read'],
      trimmed: ['integrations:manage', 'scim:manage'],
    })
  })

  it('records trimmed scopes as rejected in the grant', () => {
    const calls: string[] = []
    applyConsent(
      {
        addOIDCScope: (s) => calls.push(`add ${s}`),
        rejectOIDCScope: (s) => calls.push(`reject ${s}`),
        addOIDCClaims: (c) => calls.push(`claims ${c.join(',')}`),
      },
      planConsent(requested, 'member'),
      ['email'],
    )
    assert.deepEqual(calls, [
      'add openid user.read integrations:read',
      'reject integrations:manage scim:manage',
      'claims email',
    ])
  })
})
