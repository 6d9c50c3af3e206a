import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect } from '../helpers/dialects.js'
import { newUser, type ScimClient, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest'

/** `POST /.search` at the root (RFC 7644 §3.4.3): Users and Groups in one paged result. */
eachDialect('SCIM search across resource types', (database) => {
  let server: TestServer
  let scim: ScimClient
  before(async () => {
    server = await startServer(database)
    scim = scimClient(server.scimUrl, server.directory.token)
    for (const [userName, displayName] of [
      ['tess', 'Team Tess'],
      ['abe', 'Abe'],
      ['tom', 'Team Tom'],
    ]) {
      const created = await scim.post('/Users', newUser(userName as string, { displayName }))
      assert.equal(created.status, 201, created.text)
    }
    for (const displayName of ['Team Blue', 'Admins', 'Team Amber']) {
      const created = await scim.post('/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName,
      })
      assert.equal(created.status, 201, created.text)
    }
  })
  after(() => server.close())

  const search = (body: Record<string, unknown>) =>
    scim.post('/.search', { schemas: [SEARCH], ...body })

  it('filters, sorts and projects Users and Groups alike', async () => {
    const response = await search({
      filter: 'displayName sw "team"',
      sortBy: 'displayName',
      sortOrder: 'descending',
      attributes: ['displayName'],
    })
    assert.equal(response.status, 200, response.text)
    assert.deepEqual(response.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:ListResponse'])
    assert.equal(response.body.totalResults, 4)
    const shown = response.body.Resources.map(
      (r: { displayName: string; meta?: { resourceType: string }; userName?: string }) =>
        `${r.displayName}`,
    )
    assert.deepEqual(shown, ['Team Tom', 'Team Tess', 'Team Blue', 'Team Amber'])
    for (const resource of response.body.Resources) {
      assert.equal(resource.userName, undefined, 'attributes leaves other attributes out')
      assert.ok(resource.id, 'id is always returned (RFC 7643 §3.1)')
    }
  })

  it('pages through the Users, then the Groups, with one totalResults', async () => {
    const pages: string[][] = []
    for (const startIndex of [1, 3, 5, 7]) {
      const response = await search({ startIndex, count: 2, sortBy: 'displayName' })
      assert.equal(response.status, 200, response.text)
      assert.equal(response.body.totalResults, 6)
      assert.equal(response.body.startIndex, startIndex)
      pages.push(response.body.Resources.map((r: { displayName: string }) => r.displayName))
    }
    assert.deepEqual(pages, [
      ['Abe', 'Team Tess'],
      ['Team Tom', 'Admins'],
      ['Team Amber', 'Team Blue'],
      [],
    ])
    const counted = await search({
      filter: 'userName eq "abe" or displayName eq "Admins"',
      count: 0,
    })
    assert.equal(counted.body.totalResults, 2)
    assert.deepEqual(counted.body.Resources ?? [], [])
  })

  it('answers bad requests as the per-type searches do', async () => {
    const bad = await search({ filter: 'displayName zz "x"' })
    assert.equal(bad.status, 400)
    assert.equal(bad.body.scimType, 'invalidFilter')
    const unsorted = await search({ sortOrder: 'sideways' })
    assert.equal(unsorted.status, 400)
    assert.equal(unsorted.body.scimType, 'invalidValue')
  })
})
