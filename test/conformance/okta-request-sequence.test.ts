import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect } from '../helpers/dialects.js'
import { newUser, type ScimClient, type ScimResponse, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { idpRequest, memberIds } from './idp-fixtures.js'

/**
 * The requests Okta documents for SCIM 2.0 provisioning ("Okta and SCIM Version 2.0", see
 * test/fixtures/idp/okta/README.md), in the order Okta sends them, against a directory with the
 * `okta` profile. Bodies are the documented ones; the checks are Okta's documented expectations
 * and RFC 7644.
 */
const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
}
/** Ids in Okta's examples, replaced by the ids of this run. */
const DOC = {
  user: '23a35c27-23d3-4c03-b4c5-6443c09e7173',
  otherUser: '89bb1940-b905-4575-9e7f-6f887cfb368e',
  group: 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b',
}
const OKTA_HEADERS = { 'user-agent': 'Okta SCIM Client 1.0.0' }
const USER_EXISTS_QUERY =
  '/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100'

/** Okta: "itemsPerPage, startIndex, and totalResults values need to be exchanged as integers". */
function assertListResponse(response: ScimResponse, totalResults: number): void {
  assert.equal(response.status, 200, response.text)
  assert.match(response.headers.get('content-type') ?? '', /^application\/scim\+json/)
  assert.deepEqual(response.body.schemas, [URN.list])
  assert.equal(response.body.totalResults, totalResults)
  for (const key of ['totalResults', 'startIndex', 'itemsPerPage'])
    assert.ok(Number.isInteger(response.body[key]), `${key} must be an integer`)
  assert.equal(response.body.itemsPerPage, response.body.Resources?.length ?? 0)
}

function assertError(response: ScimResponse, status: number): void {
  assert.equal(response.status, status, response.text)
  assert.deepEqual(response.body.schemas, [URN.error])
  // RFC 7644 §3.12: "status" is the HTTP status code as a string.
  assert.equal(response.body.status, String(status))
  assert.ok(typeof response.body.detail === 'string' && response.body.detail.length > 0)
}

