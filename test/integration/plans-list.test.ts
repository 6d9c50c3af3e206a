import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { userBody } from '../emulators/http.js'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { seedPeopleFromCsv } from '../helpers/csv-people.js'
import { eachDialect } from '../helpers/dialects.js'
import { managementApi } from '../helpers/http.js'
import { startServer, type TestServer } from '../helpers/server.js'

/**
 * The console's reads of reconciliation: `GET /api/plans` (newest first, by status, paged by
 * cursor) and `GET /api/findings/counts` (open findings by kind and app), over a Sana with a
 * leaver's active account (residual, its deactivation held by policy) and an account nobody owns.
 */
eachDialect('plans list and finding counts', (database) => {
  let server: TestServer
  let sana: SanaEmulator
  let api: ReturnType<typeof managementApi>
  let appId: string
  const plans: string[] = []

  before(async () => {
    server = await startServer(database)
    api = managementApi(server)
    sana = await startSanaEmulator()
    await seedPeopleFromCsv(server.hub.services, server.workspace.id, [
      'E1,ann@acme.com,Ann,Lee,R&D,Engineering,active',
      'E2,bob@acme.com,Bob,Ray,Sales,Sales,terminated',
    ])
    for (const email of ['ann@acme.com', 'bob@acme.com']) {
      const created = sana.state.create(userBody(email))
      if (!created.ok) throw created.error
    }
    sana.seed(['nobody@acme.com'])
    const app = await api('POST', '/api/apps', {
      catalogId: 'sana-labs',
      name: 'Sana',
      connection: { ...sana.connection, rateLimit: { requests: 1000, windowMs: 1000, share: 1 } },
      assignment: { all: true },
      policy: { approve: ['deactivate'] },
    })
    assert.equal(app.status, 201, app.text)
    appId = app.body.id
    const refreshed = await api('POST', `/api/apps/${appId}/refresh`, {})
    assert.equal(refreshed.body.status, 'succeeded', refreshed.text)
    for (let i = 0; i < 3; i++) {
      const plan = await api('POST', '/api/plans', {})
      assert.equal(plan.status, 201, plan.text)
      plans.unshift(plan.body.id)
    }
  })
  after(async () => {
    await server?.close()
    await sana?.close()
  })

  it('lists plans newest first, without their operations, and by status', async () => {
    const all = await api('GET', '/api/plans')
    assert.equal(all.status, 200, all.text)
    assert.deepEqual(
      all.body.plans.map((p: { id: string }) => p.id),
      plans,
    )
    assert.equal(all.body.next, undefined)
    const [newest] = all.body.plans
    assert.equal(newest.status, 'held')
    assert.equal(newest.counts.held, 1)
    assert.equal(newest.operations, undefined)
    const held = await api('GET', '/api/plans?status=held')
    assert.equal(held.body.plans.length, 3)
    const ready = await api('GET', '/api/plans?status=ready')
    assert.deepEqual(ready.body.plans, [])
  })

  it('pages with the next cursor, and refuses a malformed status', async () => {
    const first = await api('GET', '/api/plans?limit=2')
    assert.equal(first.body.plans.length, 2)
    assert.ok(first.body.next)
    const second = await api(
      'GET',
      `/api/plans?limit=2&before=${encodeURIComponent(first.body.next)}`,
    )
    assert.deepEqual(
      [...first.body.plans, ...second.body.plans].map((p: { id: string }) => p.id),
      plans,
    )
    assert.equal(second.body.next, undefined)
    const bad = await api('GET', '/api/plans?status=HELD%20OR%201')
    assert.equal(bad.status, 400, bad.text)
    assert.equal(bad.body.error.code, 'RECONCILE_QUERY_INVALID')
  })

  it('counts open findings by kind and by app, agreeing with the findings list', async () => {
    const counts = await api('GET', '/api/findings/counts')
    assert.equal(counts.status, 200, counts.text)
    assert.equal(counts.body.byKind.residual, 1)
    assert.equal(counts.body.byKind.orphan, 1)
    assert.equal(counts.body.byKind.missing, 0)
    const listed = await api('GET', '/api/findings?limit=1000')
    assert.equal(counts.body.total, listed.body.findings.length)
    assert.deepEqual(counts.body.byApp, [{ appId, counts: counts.body.byKind }])
  })

  it('counts nothing in another workspace', async () => {
    const other = await server.hub.services.workspaces.create(
      { slug: 'other' },
      { type: 'cli', id: null },
    )
    const token = await server.hub.services.apiTokens.create(
      { workspaceId: other.id, scopes: ['integrations:read'] },
      { type: 'cli', id: null },
    )
    const theirs = managementApi(server, token.token)
    const counts = await theirs('GET', '/api/findings/counts')
    assert.equal(counts.body.total, 0)
    assert.deepEqual((await theirs('GET', '/api/plans')).body.plans, [])
  })
})
