import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { seedPeopleFromCsv } from '../helpers/csv-people.js'
import { eachDialect } from '../helpers/dialects.js'
import { managementApi } from '../helpers/http.js'
import { seedSana } from '../helpers/reconcile.js'
import { startServer, type TestServer } from '../helpers/server.js'

const SYSTEM = { type: 'system', id: null } as const

/** `/api/findings`, `/api/reconcile`, `/api/plans…` and `/api/accounts…` over HTTP. */
eachDialect('reconcile and graph routes', (database) => {
  let server: TestServer
  let sana: SanaEmulator
  let appId: string
  let call: ReturnType<typeof managementApi>
  let other: ReturnType<typeof managementApi>

  before(async () => {
    server = await startServer(database)
    sana = await startSanaEmulator()
    call = managementApi(server)
    const services = server.hub.services
    await seedPeopleFromCsv(services, server.workspace.id, [
      'E1,ada@acme.com,Ada,Lovelace,R&D,Eng,active',
      'E2,alan@acme.com,Alan,Turing,R&D,Eng,active',
      'E3,kim@acme.com,Kim,One,Ops,Ops,active',
    ])
    seedSana(sana, [{ userName: 'kim@acme.com' }, { userName: 'zed@elsewhere.org' }])
    const created = await call('POST', '/api/apps', {
      catalogId: 'sana-labs',
      name: 'Sana',
      connection: { ...sana.connection, rateLimit: { requests: 1000, windowMs: 1000, share: 1 } },
      assignment: { filter: 'groups.display eq "Eng"' },
    })
    assert.equal(created.status, 201, created.text)
    appId = created.body.id
    // Another workspace with its own token: it must see none of this.
    const ws = await services.workspaces.create({ slug: 'globex', plan: 'enterprise' }, SYSTEM)
    const token = await services.apiTokens.create(
      { workspaceId: ws.id, scopes: ['integrations:read', 'integrations:manage'] },
      SYSTEM,
    )
    other = managementApi(server, token.token)
  })
  after(async () => {
    await sana.close()
    await server.close()
  })

  it('refreshes, reconciles, lists findings and accounts', async () => {
    const refreshed = await call('POST', `/api/apps/${appId}/refresh`, {})
    assert.equal(refreshed.status, 200, refreshed.text)
    assert.equal(refreshed.body.status, 'succeeded')
    const changes = await call('GET', `/api/apps/${appId}/changes`)
    assert.equal(changes.status, 200)
    assert.deepEqual(changes.body.changes.map((c: { change: string }) => c.change).sort(), [
      'created',
      'created',
      'linked',
      'orphaned',
    ])
    const run = await call('POST', '/api/reconcile', { app: appId })
    assert.equal(run.status, 200, run.text)
    assert.deepEqual(run.body.apps[0].counts, {
      in_sync: 0,
      missing: 2,
      drifted: 0,
      residual: 1,
      orphan: 1,
      ambiguous: 0,
      missing_grant: 0,
      excess_grant: 0,
      privileged_grant: 0,
      residual_grant: 0,
    })
    const findings = await call('GET', `/api/findings?app=${appId}&kind=missing`)
    assert.equal(findings.status, 200)
    assert.deepEqual(
      findings.body.findings.map((f: { personEmail: string }) => f.personEmail).sort(),
      ['ada@acme.com', 'alan@acme.com'],
    )
    const page = await call('GET', '/api/findings?limit=1')
    assert.equal(page.body.findings.length, 1)
    const rest = await call('GET', `/api/findings?after=${encodeURIComponent(page.body.next)}`)
    assert.equal(rest.body.findings.length, 3)
    const orphans = await call('GET', `/api/accounts?app=${appId}&state=orphan`)
    assert.equal(orphans.body.accounts.length, 1)
    const account = await call('GET', `/api/accounts/${orphans.body.accounts[0].id}`)
    assert.equal(account.body.userName, 'zed@elsewhere.org')
    assert.deepEqual(account.body.candidates, [])
  })

  it('creates a plan, shows it in pages, and decides held items', async () => {
    const created = await call('POST', '/api/plans', { app: appId })
    assert.equal(created.status, 201, created.text)
    const plan = created.body
    assert.deepEqual(plan.operations.map((op: { kind: string }) => op.kind).sort(), [
      'create',
      'create',
      'deactivate',
    ])
    const first = await call('GET', `/api/plans/${plan.id}?limit=2`)
    assert.equal(first.body.operations.length, 2)
    const second = await call('GET', `/api/plans/${plan.id}?limit=2&after=${first.body.nextAfter}`)
    assert.equal(second.body.operations.length, 1)
    assert.equal(second.body.nextAfter, undefined)
    // Nothing is held: deciding an operation that does not wait is a conflict.
    const op = plan.operations[0].id
    const conflict = await call('POST', `/api/plans/${plan.id}/items/${op}/approve`, {
      reason: 'ok',
    })
    assert.equal(conflict.status, 409)
    assert.equal(conflict.body.error.code, 'PLAN_OPERATION_NOT_HELD')
    const all = await call('POST', `/api/plans/${plan.id}/approve`, { reason: 'ok' })
    assert.equal(all.status, 200)
    assert.equal(all.body.status, 'ready')
    const offboard = await call('POST', '/api/plans', { person: 'ada@acme.com', offboard: true })
    assert.equal(offboard.status, 201, offboard.text)
  })

  it('bad input is a 4xx in the management error format, never a 500', async () => {
    const cases: Array<[string, string, unknown, number, string]> = [
      ['GET', '/api/findings?kind=bogus', undefined, 400, 'RECONCILE_QUERY_INVALID'],
      ['POST', '/api/plans', { offboard: true }, 422, 'PLAN_SCOPE_INVALID'],
      ['POST', '/api/plans', { app: 42 }, 400, 'RECONCILE_QUERY_INVALID'],
      ['POST', '/api/plans', { person: ['ada'] }, 400, 'RECONCILE_QUERY_INVALID'],
      [
        'POST',
        '/api/plans',
        { offboard: 'yes', person: 'ada@acme.com' },
        400,
        'RECONCILE_QUERY_INVALID',
      ],
      ['POST', '/api/plans', { person: 'nobody@acme.com' }, 404, 'GRAPH_PERSON_NOT_FOUND'],
      ['POST', '/api/plans', { app: 'no-such-app' }, 404, 'APP_NOT_FOUND'],
      ['POST', '/api/reconcile', { app: { id: 1 } }, 400, 'RECONCILE_QUERY_INVALID'],
      ['GET', '/api/plans/nope', undefined, 404, 'PLAN_NOT_FOUND'],
      ['GET', '/api/accounts?state=bogus', undefined, 400, 'GRAPH_REQUEST_INVALID'],
      ['GET', '/api/accounts/nope', undefined, 404, 'ACCOUNT_NOT_FOUND'],
      ['POST', '/api/accounts/nope/link', { person: 'ada@acme.com' }, 404, 'ACCOUNT_NOT_FOUND'],
      ['POST', '/api/apps/nope/refresh', {}, 404, 'APP_NOT_FOUND'],
    ]
    for (const [method, path, body, status, code] of cases) {
      const reply = await call(method, path, body)
      assert.equal(reply.status, status, `${method} ${path} ${JSON.stringify(body)}: ${reply.text}`)
      assert.equal(reply.body?.error?.code, code, `${method} ${path}: ${reply.text}`)
      assert.equal(typeof reply.body.error.message, 'string')
    }
    const [orphan] = (await call('GET', `/api/accounts?app=${appId}&state=orphan`)).body.accounts
    const noPerson = await call('POST', `/api/accounts/${orphan.id}/link`, {})
    assert.equal(noPerson.status, 400, noPerson.text)
    assert.equal(noPerson.body.error.code, 'GRAPH_REQUEST_INVALID')
    const plan = (await call('POST', '/api/plans', { app: appId })).body
    const badPage = await call('GET', `/api/plans/${plan.id}?after=abc`)
    assert.equal(badPage.status, 400, badPage.text)
    const badOp = await call('POST', `/api/plans/${plan.id}/items/nope/reject`, { reason: 'no' })
    assert.equal(badOp.status, 404)
    assert.equal(badOp.body.error.code, 'PLAN_OPERATION_NOT_FOUND')
    const anonymous = await fetch(`${server.url}/api/findings`)
    assert.equal(anonymous.status, 401)
  })

  it('another workspace cannot see or decide any of it', async () => {
    const plan = (await call('POST', '/api/plans', { app: appId })).body
    const [account] = (await call('GET', `/api/accounts?app=${appId}`)).body.accounts
    assert.deepEqual((await other('GET', '/api/findings')).body.findings, [])
    assert.deepEqual((await other('GET', '/api/accounts')).body.accounts, [])
    const refused: Array<[string, string, unknown]> = [
      ['GET', `/api/plans/${plan.id}`, undefined],
      ['POST', `/api/plans/${plan.id}/approve`, { reason: 'ok' }],
      ['POST', `/api/plans/${plan.id}/items/${plan.operations[0].id}/reject`, { reason: 'no' }],
      ['GET', `/api/accounts/${account.id}`, undefined],
      ['POST', `/api/accounts/${account.id}/link`, { person: 'ada@acme.com' }],
      ['POST', `/api/accounts/${account.id}/unlink`, {}],
      ['POST', `/api/apps/${appId}/refresh`, {}],
      ['GET', `/api/apps/${appId}/changes`, undefined],
      ['POST', '/api/plans', { app: appId }],
      ['POST', '/api/reconcile', { app: appId }],
    ]
    for (const [method, path, body] of refused) {
      const reply = await other(method, path, body)
      assert.equal(reply.status, 404, `${method} ${path}: ${reply.text}`)
      assert.ok(reply.body.error.code, reply.text)
    }
    const own = await other('POST', '/api/plans', {})
    assert.equal(own.status, 201)
    assert.deepEqual(own.body.operations, [])
  })
})
