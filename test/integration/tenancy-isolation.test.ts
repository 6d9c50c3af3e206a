import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect } from '../helpers/dialects.js'
import { newUser, patchOp, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

eachDialect('directory isolation', (database) => {
  let server: TestServer
  before(async () => {
    server = await startServer(database)
  })
  after(() => server.close())

  it('a token of one directory can never read or change another directory’s data', async () => {
    const a = scimClient(server.scimUrl, server.directory.token)
    const otherDirectory = await server.createDirectory()
    const b = scimClient(server.scimUrl, otherDirectory.token)
    const user = (await a.post('/Users', newUser('secret@acme.com'))).body
    const group = (
      await a.post('/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'A-only',
      })
    ).body

    for (const response of [
      await b.get(`/Users/${user.id}`),
      await b.put(`/Users/${user.id}`, newUser('stolen@acme.com')),
      await b.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'active', value: false })),
      await b.delete(`/Users/${user.id}`),
      await b.get(`/Groups/${group.id}`),
      await b.patch(
        `/Groups/${group.id}`,
        patchOp({ op: 'add', path: 'members', value: [{ value: user.id }] }),
      ),
    ]) {
      assert.ok(response.status === 404 || response.status === 401, `status ${response.status}`)
      assert.doesNotMatch(response.text, /secret@acme\.com/)
    }
    const listed = await b.get(
      `/Users?filter=${encodeURIComponent('userName eq "secret@acme.com"')}`,
    )
    assert.equal(listed.body.totalResults, 0)
    // B cannot add A's user to its own group either.
    const own = await b.post('/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'B',
      members: [{ value: user.id }],
    })
    assert.equal(own.status, 400)
    // A's data is untouched.
    const still = await a.get(`/Users/${user.id}`)
    assert.equal(still.body.userName, 'secret@acme.com')
    assert.equal(still.body.active, true)
  })

  it('a rotated token stops working at once and a garbage token is 401', async () => {
    const directory = await server.createDirectory()
    const rotated = await server.hub.services.directories.rotateToken(
      { id: directory.id },
      { type: 'system', id: null },
    )
    assert.equal((await scimClient(server.scimUrl, directory.token).get('/Users')).status, 401)
    assert.equal((await scimClient(server.scimUrl, rotated.token).get('/Users')).status, 200)
    assert.equal((await scimClient(server.scimUrl, 'rc_scim_garbage').get('/Users')).status, 401)
  })
})
