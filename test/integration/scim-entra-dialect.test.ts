import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { planFolder, runPostmanFolder } from '../conformance/postman-runner.js'
import { suiteFile } from '../conformance/suite-files.js'
import { eachDialect } from '../helpers/dialects.js'
import { newUser, patchOp, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
/** Both as Microsoft documents them sent by Entra ID's provisioning service. */
const LEGACY_ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User'
const LEGACY_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'

/**
 * What Entra ID sends, and where the `entra` profile and the RFC default differ: legacy schema
 * URNs, the enterprise manager on its qualified path, replace on a value filter that matches
 * nothing, and the "Group tests with garbage" folder of Microsoft's collection.
 */
eachDialect('SCIM: the Entra dialect and the RFC default', (database) => {
  let server: TestServer
  before(async () => {
    server = await startServer(database)
  })
  after(() => server.close())

  const clientFor = async (settings: Record<string, unknown>) => {
    const directory = await server.createDirectory(settings)
    return scimClient(server.scimUrl, directory.token)
  }

  describe('legacy schema URNs', () => {
    it('reads them as the standard URNs for Entra, even where unknown URNs are refused', async () => {
      for (const settings of [
        { profile: 'entra' },
        { profile: 'entra', unknownSchemas: 'reject' },
      ]) {
        const scim = await clientFor(settings)
        const created = await scim.post('/Users', {
          ...newUser('legacy'),
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', LEGACY_ENTERPRISE],
          [LEGACY_ENTERPRISE]: { department: 'R&D', employeeNumber: '7' },
        })
        assert.equal(created.status, 201, created.text)
        const read = await scim.get(`/Users/${created.body.id}`)
        for (const user of [created.body, read.body]) {
          assert.deepEqual(user.schemas, ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE])
          assert.deepEqual(user[ENTERPRISE], { department: 'R&D', employeeNumber: '7' })
          assert.ok(!JSON.stringify(user).includes('2.0User'), 'the alias is never echoed')
        }
        const patched = await scim.patch(
          `/Users/${created.body.id}`,
          patchOp({ op: 'Replace', path: `${LEGACY_ENTERPRISE}:department`, value: 'Ops' }),
        )
        assert.equal(patched.status, 204, patched.text)
        assert.equal(
          (await scim.get(`/Users/${created.body.id}`)).body[ENTERPRISE].department,
          'Ops',
        )

        const group = await scim.post('/Groups', {
          schemas: [GROUP, LEGACY_GROUP],
          displayName: 'g',
        })
        assert.equal(group.status, 201, group.text)
        assert.deepEqual(group.body.schemas, [GROUP])
        assert.deepEqual((await scim.get(`/Groups/${group.body.id}`)).body.schemas, [GROUP])
      }
    })

    it('refuses them as unknown URNs in the standard profile', async () => {
      const scim = await clientFor({ profile: 'standard' })
      const group = await scim.post('/Groups', { schemas: [GROUP, LEGACY_GROUP], displayName: 'h' })
      assert.equal(group.status, 400)
      assert.equal(group.body.scimType, 'invalidValue')
    })
  })

  it('stores the enterprise manager given as a plain string on its qualified path', async () => {
    for (const profile of ['standard', 'entra']) {
      const scim = await clientFor({ profile })
      const boss = await scim.post('/Users', newUser('boss'))
      const user = await scim.post('/Users', newUser('report'))
      for (const op of ['add', 'Replace']) {
        const response = await scim.patch(
          `/Users/${user.body.id}`,
          patchOp({ op, path: `${ENTERPRISE}:manager`, value: boss.body.id }),
        )
        assert.ok(response.status === 200 || response.status === 204, response.text)
        const read = await scim.get(`/Users/${user.body.id}`)
        assert.deepEqual(read.body[ENTERPRISE]?.manager, { value: boss.body.id })
      }
    }
  })

  describe('replace on a value filter that matches nothing', () => {
    const replaceWork = patchOp({
      op: 'replace',
      path: 'emails[type eq "work"].value',
      value: 'new@work.example',
    })
    const homeOnly = newUser('homebody', { emails: [{ value: 'h@home.example', type: 'home' }] })

    it('is 400 noTarget in the standard profile and changes nothing (RFC 7644 §3.5.2.3)', async () => {
      const scim = await clientFor({ profile: 'standard' })
      const user = await scim.post('/Users', homeOnly)
      const response = await scim.patch(`/Users/${user.body.id}`, replaceWork)
      assert.equal(response.status, 400, response.text)
      assert.equal(response.body.scimType, 'noTarget')
      const read = await scim.get(`/Users/${user.body.id}`)
      assert.equal(read.headers.get('etag'), user.headers.get('etag'))
      assert.deepEqual(read.body.emails, homeOnly.emails)
    })

    it('adds the work email in the entra profile, as Entra ID expects', async () => {
      const scim = await clientFor({ profile: 'entra' })
      const user = await scim.post('/Users', homeOnly)
      const response = await scim.patch(`/Users/${user.body.id}`, replaceWork)
      assert.equal(response.status, 204, response.text)
      const read = await scim.get(`/Users/${user.body.id}`)
      assert.deepEqual(read.body.emails, [
        ...homeOnly.emails,
        { type: 'work', value: 'new@work.example' },
      ])
    })
  })

  it('passes "Group tests with garbage" of Microsoft\'s collection from a fresh directory', async () => {
    const collection: unknown = JSON.parse(
      readFileSync(suiteFile('entra-scim-tests.postman_collection.json'), 'utf8'),
    )
    const directory = await server.createDirectory({ profile: 'entra' })
    const environment = [
      { key: 'Protocol', value: 'http' },
      { key: 'Server', value: '127.0.0.1' },
      { key: 'Port', value: `:${new URL(server.url).port}` },
      { key: 'Api', value: 'scim/v2' },
      { key: 'token', value: directory.token },
    ]
    const folder = 'Group tests with garbage'
    const run = await runPostmanFolder(collection, folder, environment)
    assert.deepEqual(run.problems, [])
    assert.equal(run.assertions.failed, 0)
    assert.equal(run.assertions.total, planFolder(collection, folder).assertions)
  })
})