eachDialect("Okta's documented SCIM 2.0 request flow", (database) => {
  let server: TestServer
  let scim: ScimClient
  let user: any
  let otherUser: any
  let group: any
  const okta = {
    get: (path: string) => scim.get(path, OKTA_HEADERS),
    post: (path: string, body: unknown) => scim.post(path, body, OKTA_HEADERS),
    put: (path: string, body: unknown) => scim.put(path, body, OKTA_HEADERS),
    patch: (path: string, body: unknown) => scim.patch(path, body, OKTA_HEADERS),
    delete: (path: string) => scim.delete(path, OKTA_HEADERS),
  }

  before(async () => {
    server = await startServer(database, { profile: 'okta' })
    scim = scimClient(server.scimUrl, server.directory.token)
  })
  after(() => server?.close())

  it('user assignment: the userName filter finds nothing, so an empty ListResponse (200)', async () => {
    const response = await okta.get(USER_EXISTS_QUERY)
    assertListResponse(response, 0)
    assert.equal(response.body.startIndex, 1)
    assert.deepEqual(response.body.Resources ?? [], [])
  })

  it('creates the user from the documented POST: 201 with the user, never the password', async () => {
    const body = idpRequest('okta', 'create-user')
    const response = await okta.post('/Users', body)
    assert.equal(response.status, 201, response.text)
    user = response.body
    assert.match(response.headers.get('content-type') ?? '', /^application\/scim\+json/)
    assert.equal(response.headers.get('location'), user.meta.location)
    assert.ok(typeof user.id === 'string' && user.id.length > 0)
    assert.ok(user.schemas.includes(URN.user))
    assert.equal(user.userName, body.userName)
    assert.deepEqual(user.name, body.name)
    assert.deepEqual(user.emails, body.emails)
    assert.equal(user.displayName, body.displayName)
    assert.equal(user.locale, body.locale)
    assert.equal(user.externalId, body.externalId)
    assert.equal(user.active, true)
    assert.deepEqual(user.groups, [])
    assert.equal(user.meta.resourceType, 'User')
    // RFC 7643 §4.1.1: password is writeOnly, "returned" never.
    assert.equal(user.password, undefined)
    assert.doesNotMatch(response.text, new RegExp(body.password))
  })

  it('refuses the same user again with 409 and an error body, which stops Okta provisioning', async () => {
    const response = await okta.post('/Users', idpRequest('okta', 'create-user'))
    assertError(response, 409)
    assert.equal(response.body.scimType, 'uniqueness')
  })

  it('finds the user by the same userName filter afterwards', async () => {
    const response = await okta.get(USER_EXISTS_QUERY)
    assertListResponse(response, 1)
    assert.equal(response.body.Resources[0].id, user.id)
    assert.equal(response.body.Resources[0].userName, 'test.user@okta.local')
  })

  it('imports users page by page (startIndex/count) in one consistent order', async () => {
    otherUser = (await okta.post('/Users', newUser('other.user@okta.local'))).body
    await okta.post('/Users', newUser('third.user@okta.local'))
    const all = await okta.get('/Users?startIndex=1&count=100')
    assertListResponse(all, 3)
    const ids = all.body.Resources.map((r: any) => r.id)
    assert.ok(ids.includes(user.id) && ids.includes(otherUser.id))
    const pages: string[] = []
    for (let startIndex = 1; startIndex <= 3; startIndex++) {
      const page = await okta.get(`/Users?startIndex=${startIndex}&count=1`)
      assertListResponse(page, 3)
      assert.equal(page.body.startIndex, startIndex)
      pages.push(page.body.Resources[0].id)
    }
    assert.deepEqual(pages, ids)
    const beyond = await okta.get('/Users?startIndex=4&count=1')
    assertListResponse(beyond, 3)
    assert.equal(beyond.body.itemsPerPage, 0)
  })

  it('retrieves the user by id (200, with its ETag)', async () => {
    const response = await okta.get(`/Users/${user.id}`)
    assert.equal(response.status, 200, response.text)
    assert.equal(response.body.id, user.id)
    assert.equal(response.body.userName, 'test.user@okta.local')
    assert.equal(response.headers.get('etag'), response.body.meta.version)
  })

  it('updates the user with the documented PUT: 200 with the updated user', async () => {
    const body = idpRequest('okta', 'replace-user', { [DOC.user]: user.id })
    const response = await okta.put(`/Users/${user.id}`, body)
    assert.equal(response.status, 200, response.text)
    assert.equal(response.body.id, user.id)
    assert.deepEqual(response.body.name, {
      givenName: 'Another',
      middleName: 'Excited',
      familyName: 'User',
    })
    assert.deepEqual(response.body.emails, body.emails)
    assert.equal(response.body.active, true)
    assert.notEqual(response.body.meta.version, user.meta.version)
    assert.equal(response.headers.get('etag'), response.body.meta.version)
    const read = await okta.get(`/Users/${user.id}`)
    assert.deepEqual(read.body.name, response.body.name)
  })

  it('deactivates with the documented PATCH {"op":"replace","value":{"active":false}}: 200 with the user', async () => {
    const response = await okta.patch(`/Users/${user.id}`, idpRequest('okta', 'deactivate-user'))
    assert.equal(response.status, 200, response.text)
    assert.equal(response.body.id, user.id)
    assert.equal(response.body.active, false)
    assert.equal(response.body.userName, 'test.user@okta.local')
    // Okta never deletes users: the deactivated user stays readable and findable.
    const read = await okta.get(`/Users/${user.id}`)
    assert.equal(read.status, 200)
    assert.equal(read.body.active, false)
    assertListResponse(await okta.get(USER_EXISTS_QUERY), 1)
  })

  it('pushes a group with the documented POST: 201 with the group', async () => {
    const response = await okta.post('/Groups', idpRequest('okta', 'create-group'))
    assert.equal(response.status, 201, response.text)
    group = response.body
    assert.ok(typeof group.id === 'string' && group.id.length > 0)
    assert.deepEqual(group.schemas, [URN.group])
    assert.equal(group.displayName, 'Test SCIMv2')
    assert.deepEqual(group.members ?? [], [])
    assert.equal(group.meta.resourceType, 'Group')
    assert.equal(response.headers.get('location'), group.meta.location)
  })

  it('lists groups page by page and retrieves the group by id', async () => {
    const list = await okta.get('/Groups?startIndex=1&count=100')
    assertListResponse(list, 1)
    assert.equal(list.body.Resources[0].id, group.id)
    const read = await okta.get(`/Groups/${group.id}`)
    assert.equal(read.status, 200, read.text)
    assert.equal(read.body.displayName, 'Test SCIMv2')
  })

  it('pushes the full membership with the documented PATCH replace of members', async () => {
    const body = idpRequest('okta', 'replace-group-members', {
      [DOC.user]: user.id,
      [DOC.otherUser]: otherUser.id,
    })
    const response = await okta.patch(`/Groups/${group.id}`, body)
    assert.equal(response.status, 200, response.text)
    assert.equal(response.body.id, group.id)
    assert.equal(response.body.displayName, 'Test SCIMv2')
    const read = await okta.get(`/Groups/${group.id}`)
    assert.deepEqual(memberIds(read.body), [user.id, otherUser.id].sort())
    for (const member of read.body.members) assert.equal(member.display, 'test.user@okta.local')
    group = read.body
  })

  it('accepts the documented rename PATCH that carries the group id, changing nothing here', async () => {
    const body = idpRequest('okta', 'rename-group', { [DOC.group]: group.id })
    const response = await okta.patch(`/Groups/${group.id}`, body)
    assert.equal(response.status, 200, response.text)
    assert.equal(response.body.id, group.id)
    assert.equal(response.body.displayName, 'Test SCIMv2')
    // Same name as before: nothing changed, so the version stays (RFC 7644 §3.14).
    assert.equal(response.body.meta.version, group.meta.version)
  })

  it('updates membership with the documented remove-by-filter plus add in one PATCH', async () => {
    const body = idpRequest('okta', 'update-group-membership', {
      [DOC.user]: user.id,
      [DOC.otherUser]: otherUser.id,
    })
    const response = await okta.patch(`/Groups/${group.id}`, body)
    assert.equal(response.status, 200, response.text)
    assert.equal(response.body.displayName, 'Test SCIMv2')
    const read = await okta.get(`/Groups/${group.id}`)
    assert.deepEqual(memberIds(read.body), [user.id])
    // RFC 7643 §4.1.2: a user's readOnly `groups` follows the group's members.
    const member = await okta.get(`/Users/${user.id}`)
    assert.deepEqual(
      member.body.groups.map((g: any) => g.value),
      [group.id],
    )
    const former = await okta.get(`/Users/${otherUser.id}`)
    assert.deepEqual(former.body.groups, [])
  })

  it('deletes the group when the push is unlinked: 204, then 404', async () => {
    const response = await okta.delete(`/Groups/${group.id}`)
    assert.equal(response.status, 204)
    assert.equal(response.text, '')
    assertError(await okta.get(`/Groups/${group.id}`), 404)
    const member = await okta.get(`/Users/${user.id}`)
    assert.deepEqual(member.body.groups, [])
  })
})
