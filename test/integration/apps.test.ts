import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { sql } from 'kysely'
import { canCreateAccount, createsTasks } from '../../src/integrations/connectors/index.js'
import { unwrap } from '../../src/shared/result.js'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { eachDialect } from '../helpers/dialects.js'
import { startServer, type TestServer } from '../helpers/server.js'

const SYSTEM = { type: 'system', id: null } as const

eachDialect('connected apps', (database) => {
  let server: TestServer
  let sana: SanaEmulator
  const api = (token: string) => async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return { status: response.status, text, body: text ? JSON.parse(text) : undefined }
  }
  const sanaApp = (name = 'Sana') => ({
    catalogId: 'sana-labs',
    name,
    connection: { ...sana.connection, rateLimit: { requests: 100, windowMs: 1000 } },
    assignment: { filter: 'active eq true' },
    mappings: { userName: 'emails[primary eq true].value' },
    owner: 'it@acme.com',
  })

  before(async () => {
    server = await startServer(database)
    sana = await startSanaEmulator()
  })
  after(async () => {
    await sana.close()
    await server.close()
  })

  it('connects an app through the API and never stores or shows its secret in plain text', async () => {
    const call = api(server.managementToken)
    const created = await call('POST', '/api/apps', sanaApp())
    assert.equal(created.status, 201, created.text)
    assert.equal(created.body.catalogId, 'sana-labs')
    assert.equal(created.body.name, 'Sana')
    assert.deepEqual(created.body.connection.auth, { type: 'bearer' })
    const listed = await call('GET', '/api/apps')
    assert.equal(listed.status, 200)
    assert.deepEqual(
      listed.body.apps.map((a: { id: string }) => a.id),
      [created.body.id],
    )
    const shown = await call('GET', `/api/apps/${created.body.id}`)
    assert.equal(shown.body.assignment.filter, 'active eq true')
    for (const text of [created.text, listed.text, shown.text])
      assert.ok(!text.includes(sana.token))
    const db = server.store.db
    const rows = await sql<Record<string, unknown>>`select * from apps`.execute(db)
    const audit = await sql<Record<string, unknown>>`select * from audit_log`.execute(db)
    for (const row of [...rows.rows, ...audit.rows])
      assert.ok(!JSON.stringify(row).includes(sana.token))
  })

  it('decrypts the credential only inside the connector, which reaches the app', async () => {
    const services = server.hub.services
    const app = await services.apps.connect(
      server.workspace.id,
      sanaApp('Sana (connector)'),
      SYSTEM,
    )
    const connector = unwrap(await services.apps.connector(server.workspace.id, app.id))
    assert.ok(canCreateAccount(connector))
    const created = unwrap(
      await connector.createAccount(
        { userName: 'grace@acme.com', emails: [{ value: 'grace@acme.com', primary: true }] },
        { idempotencyKey: 'onboard:grace' },
      ),
    )
    assert.equal(sana.state.find(created.id)?.resource.userName, 'grace@acme.com')
    // One connector per app: its rate limiter and breaker are shared by every caller.
    assert.equal(unwrap(await services.apps.connector(server.workspace.id, app.id)), connector)
  })

  it('refuses invalid apps with 422 and every problem, duplicates with 409', async () => {
    const call = api(server.managementToken)
    const cases: Array<[unknown, RegExp]> = [
      [{ ...sanaApp('x1'), catalogId: 'nope' }, /unknown app nope/],
      [{ ...sanaApp('x2'), connection: undefined }, /needs a connection/],
      [
        {
          ...sanaApp('x3'),
          connection: { ...sana.connection, baseUrl: 'http://sana.example.com/scim' },
        },
        /https/,
      ],
      [
        { ...sanaApp('x4'), connection: { ...sana.connection, profile: { pageSize: 0 } } },
        /pageSize/,
      ],
      [{ ...sanaApp('x5'), assignment: { filter: 'active eq' } }, /assignment/],
      [{ catalogId: 'samepage', name: 'Samepage' }, /owner/],
      [
        {
          catalogId: 'samepage',
          name: 'Samepage',
          owner: 'it@acme.com',
          connection: sana.connection,
        },
        /no API/,
      ],
      [{ ...sanaApp('x6'), surprise: true }, /surprise|Unrecognized/],
      [
        {
          ...sanaApp('x7'),
          connection: { ...sana.connection, auth: { type: 'basic', username: 'u', password: 'p' } },
        },
        /authenticates with "bearer"/,
      ],
    ]
    for (const [body, message] of cases) {
      const response = await call('POST', '/api/apps', body)
      assert.equal(response.status, 422, response.text)
      assert.equal(response.body.error.code, 'APP_INVALID')
      assert.match(response.body.error.message, message)
    }
    const taken = await call('POST', '/api/apps', sanaApp('SANA'))
    assert.equal(taken.status, 409)
    assert.equal(taken.body.error.code, 'APP_NAME_TAKEN')
  })

  it('needs integrations:manage to connect and integrations:read to look; stays in its workspace', async () => {
    const services = server.hub.services
    const reader = await services.apiTokens.create(
      { workspaceId: server.workspace.id, scopes: ['integrations:read'] },
      SYSTEM,
    )
    const readOnly = api(reader.token)
    assert.equal((await readOnly('GET', '/api/apps')).status, 200)
    assert.equal((await readOnly('POST', '/api/apps', sanaApp('Nope'))).status, 403)
    assert.equal((await api('rc_mgmt_garbage')('GET', '/api/apps')).status, 401)
    const other = await services.workspaces.create({ slug: 'other-co' }, SYSTEM)
    const outsider = await services.apiTokens.create(
      { workspaceId: other.id, scopes: ['integrations:read', 'integrations:manage'] },
      SYSTEM,
    )
    const mine = (await api(server.managementToken)('GET', '/api/apps')).body.apps[0]
    const theirs = api(outsider.token)
    assert.equal((await theirs('GET', `/api/apps/${mine.id}`)).status, 404)
    assert.deepEqual((await theirs('GET', '/api/apps')).body.apps, [])
  })

  it('turns lifecycle steps of an app without an API into tasks for its owner', async () => {
    const services = server.hub.services
    const samepage = await services.apps.connect(
      server.workspace.id,
      {
        catalogId: 'samepage',
        name: 'Samepage',
        owner: 'owner@acme.com',
        assignment: { all: true },
      },
      SYSTEM,
    )
    const connector = unwrap(await services.apps.connector(server.workspace.id, samepage.id))
    assert.ok(createsTasks(connector))
    assert.deepEqual(connector.manifest.capabilities, [
      'list_accounts',
      'create_tasks',
      'list_entitlements',
      'manage_grants',
    ])
    assert.deepEqual(unwrap(await connector.listAccounts({})).items, [])
    const request = (action: 'create_account' | 'deactivate_account') => ({
      action,
      appName: 'Samepage',
      person: { email: 'Alice@Acme.com', displayName: 'Alice' },
      instructions: `${action} alice@acme.com in Samepage`,
      assignee: '',
    })
    const opened = unwrap(
      await connector.createTask(request('create_account'), { idempotencyKey: 'onboard:alice' }),
    )
    const again = unwrap(
      await connector.createTask(request('create_account'), { idempotencyKey: 'onboard:alice' }),
    )
    assert.equal(again.taskId, opened.taskId)
    assert.equal(again.marker, 'already_exists')
    const task = await services.tasks.get(opened.taskId, server.workspace.id)
    assert.equal(task.assignee, 'owner@acme.com', 'the owner gets tasks nobody else was named for')
    assert.equal(task.personEmail, 'alice@acme.com')
    assert.equal(task.status, 'open')
    assert.ok(task.dueAt && task.dueAt > task.createdAt)
    await services.tasks.complete({ id: opened.taskId, evidence: 'Invited from Members' }, SYSTEM)
    const active = unwrap(await connector.listAccounts({})).items
    assert.deepEqual(
      active.map((a) => [a.userName, a.active, a.displayName]),
      [['alice@acme.com', true, 'Alice']],
    )
    const leave = unwrap(
      await connector.createTask(request('deactivate_account'), {
        idempotencyKey: 'offboard:alice',
      }),
    )
    assert.equal(
      unwrap(await connector.listAccounts({})).items[0]?.active,
      true,
      'open tasks change nothing',
    )
    const done = await services.tasks.complete({ id: leave.taskId, evidence: 'Removed' }, SYSTEM)
    assert.equal(
      (await services.tasks.complete({ id: leave.taskId }, SYSTEM)).completedAt,
      done.completedAt,
    )
    assert.equal(
      unwrap(await connector.listAccounts({})).items[0]?.active,
      true,
      'a removal counts once an account import verified it (issue 8), not on the owner’s word',
    )
    const open = await services.tasks.list({ workspaceId: server.workspace.id, status: 'open' })
    assert.deepEqual(open, [])
  })

  it('pages the confirmed accounts of a manual app', async () => {
    const services = server.hub.services
    const app = await services.apps.connect(
      server.workspace.id,
      { catalogId: 'samepage', name: 'Samepage (paging)', owner: 'owner@acme.com' },
      SYSTEM,
    )
    const connector = unwrap(await services.apps.connector(server.workspace.id, app.id))
    if (!createsTasks(connector)) throw new Error('manual connector expected')
    for (const n of [1, 2, 3, 4, 5]) {
      const receipt = unwrap(
        await connector.createTask(
          {
            action: 'create_account',
            appName: 'Samepage',
            person: { email: `p${n}@acme.com` },
            instructions: 'Invite',
            assignee: 'owner@acme.com',
          },
          { idempotencyKey: `page:${n}` },
        ),
      )
      await services.tasks.complete({ id: receipt.taskId }, SYSTEM)
    }
    const first = unwrap(await connector.listAccounts({ pageSize: 2 }))
    const second = unwrap(
      await connector.listAccounts({
        pageSize: 2,
        ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
      }),
    )
    const third = unwrap(
      await connector.listAccounts({
        pageSize: 2,
        ...(second.nextCursor ? { cursor: second.nextCursor } : {}),
      }),
    )
    const emails = [...first.items, ...second.items, ...third.items].map((a) => a.userName)
    assert.deepEqual(emails, [
      'p1@acme.com',
      'p2@acme.com',
      'p3@acme.com',
      'p4@acme.com',
      'p5@acme.com',
    ])
  })
})
