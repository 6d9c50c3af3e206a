import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { DirectoryContext } from '../../src/identity/directory/index.js'
import { eachDialect } from '../helpers/dialects.js'
import { type ScimClient, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

/**
 * Unfiltered lists use the directory's exact counts and page anchors; filtered lists use COUNT(*)
 * and OFFSET. Both must always agree, through creates and deletes.
 */
eachDialect('deep pages and exact totals', (database) => {
  let server: TestServer
  let scim: ScimClient
  let context: { directory: DirectoryContext; actor: { type: 'system'; id: null } }

  const ids = (body: { Resources: { id: string }[] }) => body.Resources.map((r) => r.id)
  const page = (startIndex: number, filtered: boolean) =>
    scim.get(
      `/Users?startIndex=${startIndex}&count=50&attributes=id${filtered ? '&filter=id%20pr' : ''}`,
    )

  before(async () => {
    server = await startServer(database)
    scim = scimClient(server.scimUrl, server.directory.token)
    const directory = await server.hub.services.directories.authenticate(server.directory.token)
    assert.ok(directory)
    context = { directory, actor: { type: 'system', id: null } }
    for (let i = 0; i < 1200; i++) {
      await server.hub.services.scim.users.create(context, { userName: `deep${i}@acme.com` })
    }
  })
  after(() => server.close())

  it('serves the same deep pages and totals with and without a filter, through changes', async () => {
    for (let round = 0; round < 3; round++) {
      for (const start of [1, 1001, 1151, 1199, 1201]) {
        const [plain, filtered] = [await page(start, false), await page(start, true)]
        assert.equal(plain.body.totalResults, filtered.body.totalResults)
        assert.deepEqual(ids(plain.body), ids(filtered.body), `startIndex ${start}, round ${round}`)
      }
      // Change the roster between rounds: delete one early user, add one.
      const first = (await page(1, false)).body.Resources[0].id
      assert.equal((await scim.delete(`/Users/${first}`)).status, 204)
      assert.equal((await scim.post('/Users', { userName: `late${round}@acme.com` })).status, 201)
    }
    const counted = await server.store.db
      .selectFrom('scim_users')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    assert.equal((await page(1, false)).body.totalResults, Number(counted.n))
  })
})
