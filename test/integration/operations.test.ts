import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, it } from 'node:test'
import { listAuditEntries } from '../../src/platform/audit/index.js'
import { loadConfig } from '../../src/platform/config/index.js'
import { listEvents } from '../../src/platform/events/index.js'
import { createLogger } from '../../src/shared/logger.js'
import { createServer, type Server } from '../../src/surfaces/http/index.js'
import { eachDialect, type TestStore } from '../helpers/dialects.js'
import { newUser, patchOp, scimClient } from '../helpers/scim-client.js'
import { freePort } from '../helpers/server.js'

eachDialect('operations, audit and events', (database) => {
  let store: TestStore
  let hub: Server
  let url: string
  const logLines: string[] = []

  before(async () => {
    store = await database.open()
    const port = await freePort()
    const config = loadConfig({
      env: {},
      file: false,
      overrides: {
        'server.port': port,
        'database.url': store.url,
        secretKey: 'k'.repeat(40),
        'log.level': 'debug',
        dataDir: '/tmp/rollcall-ops',
      },
    })
    assert.ok(config.ok)
    const sink = new Writable({
      write: (chunk, _encoding, done) => {
        logLines.push(String(chunk))
        done()
      },
    })
    hub = await createServer(config.value, { store, log: createLogger({ level: 'debug' }, sink) })
    await hub.http.listen({ host: '127.0.0.1', port })
    url = `http://127.0.0.1:${port}`
  })
  after(() => hub.close())

  it('answers /healthz and exposes Prometheus /metrics by route template', async () => {
    const health = await fetch(`${url}/healthz`)
    assert.equal(health.status, 200)
    assert.deepEqual(await health.json(), { status: 'ok', database: database.dialect })
    await fetch(`${url}/scim/v2/Users/some-id`, { headers: { authorization: 'Bearer x' } })
    const metrics = await (await fetch(`${url}/metrics`)).text()
    assert.match(
      metrics,
      /rollcall_http_request_duration_seconds_bucket\{.*route="\/scim\/v2\/Users\/:id".*\}/,
    )
    assert.doesNotMatch(metrics, /some-id/)
  })

  it('records every change with who, what, when and before/after, raises events, and never logs a secret', async () => {
    const services = hub.services
    const workspace = await services.workspaces.create(
      { slug: `ops-${database.dialect}` },
      { type: 'cli', id: null },
    )
    const { directory, token } = await services.directories.create(
      { workspaceId: workspace.id },
      { type: 'cli', id: null },
    )
    const scim = scimClient(`${url}/scim/v2`, token)
    const user = (
      await scim.post('/Users', newUser('audited@acme.com', { password: 'Sup3rSecret!' }))
    ).body
    await scim.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'active', value: false }))
    await scim.delete(`/Users/${user.id}`)

    const trail = await listAuditEntries(store.db, { workspaceId: workspace.id, targetId: user.id })
    assert.deepEqual(
      trail.map((e) => e.action),
      ['scim.user.created', 'scim.user.updated', 'scim.user.deleted'],
    )
    assert.deepEqual(trail[1]?.actor, { type: 'scim_directory', id: directory.id })
    const [, update] = trail
    assert.ok(update)
    assert.equal((update.before as { active: boolean }).active, true)
    assert.equal((update.after as { active: boolean }).active, false)
    assert.ok(trail.every((e) => e.requestId && !Number.isNaN(Date.parse(e.at))))

    const events = await listEvents(store.db, { workspaceId: workspace.id })
    assert.deepEqual(
      events.filter((e) => e.subject.id === user.id).map((e) => e.type),
      ['scim.user.created', 'scim.user.updated', 'scim.user.deactivated', 'scim.user.deleted'],
    )
    assert.ok(events.every((e, i) => i === 0 || e.seq > (events[i - 1]?.seq ?? 0)))

    const everything = logLines.join('') + JSON.stringify(trail) + JSON.stringify(events)
    for (const secret of [token, 'Sup3rSecret!'])
      assert.ok(!everything.includes(secret), 'a secret reached a log or the trail')
    const stored = JSON.stringify(await store.db.selectFrom('scim_users').selectAll().execute())
    assert.doesNotMatch(stored, /Sup3rSecret/)
  })
})
