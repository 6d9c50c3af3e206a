import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import fc from 'fast-check'
import { eachDialect } from '../helpers/dialects.js'
import { scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const USERS = 4
const GROUPS = 6

/** Memberships: [member index, group index]; members 0..USERS-1 are users, the rest groups. */
const membershipsArb = fc.uniqueArray(
  fc.tuple(
    fc.integer({ min: 0, max: USERS + GROUPS - 1 }),
    fc.integer({ min: 0, max: GROUPS - 1 }),
  ),
  { maxLength: 18, selector: ([m, g]) => `${m}:${g}` },
)

/**
 * Two implementations of a user's nested `groups` must agree: the listing (a level-by-level walk
 * in flattened-groups.ts) and the filter (a recursive SQL query in user-groups-sql.ts). For any
 * membership graph, cycles included, `groups[value eq "<g>" and type eq "<t>"]` selects exactly
 * the users whose listed groups hold g with type t.
 */
eachDialect('nested groups: the listing and the filter agree', (database) => {
  let server: TestServer

  before(async () => {
    server = await startServer(database)
  })
  after(() => server.close())

  it('for any membership graph', async () => {
    await fc.assert(
      fc.asyncProperty(membershipsArb, async (memberships) => {
        const directory = await server.createDirectory()
        const scim = scimClient(server.scimUrl, directory.token)
        const { users, groups } = await seed(scim, memberships)
        const listed = await listedTypes(scim, users)
        for (const group of groups) {
          for (const type of ['direct', 'indirect']) {
            const filter = `groups[value eq "${group}" and type eq "${type}"]`
            const found = await scim.get(`/Users?filter=${encodeURIComponent(filter)}`)
            const selected = (found.body.Resources as { id: string }[]).map((u) => u.id).sort()
            const expected = users.filter((u) => listed.get(`${u}|${group}`) === type).sort()
            assert.deepEqual(selected, expected, filter)
          }
        }
      }),
      { numRuns: 12 },
    )
  })
})

type Scim = ReturnType<typeof scimClient>

/** Pushes USERS users, GROUPS groups and the memberships into a fresh directory. */
async function seed(scim: Scim, memberships: readonly (readonly [number, number])[]) {
  const users: string[] = []
  for (let i = 0; i < USERS; i++)
    users.push((await scim.post('/Users', { schemas: [USER], userName: `u${i}` })).body.id)
  const groups: string[] = []
  for (let i = 0; i < GROUPS; i++)
    groups.push((await scim.post('/Groups', { schemas: [GROUP], displayName: `g${i}` })).body.id)
  const idOf = (member: number) => (member < USERS ? users[member] : groups[member - USERS])
  for (const [member, group] of memberships) {
    if (member === group + USERS) continue // a group cannot hold itself (400)
    const patched = await scim.patch(`/Groups/${groups[group]}`, {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'members', value: [{ value: idOf(member) }] }],
    })
    assert.equal(patched.status, 200, patched.text)
  }
  return { users, groups }
}

/** `${user}|${group}` → the `type` GET /Users/:id lists for that group. */
async function listedTypes(scim: Scim, users: readonly string[]): Promise<Map<string, string>> {
  const listed = new Map<string, string>()
  for (const user of users) {
    const groups = (await scim.get(`/Users/${user}`)).body.groups as {
      value: string
      type: string
    }[]
    for (const g of groups) listed.set(`${user}|${g.value}`, g.type)
  }
  return listed
}
