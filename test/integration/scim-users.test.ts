import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect } from '../helpers/dialects.js'
import { newUser, patchOp, type ScimClient, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

eachDialect('SCIM Users over HTTP', (database) => {
  let server: TestServer
  let scim: ScimClient
  before(async () => {
    server = await startServer(database)
    scim = scimClient(server.scimUrl, server.directory.token)
  })
  after(() => server.close())

  it('creates a user: 201, Location, ETag, meta, defaults active and never returns the password', async () => {
    const response = await scim.post(
      '/Users',
      newUser('alice@acme.com', { password: 'hunter2', active: undefined }),
    )
    assert.equal(response.status, 201)
    assert.match(response.headers.get('content-type') ?? '', /application\/scim\+json/)
    const user = response.body
    assert.equal(response.headers.get('location'), `${server.scimUrl}/Users/${user.id}`)
    assert.equal(response.headers.get('etag'), user.meta.version)
    assert.equal(user.meta.resourceType, 'User')
    assert.equal(user.meta.location, `${server.scimUrl}/Users/${user.id}`)
    assert.equal(user.active, true)
    assert.equal(user.password, undefined)
    assert.doesNotMatch(response.text, /hunter2/)
    assert.deepEqual(user.groups, [])
  })

  it('refuses a duplicate userName case-insensitively with 409 uniqueness', async () => {
    await scim.post('/Users', newUser('bob@acme.com'))
    const duplicate = await scim.post('/Users', newUser('BOB@ACME.COM'))
    assert.equal(duplicate.status, 409)
    assert.equal(duplicate.body.scimType, 'uniqueness')
    assert.equal(duplicate.body.status, '409')
    assert.deepEqual(duplicate.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error'])
  })

  it('reads, filters, patches (Okta path-less active=false) and keeps the deactivated user readable', async () => {
    const created = (await scim.post('/Users', newUser('carol@acme.com'))).body
    const patched = await scim.patch(
      `/Users/${created.id}`,
      patchOp({ op: 'replace', value: { active: false } }),
    )
    assert.equal(patched.status, 200)
    assert.equal(patched.body.active, false)
    assert.notEqual(patched.body.meta.version, created.meta.version)
    const read = await scim.get(`/Users/${created.id}`)
    assert.equal(read.status, 200)
    assert.equal(read.body.active, false)
    const inactive = await scim.get(
      `/Users?filter=${encodeURIComponent('active eq false and userName eq "CAROL@acme.com"')}`,
    )
    assert.equal(inactive.body.totalResults, 1)
    assert.equal(inactive.body.Resources[0].id, created.id)
  })

  it('keeps meta.version on a no-op PATCH', async () => {
    const created = (await scim.post('/Users', newUser('dan@acme.com'))).body
    const patched = await scim.patch(
      `/Users/${created.id}`,
      patchOp({ op: 'replace', path: 'active', value: true }),
    )
    assert.equal(patched.status, 200)
    assert.equal(patched.body.meta.version, created.meta.version)
  })

  it('answers 400 invalidFilter, never a 500, for a broken filter', async () => {
    const response = await scim.get(`/Users?filter=${encodeURIComponent('userName eq')}`)
    assert.equal(response.status, 400)
    assert.equal(response.body.scimType, 'invalidFilter')
  })

  it('answers 401 in SCIM form without a token and 404 for an unknown id', async () => {
    const anonymous = await scimClient(server.scimUrl, undefined).get('/Users')
    assert.equal(anonymous.status, 401)
    assert.equal(anonymous.body.status, '401')
    const missing = await scim.get('/Users/00919288221112222')
    assert.equal(missing.status, 404)
    assert.ok(missing.body.detail)
  })
})
