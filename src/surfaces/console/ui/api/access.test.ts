import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { entitlementGrantsPath, entitlementsPath, personAccessPath } from './access.js'

describe('entitlements API paths (the wire contract of issue 15)', () => {
  it('lists an app’s entitlements with only the filters that are set', () => {
    assert.equal(entitlementsPath('app-1'), '/api/apps/app-1/entitlements')
    assert.equal(
      entitlementsPath('app-1', { kind: '', q: '  ', includeRemoved: false }),
      '/api/apps/app-1/entitlements',
    )
    assert.equal(
      entitlementsPath('app-1', { kind: 'role', q: ' Sales Ed ', includeRemoved: true }),
      '/api/apps/app-1/entitlements?kind=role&q=Sales+Ed&include=removed',
    )
  })

  it('escapes ids in the path', () => {
    assert.equal(entitlementGrantsPath('a/b', 'e 1'), '/api/apps/a%2Fb/entitlements/e%201/grants')
    assert.equal(personAccessPath('p?1'), '/api/people/p%3F1/access')
  })
})
