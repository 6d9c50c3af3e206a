import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect } from '../helpers/dialects.js'
import { newUser, type ScimClient, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

/** Lists (RFC 7644 §3.4.2): filters, sorting, paging, projection, POST /.search, discovery. */
eachDialect('SCIM lists and discovery', (database) => {
  let server: TestServer
  let scim: ScimClient
  before(async () => {
    server = await startServer(database)
    scim = scimClient(server.scimUrl, server.directory.token)
    const people = [
      ['zoe@acme.com', 'Zoe', 'Sales'],
      ['adam@acme.com', 'adam', 'Engineering'],
      ['Mia@Acme.com', 'Mia', 'Engineering'],
      ['bo@acme.com', undefined, 'Sales'],
      ['lee@other.org', 'Lee', undefined],
    ] as const
    for (const [userName, displayName, department] of people) {
      await scim.post(
        '/Users',
        newUser(userName, {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
          ...(displayName ? { displayName } : {}),
          ...(department ? { [ENTERPRISE]: { department, manager: { value: 'boss' } } } : {}),
        }),
      )
    }
  })
  after(() => server.close())

  const ids = (body: { Resources: { userName: string }[] }) => body.Resources.map((r) => r.userName)

  it('pages with a stable order, treats startIndex<1 as 1 and count=0 as totals only', async () => {
    const first = await scim.get('/Users?startIndex=1&count=2')
    assert.deepEqual(
      [first.body.totalResults, first.body.startIndex, first.body.itemsPerPage],
      [5, 1, 2],
    )
    const second = await scim.get('/Users?startIndex=3&count=2')
    const third = await scim.get('/Users?startIndex=5&count=2')
    const all = [...ids(first.body), ...ids(second.body), ...ids(third.body)]
    assert.equal(new Set(all).size, 5)
    assert.deepEqual(ids((await scim.get('/Users?startIndex=-4&count=2')).body), ids(first.body))
    const totals = await scim.get('/Users?count=0')
    assert.equal(totals.body.totalResults, 5)
    assert.deepEqual(totals.body.Resources, [])
    const beyond = await scim.get('/Users?startIndex=99')
    assert.deepEqual([beyond.body.totalResults, beyond.body.Resources.length], [5, 0])
  })

  it('sorts case-insensitively, with unassigned values last in either direction', async () => {
    assert.deepEqual(ids((await scim.get('/Users?sortBy=userName')).body), [
      'adam@acme.com',
      'bo@acme.com',
      'lee@other.org',
      'Mia@Acme.com',
      'zoe@acme.com',
    ])
    const descending = ids((await scim.get('/Users?sortBy=displayName&sortOrder=descending')).body)
    assert.deepEqual(descending, [
      'zoe@acme.com',
      'Mia@Acme.com',
      'lee@other.org',
      'adam@acme.com',
      'bo@acme.com',
    ])
    const byDepartment = ids((await scim.get(`/Users?sortBy=${ENTERPRISE}:department`)).body)
    assert.equal(byDepartment[byDepartment.length - 1], 'lee@other.org')
  })

  it('filters on extension attributes, value paths and sub-attributes, case-insensitively where caseExact=false', async () => {
    const filter = (f: string) => scim.get(`/Users?filter=${encodeURIComponent(f)}`)
    assert.deepEqual(ids((await filter(`${ENTERPRISE}:department eq "engineering"`)).body).sort(), [
      'Mia@Acme.com',
      'adam@acme.com',
    ])
    assert.deepEqual(ids((await filter('emails[type eq "work" and value ew "@other.org"]')).body), [
      'lee@other.org',
    ])
    assert.deepEqual(ids((await filter('userName eq "MIA@ACME.COM"')).body), ['Mia@Acme.com'])
    assert.equal((await filter('displayName pr')).body.totalResults, 4)
    assert.equal((await filter('not (displayName pr)')).body.totalResults, 1)
    assert.equal((await filter(`${ENTERPRISE}:manager.value eq "boss"`)).body.totalResults, 4)
    assert.equal(
      (
        await filter(
          'meta.created gt "2000-01-01T00:00:00Z" and meta.lastModified le "2999-01-01T00:00:00Z"',
        )
      ).body.totalResults,
      5,
    )
  })

  it('projects with attributes and excludedAttributes, keeping id and schemas', async () => {
    const only = await scim.get('/Users?attributes=userName,name.givenName&count=1')
    const user = only.body.Resources[0]
    assert.deepEqual(Object.keys(user).sort(), ['id', 'name', 'schemas', 'userName'])
    assert.deepEqual(Object.keys(user.name), ['givenName'])
    const without = await scim.get(`/Users?excludedAttributes=emails,meta,${ENTERPRISE}&count=1`)
    assert.equal(without.body.Resources[0].emails, undefined)
    assert.equal(without.body.Resources[0].meta, undefined)
    assert.equal(without.body.Resources[0][ENTERPRISE], undefined)
    assert.ok(without.body.Resources[0].id)
    const entra = await scim.get(
      `/Users?attributes=${encodeURIComponent('emails[type eq "work"]')}&filter=${encodeURIComponent('userName eq "lee@other.org"')}`,
    )
    assert.deepEqual(
      entra.body.Resources[0].emails.map((e: { value: string }) => e.value),
      ['lee@other.org'],
    )
  })

  it('searches with POST /.search, attributes given as an array', async () => {
    const response = await scim.post('/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'userName sw "a"',
      attributes: ['userName'],
      sortBy: 'userName',
      startIndex: 1,
      count: 10,
    })
    assert.equal(response.status, 200)
    assert.deepEqual(ids(response.body), ['adam@acme.com'])
    assert.deepEqual(Object.keys(response.body.Resources[0]).sort(), ['id', 'schemas', 'userName'])
  })

  it('serves discovery from the definitions it validates with, and /Me is 501', async () => {
    const spc = await scim.get('/ServiceProviderConfig')
    assert.equal(spc.body.patch.supported, true)
    assert.equal(spc.body.bulk.supported, true)
    assert.equal(spc.body.etag.supported, true)
    assert.equal(spc.body.filter.maxResults, 1000)
    const types = await scim.get('/ResourceTypes')
    assert.deepEqual(
      types.body.Resources.map((r: { endpoint: string }) => r.endpoint),
      ['/Users', '/Groups'],
    )
    const schemas = await scim.get('/Schemas')
    assert.ok(schemas.body.Resources.some((s: { id: string }) => s.id === ENTERPRISE))
    const user = await scim.get('/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')
    assert.equal(
      user.body.attributes.find((a: { name: string }) => a.name === 'userName').uniqueness,
      'server',
    )
    assert.equal((await scim.get('/Me')).status, 501)
    assert.equal((await scim.get('/Nope')).status, 404)
  })
})
