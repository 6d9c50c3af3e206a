import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect } from '../helpers/dialects.js'
import { newUser, type ScimClient, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

/**
 * `emails[type eq "work"].value eq "x@y"`: a sub-attribute of the values a value path selects
 * (RFC 7644 §3.4.2.2), as Entra ID sends it to match users, compiled to SQL on both dialects.
 */
eachDialect('SCIM filters on a sub-attribute of a value path', (database) => {
  let server: TestServer
  let scim: ScimClient
  const ids: Record<string, string> = {}
  before(async () => {
    server = await startServer(database)
    scim = scimClient(server.scimUrl, server.directory.token)
    const people = {
      ann: [{ value: 'ann@work.example', type: 'work', primary: true }],
      bob: [
        { value: 'bob@home.example', type: 'home' },
        { value: 'ann@work.example', type: 'other' },
      ],
      cy: [{ value: 'cy@work.example', type: 'work' }],
    }
    for (const [name, emails] of Object.entries(people)) {
      const created = await scim.post('/Users', newUser(name, { emails }))
      assert.equal(created.status, 201, created.text)
      ids[name] = created.body.id
    }
  })
  after(() => server.close())

  const matching = async (filter: string) => {
    const query = await scim.get(`/Users?filter=${encodeURIComponent(filter)}`)
    assert.equal(query.status, 200, query.text)
    const search = await scim.post('/Users/.search', { filter })
    assert.equal(search.status, 200, search.text)
    const names = (body: { Resources: { userName: string }[] }) =>
      body.Resources.map((r) => r.userName).sort()
    assert.deepEqual(names(search.body), names(query.body))
    return names(query.body)
  }

  it('matches only values that the bracket filter selects', async () => {
    assert.deepEqual(await matching('emails[type eq "work"].value eq "ann@work.example"'), ['ann'])
    assert.deepEqual(await matching('emails[type eq "other"].value eq "ANN@work.example"'), ['bob'])
    assert.deepEqual(await matching('emails[type eq "work"].value ew "@work.example"'), [
      'ann',
      'cy',
    ])
    assert.deepEqual(await matching('emails[type eq "home"].value pr'), ['bob'])
    assert.deepEqual(
      await matching('emails[type eq "work"].value eq "cy@work.example" or userName eq "bob"'),
      ['bob', 'cy'],
    )
    assert.deepEqual(await matching('not (emails[type eq "work"].value sw "ann")'), ['bob', 'cy'])
  })
})
