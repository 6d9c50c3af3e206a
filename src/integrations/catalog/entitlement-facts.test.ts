import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  type CatalogEntry,
  catalogEntrySchema,
  entitlementTypeOf,
  getCatalogEntry,
  grantChangesOf,
  isPrivilegedName,
  listCatalog,
} from './index.js'

function entry(id: string): CatalogEntry {
  const found = getCatalogEntry(id)
  assert.ok(found, `no catalog entry ${id}`)
  return found
}

describe('catalog entitlements', () => {
  it('stensul: roles are SCIM Groups, read-only (documented), granted by member PATCH (assumed)', () => {
    const roles = entitlementTypeOf(entry('stensul'), 'scim_groups')
    assert.ok(roles)
    assert.equal(roles.kind, 'role')
    assert.deepEqual(roles.readOnly.documented && roles.readOnly.value, true)
    assert.equal(roles.grants.documented, false, 'seed 003 marks Group PATCH "Coming Soon"')
    assert.equal(grantChangesOf(roles), 'api')
    assert.match(roles.grants.note ?? '', /Coming Soon/)
  })

  it('samepage: roles assigned by hand; okta: groups with membership through the API', () => {
    const samepage = entitlementTypeOf(entry('samepage'), 'manual')
    assert.equal(samepage?.kind, 'role')
    assert.deepEqual(samepage?.grants, {
      documented: true,
      value: 'manual',
      note: 'Seed 001: "role assignment is manual" in the admin console',
    })
    const okta = entitlementTypeOf(entry('okta'), 'okta_groups')
    assert.equal(okta?.kind, 'group')
    assert.equal(okta && grantChangesOf(okta), 'api')
    assert.equal(okta?.readOnly.documented && okta.readOnly.value, false)
  })

  it('sana-labs and figma document no groups: no entitlement types', () => {
    assert.deepEqual(entry('sana-labs').entitlements, [])
    assert.deepEqual(entry('figma').entitlements, [])
  })

  it('agrees with the group facts: SCIM Groups need list_groups, read-only groups stay read-only', () => {
    for (const app of listCatalog()) {
      for (const type of app.entitlements) {
        if (type.source === 'scim_groups') assert.ok(app.operations.includes('list_groups'))
        if (app.groups.readOnly) assert.ok(!type.readOnly.documented || type.readOnly.value)
        if (type.source === 'manual') assert.notEqual(grantChangesOf(type), 'api', app.id)
      }
      if (app.entitlements.length > 0)
        assert.equal(app.groups.supported || app.id === 'samepage', true, app.id)
    }
  })

  it('marks admin-like names privileged by default, and says it is an assumption', () => {
    const roles = entitlementTypeOf(entry('stensul'), 'scim_groups')
    assert.ok(roles)
    assert.equal(roles.privileged.documented, false)
    for (const name of ['Admin', 'Workspace Administrators', 'Owners', 'Super Admin', 'root'])
      assert.equal(isPrivilegedName(roles, name), true, name)
    for (const name of ['Creator', 'Reviewer', 'Badminton club', 'Superheroes', 'Grassroots'])
      assert.equal(isPrivilegedName(roles, name), false, name)
  })

  it('refuses entitlement types that contradict the entry', () => {
    const stensul = entry('stensul')
    const [roles] = stensul.entitlements
    assert.ok(roles)
    const writable = {
      ...stensul,
      entitlements: [{ ...roles, readOnly: { documented: true, value: false } }],
    }
    assert.equal(catalogEntrySchema.safeParse(writable).success, false)
    const oktaOnScim = { ...stensul, entitlements: [{ ...roles, source: 'okta_groups' }] }
    assert.equal(catalogEntrySchema.safeParse(oktaOnScim).success, false)
    const badPattern = {
      ...stensul,
      entitlements: [{ ...roles, privileged: { documented: true, value: ['(admin'] } }],
    }
    assert.equal(catalogEntrySchema.safeParse(badPattern).success, false)
    const assumedWithoutReason = {
      ...stensul,
      entitlements: [{ ...roles, grants: { documented: false, assumed: 'api' } }],
    }
    assert.equal(catalogEntrySchema.safeParse(assumedWithoutReason).success, false)
  })
})
