import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { seedPeopleFromCsv } from '../helpers/csv-people.js'
import { eachDialect } from '../helpers/dialects.js'
import { managementApi } from '../helpers/http.js'
import { seedSana } from '../helpers/reconcile.js'
import { startServer, type TestServer } from '../helpers/server.js'

/** The graph's refresh and changes over HTTP: the removal hold, its acceptance, snapshots. */
eachDialect('graph routes: refresh holds and snapshots', (database) => {
  let server: TestServer
  let sana: SanaEmulator
  let appId: string
  let call: ReturnType<typeof managementApi>

  before(async () => {
    server = await startServer(database)
    sana = await startSanaEmulator()
    call = managementApi(server)
    await seedPeopleFromCsv(server.hub.services, server.workspace.id, [
      'E1,ada@acme.com,Ada,Lovelace,R&D,Eng,active',
    ])
    seedSana(
      sana,
      ['ada@acme.com', 'b@x.org', 'c@x.org', 'd@x.org', 'e@x.org', 'f@x.org', 'g@x.org'].map(
        (userName) => ({ userName }),
      ),
    )
    const created = await call('POST', '/api/apps', {
      catalogId: 'sana-labs',
      name: 'Sana',
      connection: { ...sana.connection, rateLimit: { requests: 1000, windowMs: 1000, share: 1 } },
    })
    assert.equal(created.status, 201, created.text)
    appId = created.body.id
  })
  after(async () => {
    await sana.close()
    await server.close()
  })

  it('a held refresh says why; acceptGone over the API confirms the removals', async () => {
    const first = await call('POST', `/api/apps/${appId}/refresh`, {})
    assert.equal(first.body.status, 'succeeded', first.text)
    for (const user of [...sana.state.users.values()].slice(1)) sana.state.remove(user.id)
    const held = await call('POST', `/api/apps/${appId}/refresh`, {})
    assert.equal(held.status, 200)
    assert.equal(held.body.status, 'held')
    assert.equal(held.body.error.code, 'GRAPH_REFRESH_HELD')
    assert.match(held.body.error.message, /6 of 7 accounts were not listed/)
    const live = await call('GET', `/api/accounts?app=${appId}`)
    assert.equal(live.body.accounts.length, 7)
    const accepted = await call('POST', `/api/apps/${appId}/refresh`, { acceptGone: true })
    assert.equal(accepted.body.status, 'succeeded', accepted.text)
    assert.equal(accepted.body.counts.removed, 6)
    assert.equal((await call('GET', `/api/accounts?app=${appId}`)).body.accounts.length, 1)

    const latest = await call('GET', `/api/apps/${appId}/changes`)
    assert.equal(latest.body.snapshot.id, accepted.body.snapshotId)
    assert.equal(
      latest.body.changes.filter((c: { change: string }) => c.change === 'removed').length,
      6,
    )
    const earlier = await call(
      'GET',
      `/api/apps/${appId}/changes?snapshot=${first.body.snapshotId}`,
    )
    assert.equal(earlier.body.snapshot.status, 'succeeded')
    assert.equal(
      earlier.body.changes.filter((c: { change: string }) => c.change === 'created').length,
      7,
    )
  })

  it('an unknown snapshot or app is a 404 in the error format', async () => {
    const snapshot = await call('GET', `/api/apps/${appId}/changes?snapshot=nope`)
    assert.equal(snapshot.status, 404)
    assert.equal(snapshot.body.error.code, 'GRAPH_SNAPSHOT_NOT_FOUND')
    const app = await call('GET', '/api/apps/nope/changes')
    assert.equal(app.status, 404)
    assert.ok(app.body.error.code)
    const refresh = await call('POST', '/api/apps/nope/refresh', {})
    assert.equal(refresh.status, 404)
  })
})
