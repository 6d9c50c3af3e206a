import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { listAuditEntries } from '../../src/platform/audit/index.js'
import { seedPeopleFromCsv } from '../helpers/csv-people.js'
import { eachDialect } from '../helpers/dialects.js'
import { managementApi } from '../helpers/http.js'
import { Browser, createMember } from '../helpers/oauth.js'
import { startServer, type TestServer } from '../helpers/server.js'

const SYSTEM = { type: 'system', id: null } as const

/**
 * The read and action APIs the console added: tasks, app health, the catalog, members, people
 * counts, API connections over HTTP, and the permissions in the session.
 */
eachDialect('the console APIs', (database) => {
  let server: TestServer
  let manualAppId = ''
  const api = () => managementApi(server)
  const openTask = (email: string, dueAt: Date, key: string) =>
    server.hub.services.tasks.openTask({
      workspaceId: server.workspace.id,
      appId: manualAppId,
      action: 'deactivate_account',
      personEmail: email,
      assignee: 'owner@acme.com',
      details: { appName: 'Samepage', instructions: 'Remove them under Members.' },
      dueAt,
      idempotencyKey: key,
    })

  before(async () => {
    server = await startServer(database)
    const app = await api()('POST', '/api/apps', {
      catalogId: 'samepage',
      name: 'Samepage',
      owner: 'owner@acme.com',
    })
    assert.equal(app.status, 201, app.text)
    manualAppId = app.body.id
  })
  after(() => server.close())

  describe('/api/tasks', () => {
    it('lists, filters overdue and by person, and completes with evidence into the audit log', async () => {
      const late = await openTask('ann@acme.com', new Date(Date.now() - 86_400_000), 'k-late')
      await openTask('bob@acme.com', new Date(Date.now() + 86_400_000), 'k-soon')
      const all = await api()('GET', '/api/tasks?status=open')
      assert.equal(all.body.tasks.length, 2)
      const overdue = await api()('GET', '/api/tasks?overdue=true')
      assert.deepEqual(
        overdue.body.tasks.map((t: { personEmail: string }) => t.personEmail),
        ['ann@acme.com'],
      )
      const bob = await api()('GET', '/api/tasks?personEmail=bob%40acme.com')
      assert.equal(bob.body.tasks.length, 1)
      const done = await api()('POST', `/api/tasks/${late.taskId}/complete`, {
        evidence: 'Removed in Members on Monday',
      })
      assert.equal(done.status, 200, done.text)
      assert.equal(done.body.status, 'done')
      assert.equal(done.body.evidence, 'Removed in Members on Monday')
      const trail = await listAuditEntries(server.store.db, {
        workspaceId: server.workspace.id,
        targetId: late.taskId,
        action: 'task.completed',
      })
      assert.deepEqual(trail[0]?.after, {
        status: 'done',
        completedAt: done.body.completedAt,
        evidence: 'Removed in Members on Monday',
      })
      assert.equal((await api()('GET', '/api/tasks?overdue=true')).body.tasks.length, 0)
    })

    it('refuses completion without integrations:manage, or without the CSRF token', async () => {
      const task = await openTask('cy@acme.com', new Date(), 'k-csrf')
      const reader = await server.hub.services.apiTokens.create(
        { workspaceId: server.workspace.id, scopes: ['integrations:read'] },
        SYSTEM,
      )
      const refused = await managementApi(server, reader.token)(
        'POST',
        `/api/tasks/${task.taskId}/complete`,
        {},
      )
      assert.equal(refused.status, 403)
      const admin = await createMember(server, 'admin@acme.com', 'admin')
      const browser = new Browser(server.url)
      await browser.signIn({ email: admin.email, password: admin.password, workspace: 'acme' })
      const path = `/api/tasks/${task.taskId}/complete`
      const json = { 'content-type': 'application/json' }
      const noCsrf = await browser.request(path, { method: 'POST', headers: json, body: '{}' })
      assert.equal(noCsrf.status, 403)
      const withCsrf = await browser.request(path, {
        method: 'POST',
        headers: { ...json, 'x-csrf-token': browser.csrfToken },
        body: JSON.stringify({ evidence: 'done' }),
      })
      assert.equal(withCsrf.status, 200)
    })

    it('does not find another workspace its tasks', async () => {
      const other = await server.hub.services.workspaces.create({ slug: 'initech' }, SYSTEM)
      const token = await server.hub.services.apiTokens.create(
        { workspaceId: other.id, scopes: ['integrations:manage', 'integrations:read'] },
        SYSTEM,
      )
      const task = await openTask('dee@acme.com', new Date(), 'k-other')
      const reply = await managementApi(server, token.token)(
        'POST',
        `/api/tasks/${task.taskId}/complete`,
        {},
      )
      assert.equal(reply.status, 404)
      const listed = await managementApi(server, token.token)('GET', '/api/tasks')
      assert.deepEqual(listed.body.tasks, [])
    })
  })

  describe('apps and the catalog', () => {
    it('reports connection health: breaker and bucket for API apps, tasks for manual ones', async () => {
      const manual = await api()('GET', `/api/apps/${manualAppId}/health`)
      assert.deepEqual(manual.body, { kind: 'manual' })
      const scim = await api()('POST', '/api/apps', {
        catalogId: 'scim-generic',
        name: 'Wiki',
        connection: { baseUrl: 'http://127.0.0.1:9/scim/v2', auth: { type: 'bearer', token: 'x' } },
        assignment: { all: true },
      })
      assert.equal(scim.status, 201, scim.text)
      const health = await api()('GET', `/api/apps/${scim.body.id}/health`)
      assert.equal(health.body.kind, 'api')
      assert.deepEqual(health.body.breaker, { state: 'closed' })
      assert.ok(health.body.rate.ratePerSecond > 0)
      assert.equal((await api()('GET', '/api/apps/nope/health')).status, 404)
    })

    it('serves the catalog: a summary list and whole entries', async () => {
      const list = await api()('GET', '/api/catalog')
      const ids = list.body.entries.map((e: { id: string }) => e.id)
      for (const id of ['sana-labs', 'samepage', 'stensul', 'okta', 'scim-generic']) {
        assert.ok(ids.includes(id), id)
      }
      const entry = await api()('GET', '/api/catalog/samepage')
      assert.equal(entry.body.integration.connector, 'manual')
      assert.equal(
        (await api()('GET', '/api/catalog/nope')).body.error.code,
        'CATALOG_ENTRY_NOT_FOUND',
      )
    })
  })

  describe('people, members and the session', () => {
    it('counts people by status', async () => {
      const empty = await api()('GET', '/api/people-counts')
      assert.deepEqual(empty.body, { total: 0, active: 0, inactive: 0, gone: 0 })
      await seedPeopleFromCsv(server.hub.services, server.workspace.id, [
        'E1,ann@acme.com,Ann,Lee,R&D,Engineering,active',
        'E2,bob@acme.com,Bob,Ray,Sales,Sales,active',
        'E3,cy@acme.com,Cy,Ng,Sales,Sales,terminated',
      ])
      const counts = await api()('GET', '/api/people-counts')
      assert.deepEqual(counts.body, { total: 3, active: 2, inactive: 1, gone: 0 })
    })

    it('lists members without any password material, and the session names its permissions', async () => {
      const member = await createMember(server, 'reader@acme.com', 'member')
      const members = await api()('GET', '/api/members')
      assert.ok(members.body.members.some((m: { email: string }) => m.email === member.email))
      assert.doesNotMatch(members.text, /scrypt|password_hash|correct horse/)
      const browser = new Browser(server.url)
      await browser.signIn({ email: member.email, password: member.password, workspace: 'acme' })
      const session = await (await browser.request('/auth/session')).json()
      assert.deepEqual(session.permissions, ['integrations:read'])
    })
  })

  describe('/oauth/connections', () => {
    it('creates (secret once), lists, rotates and deletes API connections', async () => {
      const created = await api()('POST', '/oauth/connections', {
        name: 'Payroll sync',
        allowedIps: '203.0.113.0/24',
        scopes: ['integrations:read'],
      })
      assert.equal(created.status, 201, created.text)
      assert.match(created.body.clientSecret, /^rc_secret_/)
      const listed = await api()('GET', '/oauth/connections')
      assert.equal(listed.body.connections.length, 1)
      assert.doesNotMatch(listed.text, new RegExp(created.body.clientSecret))
      const rotated = await api()('POST', `/oauth/connections/${created.body.id}/rotate-secret`)
      assert.notEqual(rotated.body.clientSecret, created.body.clientSecret)
      const invalid = await api()('POST', '/oauth/connections', { allowedIps: 'nope', scopes: [] })
      assert.equal(invalid.status, 422)
      assert.equal((await api()('DELETE', `/oauth/connections/${created.body.id}`)).status, 204)
      assert.deepEqual((await api()('GET', '/oauth/connections')).body.connections, [])
    })
  })
})
