import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect } from '../helpers/dialects.js'
import { newUser, type ScimClient, type ScimResponse, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { idpRequest, memberIds } from './idp-fixtures.js'

/**
 * The requests Microsoft documents for Entra ID provisioning to a SCIM endpoint ("Tutorial:
 * Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID" and "Known issues and
 * resolutions with SCIM 2.0 protocol compliance", see test/fixtures/idp/entra/README.md), against
 * a directory with the `entra` profile. Bodies are the documented ones; the checks are the
 * documented responses and RFC 7644.
 */
const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
}
/** Ids in Microsoft's examples, replaced by the ids of this run. */
const DOC = {
  manager: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
  observedManager: 'manager-id',
  member: 'f648f8d5ea4e4cd38e9c',
  filteredMember: '7f4bc1a3-285e-48ae-8202-5accb43efb0e',
}
const CREATED_USER_NAME = 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee'

function assertList(response: ScimResponse, totalResults: number): any[] {
  assert.equal(response.status, 200, response.text)
  assert.match(response.headers.get('content-type') ?? '', /^application\/scim\+json/)
  assert.deepEqual(response.body.schemas, [URN.list])
  assert.equal(response.body.totalResults, totalResults)
  assert.equal(response.body.startIndex, 1)
  return response.body.Resources ?? []
}

function assertNotFound(response: ScimResponse): void {
  assert.equal(response.status, 404, response.text)
  assert.deepEqual(response.body.schemas, [URN.error])
  assert.equal(response.body.status, '404')
}

/** Entra: "Update to the group PATCH request should yield an HTTP 204 No Content". */
function assertNoContent(response: ScimResponse): void {
  assert.equal(response.status, 204, response.text)
  assert.equal(response.text, '')
}

function hasNull(value: unknown): boolean {
  if (value === null) return true
  if (Array.isArray(value)) return value.some(hasNull)
  return typeof value === 'object' && Object.values(value as object).some(hasNull)
}

