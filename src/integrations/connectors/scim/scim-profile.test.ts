import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { unwrap } from '../../../shared/result.js'
import { getCatalogEntry, listCatalog } from '../../catalog/index.js'
import { readServiceProviderConfig, readUserAttributes } from './scim-discovery.js'
import { adaptProfile, resolveScimProfile, scimCapabilities } from './scim-profile.js'

const entry = (id: string) => {
  const found = getCatalogEntry(id)
  if (!found) throw new Error(id)
  return found
}

describe('SCIM profiles', () => {
  it('come from the catalog: Sana capitalises ops and cannot delete; Stensul deletes softly', () => {
    const sana = unwrap(resolveScimProfile(entry('sana-labs')))
    assert.equal(sana.patchOpCase, 'capitalized')
    assert.equal(sana.deletes, 'unsupported')
    assert.equal(sana.groups, 'none')
    assert.deepEqual(scimCapabilities(sana), [
      'list_accounts',
      'get_account',
      'create_account',
      'update_account',
      'deactivate_account',
    ])
    const stensul = unwrap(resolveScimProfile(entry('stensul')))
    assert.equal(stensul.deletes, 'soft')
    assert.equal(stensul.groups, 'read_only')
    assert.ok(scimCapabilities(stensul).includes('reactivate_account'))
    const platform = unwrap(resolveScimProfile(entry('workspace-platform')))
    assert.ok(scimCapabilities(platform).includes('manage_memberships'))
  })

  it('exist for every SCIM entry of the catalog, and only for those', () => {
    for (const app of listCatalog()) {
      const profile = resolveScimProfile(app)
      assert.equal(profile.ok, app.integration.connector === 'scim', app.id)
    }
  })

  it('take the connection’s overrides, but never deactivate with a hard DELETE', () => {
    const overridden = unwrap(
      resolveScimProfile(entry('scim-generic'), { pageSize: 7, updateWith: 'put' }),
    )
    assert.equal(overridden.pageSize, 7)
    assert.equal(overridden.updateWith, 'put')
    assert.equal(resolveScimProfile(entry('scim-generic'), { deactivateWith: 'delete' }).ok, false)
    const soft = unwrap(resolveScimProfile(entry('stensul'), { deactivateWith: 'delete' }))
    assert.equal(soft.deactivateWith, 'delete')
    assert.ok(
      !scimCapabilities(soft).includes('reactivate_account'),
      'a deleted account cannot be reactivated',
    )
    // Notion documents DELETE as its only way to remove a member: the vendor's way stands.
    assert.equal(unwrap(resolveScimProfile(entry('notion'))).deactivateWith, 'delete')
  })

  it('adapt to discovery: no PATCH means PUT, no filter means scans, maxResults caps pages', () => {
    const base = unwrap(
      resolveScimProfile(entry('scim-generic'), { lookupFilters: ['emails', 'userName'] }),
    )
    const announced = readServiceProviderConfig({
      patch: { supported: false },
      filter: { supported: 'false', maxResults: 20 },
      bulk: { supported: true, maxOperations: 100 },
    })
    const adapted = adaptProfile(base, {
      ...announced,
      userAttributes: readUserAttributes({
        Resources: [
          {
            id: 'urn:ietf:params:scim:schemas:core:2.0:User',
            attributes: [{ name: 'userName' }, { name: 'active' }],
          },
        ],
      }),
    })
    assert.equal(adapted.updateWith, 'put')
    assert.equal(adapted.deactivateWith, 'put')
    assert.equal(adapted.filters, false)
    assert.equal(adapted.pageSize, 20)
    assert.deepEqual(adapted.bulk, { supported: true, maxOperations: 100 })
    assert.deepEqual(adapted.lookupFilters, ['userName'], 'no emails attribute, no email lookups')
    assert.deepEqual(adaptProfile(base, {}), { ...base })
  })

  it('read /Schemas as a ListResponse or a bare array', () => {
    const user = {
      id: 'urn:ietf:params:scim:schemas:core:2.0:User',
      attributes: [{ name: 'UserName' }],
    }
    assert.deepEqual([...(readUserAttributes([user]) ?? [])], ['username'])
    assert.equal(readUserAttributes({ Resources: [] }), undefined)
    assert.equal(readUserAttributes('nonsense'), undefined)
  })
})
