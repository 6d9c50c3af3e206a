import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { eachDialect } from '../helpers/dialects.js'
import { eventually } from '../helpers/eventually.js'
import { managementApi } from '../helpers/http.js'
import { newUser, patchOp, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

const SYSTEM = { type: 'system', id: null } as const

/** Polls until `check` holds (a budget, so a stuck path fails with what it last saw). */
/**
 * The API of a person's lifecycle on a running server whose people come from its own inbound
 * SCIM directory: `POST /api/people/:idOrEmail/onboard|offboard`, `GET /api/lifecycle/:planId`,
 * and automatic offboarding when the IdP deactivates someone (SCIM PATCH `active=false`).
 */
eachDialect('lifecycle API', (database) => {
  let server: TestServer
  let sana: SanaEmulator
  let api: ReturnType<typeof managementApi>
  let scim: ReturnType<typeof scimClient>
  let sanaId: string
  const userIn = (name: string) =>
    [...sana.state.users.values()].find((u) => u.resource.userName === name)

  before(async () => {
    server = await startServer(database, {
      config: {
        ...{ 'jobs.pollMs': 20, 'sources.eventPollMs': 50, 'lifecycle.offboardPollMs': 50 },
        // One leaver goes out as soon as the follower sees them (no burst to gather here).
        'lifecycle.departures.settleSeconds': 0,
      },
    })
    sana = await startSanaEmulator()
    sana.seed(['ada@acme.test', 'bob@acme.test'])
    const services = server.hub.services
    const ws = server.workspace.id
    await services.sources.add(ws, 'scim', { directoryId: server.directory.id }, SYSTEM)
    scim = scimClient(server.scimUrl, server.directory.token)
    for (const name of ['ada@acme.test', 'bob@acme.test'])
      assert.equal((await scim.post('/Users', newUser(name))).status, 201)
    await eventually(
      'people from SCIM',
      () => services.people.list(ws, {}),
      (p) => p.length === 2,
    )
    const app = await services.apps.connect(
      ws,
      {
        catalogId: 'sana-labs',
        name: 'Sana',
        connection: { ...sana.connection, rateLimit: { requests: 1000, windowMs: 1000, share: 1 } },
        assignment: { all: true },
      },
      SYSTEM,
    )
    sanaId = app.id
    const [refreshed] = await services.graph.refreshWorkspace(ws, { trigger: 'cli', actor: SYSTEM })
    assert.equal(refreshed?.status, 'succeeded')
    api = managementApi(server)
  })
  after(async () => {
    await sana.close()
    const schema = server.store.schema
    if (schema)
      await sql.raw(`drop schema if exists ${schema}_boss cascade`).execute(server.store.db)
    await server.close()
  })

  test('a dry run, then onboarding applied and tracked to completion', async () => {
    const dry = await api('POST', '/api/people/bob@acme.test/offboard', {})
    assert.equal(dry.status, 200, dry.text)
    assert.equal(dry.body.status, 'planned')
    assert.deepEqual(
      dry.body.operations.map((op: { appId: string; kind: string }) => [op.appId, op.kind]),
      [[sanaId, 'deactivate']],
    )
    assert.equal(userIn('bob@acme.test')?.resource.active, true)

    // Cy joins in the IdP; onboarding her creates her Sana account.
    assert.equal((await scim.post('/Users', newUser('cy@acme.test'))).status, 201)
    const people = server.hub.services.people
    await eventually(
      'Cy',
      () => people.list(server.workspace.id, {}),
      (p) => p.length === 3,
    )
    const started = await api('POST', '/api/people/cy@acme.test/onboard', { apply: true })
    assert.equal(started.status, 202, started.text)
    const planId = started.body.planId
    const done = await eventually(
      'onboarding',
      async () => (await api('GET', `/api/lifecycle/${planId}`)).body,
      (r) => r.status === 'completed',
    )
    assert.equal(done.action, 'onboard')
    assert.equal(done.applied, 1)
    assert.equal(userIn('cy@acme.test')?.resource.active, true)
  })

  test('the IdP deactivates someone: every app deactivates them without anyone asking', async () => {
    const found = await scim.get(
      `/Users?filter=${encodeURIComponent('userName eq "ada@acme.test"')}`,
    )
    const id = found.body.Resources[0].id
    const patched = await scim.patch(
      `/Users/${id}`,
      patchOp({ op: 'replace', path: 'active', value: false }),
    )
    assert.equal(patched.status, 200)
    await eventually(
      'deactivation in Sana',
      async () => userIn('ada@acme.test')?.resource.active,
      (a) => a === false,
    )
    // The offboarding records its start after queueing the steps, which may already be done.
    const events = await eventually(
      'the offboarding event',
      async () => (await api('GET', '/api/events?type=person.offboard_started')).body.events,
      (e) => e.length > 0,
    )
    assert.equal(events.length, 1)
    assert.equal(events[0].data.trigger, 'schedule')
  })

  test('client mistakes get clear errors', async () => {
    const bad = await api('POST', '/api/people/bob@acme.test/offboard', { apply: 'yes' })
    assert.equal(bad.status, 400)
    assert.equal(bad.body.error.code, 'LIFECYCLE_REQUEST_INVALID')
    const nobody = await api('POST', '/api/people/nobody@acme.test/offboard', {})
    assert.equal(nobody.status, 404, nobody.text)
    const missing = await api('GET', '/api/lifecycle/no-such-plan')
    assert.equal(missing.status, 404)
    assert.equal(missing.body.error.code, 'LIFECYCLE_PLAN_NOT_FOUND')
  })
})