eachDialect("Entra ID's documented SCIM requests", (database) => {
  let server: TestServer
  let scim: ScimClient
  let user: any
  let jyoung: any
  let group: any
  const members: string[] = []

  before(async () => {
    server = await startServer(database, { profile: 'entra' })
    scim = scimClient(server.scimUrl, server.directory.token)
  })
  after(() => server?.close())

  it('Test Connection: a filter on a random GUID answers 200 with an empty ListResponse', async () => {
    const random = await scim.get(
      '/Users?filter=userName eq "2c1b7f3e-9d4a-4c8e-a1f0-5b6d7e8f9a0b"',
    )
    assert.deepEqual(assertList(random, 0), [])
    const none = await scim.get('/Users?filter=userName eq "non-existent user"')
    assert.deepEqual(assertList(none, 0), [])
  })

  it('discovers the schema: a ListResponse of the User, Group and EnterpriseUser schemas, no nulls', async () => {
    const response = await scim.get('/Schemas')
    const ids = assertList(response, response.body.totalResults).map((s: any) => s.id)
    for (const id of [URN.user, URN.group, URN.enterprise]) assert.ok(ids.includes(id), id)
    // "If a value isn't present, don't send null values." "Property values should be camel cased."
    assert.equal(hasNull(response.body), false)
    const userName = response.body.Resources.find((s: any) => s.id === URN.user).attributes.find(
      (a: any) => a.name === 'userName',
    )
    assert.equal(userName.mutability, 'readWrite')
    assert.equal(userName.uniqueness, 'server')
  })

  it('Create User: 201 with the attributes stored as sent', async () => {
    const body = idpRequest('entra', 'create-user')
    const response = await scim.post('/Users', body)
    assert.equal(response.status, 201, response.text)
    user = response.body
    assert.ok(user.schemas.includes(URN.user))
    assert.ok(typeof user.id === 'string' && user.id.length > 0)
    assert.equal(user.externalId, body.externalId)
    assert.equal(user.userName, CREATED_USER_NAME)
    assert.deepEqual(user.name, body.name)
    assert.equal(user.active, true)
    assert.deepEqual(user.emails, body.emails)
    assert.equal(user.meta.resourceType, 'User')
    assert.ok(user.meta.created && user.meta.lastModified)
  })

  it('queries by externalId (Example 1, unquoted as Entra sends it), then provisions the user (Example 2)', async () => {
    assertList(await scim.get('/Users?filter=externalId eq jyoung'), 0)
    // The documented body lists "…:enterprise:2.0User" (sic) and top-level nulls: the unknown URN
    // is dropped (entra profile) and nulls are unassigned values (RFC 7643 §2.5).
    const body = idpRequest('entra', 'provision-user')
    const response = await scim.post('/Users', body)
    assert.equal(response.status, 201, response.text)
    jyoung = response.body
    assert.deepEqual(jyoung.schemas, [URN.user])
    assert.equal(jyoung.externalId, 'jyoung')
    assert.equal(jyoung.displayName, 'Joy Young')
    assert.deepEqual(jyoung.emails, body.emails)
    for (const unassigned of ['addresses', 'phoneNumbers', 'preferredLanguage', 'title'])
      assert.equal(jyoung[unassigned], undefined, unassigned)
    const found = assertList(await scim.get('/Users?filter=externalId eq jyoung'), 1)
    assert.equal(found[0].id, jyoung.id)
  })

  it('Get User, Get User by query and Get User not found', async () => {
    const read = await scim.get(`/Users/${user.id}`)
    assert.equal(read.status, 200, read.text)
    assert.equal(read.body.id, user.id)
    assert.equal(read.body.userName, CREATED_USER_NAME)
    const found = assertList(await scim.get(`/Users?filter=userName eq "${CREATED_USER_NAME}"`), 1)
    assert.equal(found[0].id, user.id)
    assert.deepEqual(found[0].emails, user.emails)
    assertNotFound(await scim.get('/Users/5171a35d82074e068ce2'))
  })

  it('Update User [Multi-valued properties]: Replace emails[type eq "work"].value and name.familyName', async () => {
    assertNoContent(
      await scim.patch(`/Users/${user.id}`, idpRequest('entra', 'update-user-multi-valued')),
    )
    const read = (await scim.get(`/Users/${user.id}`)).body
    assert.deepEqual(read.emails, [
      { primary: true, type: 'work', value: 'updatedEmail@microsoft.com' },
    ])
    assert.equal(read.name.familyName, 'updatedFamilyName')
    assert.equal(read.name.givenName, 'givenName')
  })

  it('Update User [Single-valued properties]: Replace userName', async () => {
    assertNoContent(
      await scim.patch(`/Users/${user.id}`, idpRequest('entra', 'update-user-single-valued')),
    )
    const newName = '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com'
    assert.equal((await scim.get(`/Users/${user.id}`)).body.userName, newName)
    assert.equal(
      assertList(await scim.get(`/Users?filter=userName eq "${newName}"`), 1)[0].id,
      user.id,
    )
  })

  it('adds a single-value string attribute with "op": "Add" (nickName)', async () => {
    assertNoContent(
      await scim.patch(`/Users/${user.id}`, idpRequest('entra', 'add-single-value-attribute')),
    )
    assert.equal((await scim.get(`/Users/${user.id}`)).body.nickName, 'Babs')
  })

  it('replaces several attributes, one "Replace" per path, enterprise employeeNumber included', async () => {
    assertNoContent(
      await scim.patch(`/Users/${user.id}`, idpRequest('entra', 'replace-multiple-attributes')),
    )
    const read = (await scim.get(`/Users/${user.id}`)).body
    assert.equal(read.displayName, 'Pvlo')
    assert.deepEqual(read.emails, [
      { primary: true, type: 'work', value: 'TestBcwqnm@test.microsoft.com' },
    ])
    assert.equal(read.name.givenName, 'Gtfd')
    assert.equal(read.name.familyName, 'Pkqf')
    assert.equal(read.externalId, 'Eqpj')
    assert.ok(read.schemas.includes(URN.enterprise))
    assert.equal(read[URN.enterprise].employeeNumber, 'Eqpj')
  })

  it('replaces several attributes path-less, with path-keyed values (aadOptscim062020)', async () => {
    assertNoContent(
      await scim.patch(
        `/Users/${user.id}`,
        idpRequest('entra', 'replace-multiple-attributes-pathless'),
      ),
    )
    const read = (await scim.get(`/Users/${user.id}`)).body
    assert.deepEqual(read.emails, [
      { primary: true, type: 'work', value: 'TestMhvaes@test.microsoft.com' },
    ])
    assert.equal(read.displayName, 'Bjfe')
    assert.equal(read.name.givenName, 'Kkom')
    assert.equal(read.name.familyName, 'Unua')
    assert.equal(read[URN.enterprise].employeeNumber, 'Aklq')
    assert.equal(read.externalId, 'Eqpj')
  })

  it('adds the manager (Example 5: "path": "manager", the value as a one-element array)', async () => {
    const body = idpRequest('entra', 'add-manager', { [DOC.manager]: jyoung.id })
    assertNoContent(await scim.patch(`/Users/${user.id}`, body))
    const read = (await scim.get(`/Users/${user.id}`)).body
    assert.equal(read[URN.enterprise].manager.value, jyoung.id)
    assert.equal(read[URN.enterprise].employeeNumber, 'Aklq')
  })

  it('removes the manager as Entra was seen to send it ("manager[value eq …]")', async () => {
    const body = idpRequest('entra', 'remove-manager', { [DOC.observedManager]: jyoung.id })
    assertNoContent(await scim.patch(`/Users/${user.id}`, body))
    const read = (await scim.get(`/Users/${user.id}`)).body
    assert.equal(read[URN.enterprise]?.manager, undefined)
  })

  it('Disable User: Replace active false (204), and the user is still returned', async () => {
    assertNoContent(await scim.patch(`/Users/${user.id}`, idpRequest('entra', 'disable-user')))
    const read = await scim.get(`/Users/${user.id}`)
    assert.equal(read.status, 200)
    assert.equal(read.body.active, false)
    const found = assertList(await scim.get('/Users?filter=externalId eq "Eqpj"'), 1)
    assert.equal(found[0].active, false)
  })

  it('disables with the string "False" that Entra sends without the compliance flag', async () => {
    assertNoContent(
      await scim.patch(`/Users/${jyoung.id}`, idpRequest('entra', 'disable-user-string-value')),
    )
    assert.equal((await scim.get(`/Users/${jyoung.id}`)).body.active, false)
    assert.equal(
      assertList(await scim.get('/Users?filter=externalId eq "jyoung" and active eq false'), 1)[0]
        .id,
      jyoung.id,
    )
  })

  it('Create Group: 201, the Microsoft schema URN dropped, members empty', async () => {
    const body = idpRequest('entra', 'create-group')
    const response = await scim.post('/Groups', body)
    assert.equal(response.status, 201, response.text)
    group = response.body
    assert.deepEqual(group.schemas, [URN.group])
    assert.ok(typeof group.id === 'string' && group.id.length > 0)
    assert.equal(group.externalId, body.externalId)
    assert.equal(group.displayName, 'displayName')
    assert.deepEqual(group.members ?? [], [])
    assert.equal(group.meta.resourceType, 'Group')
    assert.ok(group.meta.created && group.meta.lastModified)
  })

  it('Get Group and Get Group by displayName with excludedAttributes=members', async () => {
    const read = await scim.get(`/Groups/${group.id}?excludedAttributes=members`)
    assert.equal(read.status, 200, read.text)
    assert.equal(read.body.id, group.id)
    assert.equal(read.body.displayName, 'displayName')
    assert.equal('members' in read.body, false)
    const found = assertList(
      await scim.get('/Groups?excludedAttributes=members&filter=displayName eq "displayName"'),
      1,
    )
    assert.equal(found[0].id, group.id)
    assert.equal(found[0].externalId, group.externalId)
    assert.equal('members' in found[0], false)
  })

  it('Update Group [Non-member attributes]: Replace displayName (204)', async () => {
    assertNoContent(
      await scim.patch(`/Groups/${group.id}`, idpRequest('entra', 'update-group-display-name')),
    )
    const read = (await scim.get(`/Groups/${group.id}`)).body
    assert.equal(read.displayName, '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName')
  })

  it('Update Group [Add Members]: one member, then a batch in one operation', async () => {
    for (const name of ['m1', 'm2', 'm3', 'm4'])
      members.push((await scim.post('/Users', newUser(`${name}@testuser.com`))).body.id)
    const [first, ...rest] = members as [string, ...string[]]
    assertNoContent(
      await scim.patch(
        `/Groups/${group.id}`,
        idpRequest('entra', 'add-members', { [DOC.member]: first }),
      ),
    )
    assert.deepEqual(memberIds((await scim.get(`/Groups/${group.id}`)).body), [first])
    // Entra batches memberships: the documented operation, its value listing several members.
    const batch = idpRequest('entra', 'add-members')
    const [template] = batch.Operations[0].value
    batch.Operations[0].value = rest.map((id) => ({ ...template, value: id }))
    assertNoContent(await scim.patch(`/Groups/${group.id}`, batch))
    const read = (await scim.get(`/Groups/${group.id}`)).body
    assert.deepEqual(memberIds(read), [...members].sort())
    assert.equal(
      (await scim.get(`/Users/${first}`)).body.groups.some((g: any) => g.value === group.id),
      true,
    )
  })

  it('Update Group [Remove Members]: by value list, by filter, then a batch', async () => {
    const [first, second, ...rest] = members as [string, string, ...string[]]
    assertNoContent(
      await scim.patch(
        `/Groups/${group.id}`,
        idpRequest('entra', 'remove-members', { [DOC.member]: first }),
      ),
    )
    assert.deepEqual(
      memberIds((await scim.get(`/Groups/${group.id}`)).body),
      [second, ...rest].sort(),
    )
    assertNoContent(
      await scim.patch(
        `/Groups/${group.id}`,
        idpRequest('entra', 'remove-member-by-filter', { [DOC.filteredMember]: second }),
      ),
    )
    assert.deepEqual(memberIds((await scim.get(`/Groups/${group.id}`)).body), [...rest].sort())
    const batch = idpRequest('entra', 'remove-members')
    const [template] = batch.Operations[0].value
    batch.Operations[0].value = rest.map((id) => ({ ...template, value: id }))
    assertNoContent(await scim.patch(`/Groups/${group.id}`, batch))
    assert.deepEqual(memberIds((await scim.get(`/Groups/${group.id}`)).body), [])
    assert.deepEqual((await scim.get(`/Users/${first}`)).body.groups, [])
  })

  it('Delete Group and Delete User: 204, then 404', async () => {
    assertNoContent(await scim.delete(`/Groups/${group.id}`))
    assertNotFound(await scim.get(`/Groups/${group.id}`))
    assertNoContent(await scim.delete(`/Users/${user.id}`))
    assertNotFound(await scim.get(`/Users/${user.id}`))
    assertList(await scim.get('/Users?filter=externalId eq "Eqpj"'), 0)
  })
})
