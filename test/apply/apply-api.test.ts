import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { setTimeout as delay } from 'node:timers/promises'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { dropBossSchema } from '../helpers/apply.js'
import { eachDialect } from '../helpers/dialects.js'
import { managementApi } from '../helpers/http.js'
import { startServer, type TestServer } from '../helpers/server.js'

const SYSTEM = { type: 'system', id: null } as const

/** The HTTP side: the server's own worker applies a plan; errors in the API's format. */
eachDialect('apply API', (database) => {
  let server: TestServer
  let sana: SanaEmulator
  let api: ReturnType<typeof managementApi>
  let appId: string

  before(async () => {
    server = await startServer(database, {
      config: { 'jobs.pollMs': 20, 'jobs.leaseMs': 8000, 'sources.background': false },
    })
    api = managementApi(server)
    sana = await startSanaEmulator({ uniqueUserNames: false })
    const services = server.hub.services
    const file = path.join(os.tmpdir(), `apply-api-${Date.now()}-${Math.random()}.csv`)
    const rows = Array.from({ length: 12 }, (_, i) => `u${i}@acme.test,U${i},Api,,true,`)
    writeFileSync(
      file,
      ['email,first name,last name,groups,active,employee number', ...rows].join('\n'),
    )
    const source = await services.sources.add(
      server.workspace.id,
      'csv',
      { file, key: 'emails' },
      SYSTEM,
    )
    await services.sync.syncWorkspace(server.workspace.id, {
      trigger: 'cli',
      actor: SYSTEM,
      mode: 'full',
      sourceId: source.id,
    })
    const app = await services.apps.connect(
      server.workspace.id,
      {
        catalogId: 'sana-labs',
        name: 'Sana',
        connection: { ...sana.connection, rateLimit: { requests: 1000, windowMs: 1000, share: 1 } },
        assignment: { all: true },
      },
      SYSTEM,
    )
    appId = app.id
    await services.graph.refreshWorkspace(server.workspace.id, { trigger: 'cli', actor: SYSTEM })
  })
  after(async () => {
    await server.hub.services.stopJobs()
    await dropBossSchema(server.store)
    await server.close()
    await sana.close()
  })

  test('POST /api/plans/:id/apply queues it; GET /api/plans/:id shows it applied', async () => {
    const plan = await api('POST', '/api/plans', { app: appId })
    assert.equal(plan.status, 201, plan.text)
    const queued = await api('POST', `/api/plans/${plan.body.id}/apply`)
    assert.equal(queued.status, 202, queued.text)
    assert.ok(['running', 'applied'].includes(queued.body.status))
    let shown = await api('GET', `/api/plans/${plan.body.id}`)
    for (let i = 0; i < 300 && shown.body.apply?.status === 'running'; i++) {
      await delay(50)
      shown = await api('GET', `/api/plans/${plan.body.id}`)
    }
    assert.equal(shown.status, 200)
    assert.equal(shown.body.apply.status, 'applied', JSON.stringify(shown.body.apply))
    assert.equal(shown.body.apply.applied, 12)
    assert.ok(shown.body.operations.every((op: { status: string }) => op.status === 'applied'))
    assert.equal(sana.state.creations.length, 12)
  })

  test('client mistakes get 404 and 409 in the API error format', async () => {
    const missing = await api('POST', '/api/plans/no-such-plan/apply')
    assert.equal(missing.status, 404)
    assert.equal(missing.body.error.code, 'PLAN_NOT_FOUND')
    const notQuarantined = await api('DELETE', `/api/apps/${appId}/quarantine`)
    assert.equal(notQuarantined.status, 409)
    assert.equal(notQuarantined.body.error.code, 'APP_NOT_QUARANTINED')
    const list = await api('GET', '/api/quarantines')
    assert.deepEqual(list.body, { quarantined: [] })
  })
})
