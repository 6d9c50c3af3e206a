import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { MAX_GROUP_NESTING_DEPTH } from '../../src/identity/directory/resources/group-nesting.js'
import { listEvents } from '../../src/platform/events/index.js'
import { eachDialect } from '../helpers/dialects.js'
import { eventually } from '../helpers/eventually.js'
import { SYSTEM } from '../helpers/people.js'
import { scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

type GroupOut = { value: string; display: string; type: string }
type PersonOut = { id: string; resource: { userName: string; groups?: GroupOut[] } }

/** `[display, type]` of a user's groups as the server lists them (by name). */
const named = (groups: GroupOut[] | undefined) => (groups ?? []).map((g) => [g.display, g.type])

/**
 * Nested groups (RFC 7643 §4.1.2 `groups`: "direct" and "indirect"), end to end: an IdP pushes
 * users and nested groups over HTTP, the server lists the flattened groups, the SCIM directory
 * source carries them into people, and a people filter on a parent group selects a member of a
 * nested sub-group; moving or renaming a group re-syncs everyone under it.
 */
eachDialect('SCIM nested groups', (database) => {
  let server: TestServer
  let scim: ReturnType<typeof scimClient>

  const user = async (userName: string) => {
    const created = await scim.post('/Users', { schemas: [USER], userName })
    assert.equal(created.status, 201)
    return String(created.body.id)
  }
  const group = async (displayName: string, members: string[] = []) => {
    const created = await scim.post('/Groups', {
      schemas: [GROUP],
      displayName,
      members: members.map((value) => ({ value })),
    })
    assert.equal(created.status, 201, created.text)
    return String(created.body.id)
  }
  const patchGroup = async (id: string, operations: unknown[]) => {
    const patched = await scim.patch(`/Groups/${id}`, { schemas: [PATCH], Operations: operations })
    assert.ok(patched.status === 200 || patched.status === 204, patched.text)
  }
  const groupsOf = async (id: string) => (await scim.get(`/Users/${id}`)).body.groups as GroupOut[]
  const people = async (filter: string): Promise<PersonOut[]> => {
    const response = await fetch(`${server.url}/api/people?filter=${encodeURIComponent(filter)}`, {
      headers: { authorization: `Bearer ${server.managementToken}` },
    })
    assert.equal(response.status, 200)
    return ((await response.json()) as { people: PersonOut[] }).people
  }
  /** The userNames GET /Users?filter=… selects. */
  const filtered = async (filter: string) => {
    const listed = await scim.get(`/Users?filter=${encodeURIComponent(filter)}`)
    assert.equal(listed.status, 200, listed.text)
    return (listed.body.Resources as { userName: string }[]).map((u) => u.userName).sort()
  }
  const userNames = (found: PersonOut[]) => found.map((p) => p.resource.userName).sort()

  before(async () => {
    server = await startServer(database)
    scim = scimClient(server.scimUrl, server.directory.token)
  })
  after(() => server.close())

  describe('the server lists flattened groups', () => {
    it('three levels: direct, then indirect for each parent', async () => {
      const alice = await user('alice@acme.test')
      const team = await group('L3 Team', [alice])
      const dept = await group('L3 Dept', [team])
      await group('L3 Company', [dept])
      assert.deepEqual(named(await groupsOf(alice)), [
        ['L3 Company', 'indirect'],
        ['L3 Dept', 'indirect'],
        ['L3 Team', 'direct'],
      ])
      const listed = await scim.get(
        `/Users?filter=${encodeURIComponent('userName eq "alice@acme.test"')}`,
      )
      assert.deepEqual(named(listed.body.Resources[0].groups), named(await groupsOf(alice)))
      // Filters see the same groups the resource lists.
      assert.deepEqual(await filtered('groups.display eq "L3 Company"'), ['alice@acme.test'])
      assert.deepEqual(await filtered('groups[display eq "L3 Dept" and type eq "indirect"]'), [
        'alice@acme.test',
      ])
      assert.deepEqual(await filtered('groups[display eq "L3 Dept" and type eq "direct"]'), [])
      assert.deepEqual(
        await filtered('userName sw "alice" and not (groups.display eq "L3 Company")'),
        [],
      )
      assert.deepEqual(await filtered('userName sw "alice" and groups.type eq "indirect"'), [
        'alice@acme.test',
      ])
    })

    it('a cycle ends, and each group is listed once', async () => {
      const bob = await user('bob@acme.test')
      const a = await group('Cycle A', [bob])
      const b = await group('Cycle B', [a])
      await patchGroup(a, [{ op: 'add', path: 'members', value: [{ value: b }] }])
      assert.deepEqual(named(await groupsOf(bob)), [
        ['Cycle A', 'direct'],
        ['Cycle B', 'indirect'],
      ])
      assert.deepEqual(await filtered('groups.display eq "Cycle B"'), ['bob@acme.test'])
      assert.deepEqual(await filtered('groups.display eq "Nowhere"'), [])
    })

    it(`stops at ${MAX_GROUP_NESTING_DEPTH} levels`, async () => {
      const carol = await user('carol@acme.test')
      let below = await group('Chain 01', [carol])
      for (let level = 2; level <= MAX_GROUP_NESTING_DEPTH + 2; level++)
        below = await group(`Chain ${String(level).padStart(2, '0')}`, [below])
      const listed = named(await groupsOf(carol)).map(([display]) => display)
      assert.equal(listed.length, MAX_GROUP_NESTING_DEPTH)
      const last = `Chain ${String(MAX_GROUP_NESTING_DEPTH).padStart(2, '0')}`
      const beyond = `Chain ${String(MAX_GROUP_NESTING_DEPTH + 1).padStart(2, '0')}`
      assert.equal(listed.at(-1), last)
      assert.deepEqual(await filtered(`groups.display eq "${last}"`), ['carol@acme.test'])
      assert.deepEqual(await filtered(`groups.display eq "${beyond}"`), [])
    })

    it('a group held directly and through a nested group is direct, once', async () => {
      const dave = await user('dave@acme.test')
      const squad = await group('Both Squad', [dave])
      await group('Both Eng', [dave, squad])
      assert.deepEqual(named(await groupsOf(dave)), [
        ['Both Eng', 'direct'],
        ['Both Squad', 'direct'],
      ])
      assert.deepEqual(await filtered('groups[display eq "Both Eng" and type eq "indirect"]'), [])
      assert.deepEqual(await filtered('groups[display eq "Both Eng" and type eq "direct"]'), [
        'dave@acme.test',
      ])
    })
  })

  describe('people follow nested groups', () => {
    let erin: string
    let backend: string
    let platform: string
    let engineering: string

    before(async () => {
      erin = await user('erin@acme.test')
      backend = await group('Backend', [erin])
      platform = await group('Platform', [backend])
      engineering = await group('Engineering', [platform])
      const source = await server.hub.services.sources.add(
        server.workspace.id,
        'scim',
        { directoryId: server.directory.id },
        SYSTEM,
      )
      // The full sync reads what was pushed before the source existed; events do the rest.
      await server.hub.services.sync.syncSource(server.workspace.id, source.id, {
        trigger: 'cli',
        actor: SYSTEM,
      })
    })

    it('a member of a nested sub-group is selected by its parent group', async () => {
      const found = await eventually(
        'erin reaches people with Engineering',
        () => people('groups.display eq "Engineering"'),
        (list) => list.length > 0,
      )
      assert.deepEqual(userNames(found), ['erin@acme.test'])
      const groups = found[0]?.resource.groups ?? []
      assert.deepEqual(
        groups.find((g) => g.display === 'Engineering'),
        { value: engineering, display: 'Engineering', type: 'indirect' },
      )
      assert.deepEqual(
        userNames(await people('groups[display eq "Engineering" and type eq "direct"]')),
        [],
      )
    })

    it('a user pushed later into the sub-group is selected too', async () => {
      const frank = await user('frank@acme.test')
      await patchGroup(backend, [{ op: 'add', path: 'members', value: [{ value: frank }] }])
      await eventually(
        'frank reaches Engineering',
        async () => userNames(await people('groups.display eq "Engineering"')),
        (names) => names.includes('frank@acme.test'),
      )
    })

    it('renaming a parent group renames it for every nested user', async () => {
      await patchGroup(engineering, [{ op: 'replace', path: 'displayName', value: 'R&D' }])
      const found = await eventually(
        'the rename reaches people',
        async () => userNames(await people('groups.display eq "R&D"')),
        (names) => names.length === 2,
      )
      assert.deepEqual(found, ['erin@acme.test', 'frank@acme.test'])
      assert.deepEqual(await people('groups.display eq "Engineering"'), [])
      // Only a rename asks followers to re-read every user under the group (record-change.ts).
      const updates = (
        await listEvents(server.store.db, { workspaceId: server.workspace.id, limit: 5000 })
      )
        .filter((e) => e.type === 'scim.group.updated' && e.subject.id === engineering)
        .map((e) => (e.data as { displayNameChanged?: boolean }).displayNameChanged)
      assert.deepEqual(updates, [true])
    })

    it('a sub-group removed from its parent takes the parent away from its users', async () => {
      await patchGroup(engineering, [{ op: 'remove', path: `members[value eq "${platform}"]` }])
      await eventually(
        'users under Platform lose R&D',
        async () => userNames(await people('groups.display eq "R&D"')),
        (names) => names.length === 0,
      )
      assert.deepEqual(userNames(await people('groups.display eq "Platform"')), [
        'erin@acme.test',
        'frank@acme.test',
      ])
    })

    it('a sub-group added to a parent gives the parent to every user under it', async () => {
      await patchGroup(engineering, [{ op: 'add', path: 'members', value: [{ value: platform }] }])
      const found = await eventually(
        'R&D is back',
        async () => userNames(await people('groups.display eq "R&D"')),
        (names) => names.length === 2,
      )
      assert.deepEqual(found, ['erin@acme.test', 'frank@acme.test'])
    })

    it('a cycle between groups ends, both in the listing and in the re-sync', async () => {
      // Backend ∈ Platform ∈ R&D ∈ Backend, and gina joins R&D.
      await patchGroup(backend, [{ op: 'add', path: 'members', value: [{ value: engineering }] }])
      const gina = await user('gina@acme.test')
      await patchGroup(engineering, [{ op: 'add', path: 'members', value: [{ value: gina }] }])
      const found = await eventually(
        'gina reaches people with Backend through the cycle',
        () => people('userName eq "gina@acme.test" and groups.display eq "Backend"'),
        (list) => list.length === 1,
      )
      assert.deepEqual(named(found[0]?.resource.groups), [
        ['Backend', 'indirect'],
        ['Platform', 'indirect'],
        ['R&D', 'direct'],
      ])
      assert.deepEqual(userNames(await people('groups.display eq "R&D"')), [
        'erin@acme.test',
        'frank@acme.test',
        'gina@acme.test',
      ])
    })

    it('a deleted middle group takes itself and the groups above it away', async () => {
      const deleted = await scim.request('DELETE', `/Groups/${platform}`)
      assert.equal(deleted.status, 204)
      await eventually(
        'Platform is gone from people, and R&D from those under Backend only',
        async () => [
          ...userNames(await people('groups.display eq "Platform"')),
          ...userNames(await people('groups.display eq "R&D"')),
        ],
        (names) => names.length === 1,
      )
      assert.deepEqual(userNames(await people('groups.display eq "R&D"')), ['gina@acme.test'])
      assert.deepEqual(userNames(await people('groups.display eq "Backend"')), [
        'erin@acme.test',
        'frank@acme.test',
        'gina@acme.test',
      ])
    })
  })
})
