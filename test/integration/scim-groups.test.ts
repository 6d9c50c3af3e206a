import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { listEvents } from '../../src/platform/events/index.js'
import { eachDialect } from '../helpers/dialects.js'
import { newUser, patchOp, type ScimClient, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

eachDialect('SCIM Groups over HTTP', (database) => {
  let server: TestServer
  let scim: ScimClient
  const users: string[] = []
  before(async () => {
    server = await startServer(database)
    scim = scimClient(server.scimUrl, server.directory.token)
    for (const name of ['g1@acme.com', 'g2@acme.com', 'g3@acme.com'])
      users.push((await scim.post('/Users', newUser(name))).body.id)
  })
  after(() => server.close())

  it('creates a group with members, fills type/display/$ref, and shows it on the user', async () => {
    const created = await scim.post('/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Engineering',
      members: [{ value: users[0] }],
    })
    assert.equal(created.status, 201)
    assert.equal(created.body.members.length, 1)
    assert.equal(created.body.members[0].type, 'User')
    assert.equal(created.body.members[0].$ref, `${server.scimUrl}/Users/${users[0]}`)
    const user = await scim.get(`/Users/${users[0]}`)
    assert.deepEqual(
      user.body.groups.map((g: { value: string; display: string }) => [g.value, g.display]),
      [[created.body.id, 'Engineering']],
    )
    const byMember = await scim.get(
      `/Users?filter=${encodeURIComponent('groups.display eq "engineering"')}`,
    )
    assert.deepEqual(
      byMember.body.Resources.map((u: { id: string }) => u.id),
      [users[0]],
    )
  })

  it('adds and removes members by PATCH (Okta and Entra forms) and raises members_changed', async () => {
    const group = (
      await scim.post('/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Sales',
      })
    ).body
    const added = await scim.patch(
      `/Groups/${group.id}`,
      patchOp({ op: 'add', path: 'members', value: [{ value: users[1] }, { value: users[2] }] }),
    )
    assert.equal(added.status, 200)
    assert.equal(added.body.members.length, 2)
    const okta = await scim.patch(
      `/Groups/${group.id}`,
      patchOp({ op: 'remove', path: `members[value eq "${users[1]}"]` }),
    )
    assert.deepEqual(
      okta.body.members.map((m: { value: string }) => m.value),
      [users[2]],
    )
    const entra = await scim.patch(
      `/Groups/${group.id}`,
      patchOp({ op: 'Remove', path: 'members', value: [{ value: users[2] }] }),
    )
    assert.equal(entra.body.members, undefined)
    const events = await listEvents(server.store.db, { workspaceId: server.workspace.id })
    const changes = events.filter(
      (e) => e.type === 'scim.group.members_changed' && e.subject.id === group.id,
    )
    assert.equal(changes.length, 3)
  })

  it('refuses unknown members in the standard profile and duplicates displayName with 409', async () => {
    const unknown = await scim.post('/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Ghosts',
      members: [{ value: 'no-such-user' }],
    })
    assert.equal(unknown.status, 400)
    assert.equal(unknown.body.scimType, 'invalidValue')
    const duplicate = await scim.post('/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'ENGINEERING',
    })
    assert.equal(duplicate.status, 409)
    assert.equal(duplicate.body.scimType, 'uniqueness')
  })

  it('renames with Okta’s id-carrying replace and removes a deleted user from its groups', async () => {
    const group = (
      await scim.post('/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Ops',
        members: [{ value: users[2] }],
      })
    ).body
    const renamed = await scim.patch(
      `/Groups/${group.id}`,
      patchOp({ op: 'replace', value: { id: group.id, displayName: 'Operations' } }),
    )
    assert.equal(renamed.status, 200)
    assert.equal(renamed.body.displayName, 'Operations')
    assert.equal((await scim.delete(`/Users/${users[2]}`)).status, 204)
    const after = await scim.get(`/Groups/${group.id}`)
    assert.equal(after.body.members, undefined)
    assert.notEqual(after.body.meta.version, renamed.body.meta.version)
  })

  it('excludes members on request and lists groups with excludedAttributes=members', async () => {
    const list = await scim.get('/Groups?excludedAttributes=members')
    assert.equal(list.status, 200)
    assert.ok(list.body.Resources.length >= 2)
    for (const group of list.body.Resources) assert.equal(group.members, undefined)
  })
})
