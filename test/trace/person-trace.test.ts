import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { eachDialect } from '../helpers/dialects.js'
import { eventually } from '../helpers/eventually.js'
import { managementApi } from '../helpers/http.js'
import { newUser, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

const SYSTEM = { type: 'system', id: null } as const

type Entry = {
  key: string
  at: string
  kind: string
  app: { id: string; name: string } | null
  summary: string
  status: string | null
  attempts?: number
  response?: { ok: boolean; status: number | null; marker: string | null }
  ids: Record<string, string>
}

/**
 * A person's trace and on-demand runs (issue 17) on the real server over HTTP: people from the
 * server's own SCIM directory, two emulated SCIM apps (Sana and Payroll), offboarding traced to
 * the refresh that verified it in each app, and "just this person, now".
 */
eachDialect('person trace and on-demand runs', (database) => {
  let server: TestServer
  let sana: SanaEmulator
  let payroll: SanaEmulator
  let api: ReturnType<typeof managementApi>
  const apps: Record<string, string> = {}
  const people = ['ada@acme.test', 'bob@acme.test', 'cy@acme.test']
  const userIn = (app: SanaEmulator, name: string) =>
    [...app.state.users.values()].find((u) => u.resource.userName === name)

  before(async () => {
    server = await startServer(database, {
      config: { 'jobs.pollMs': 20, 'sources.eventPollMs': 50, 'lifecycle.offboardPollMs': 50 },
    })
    sana = await startSanaEmulator()
    payroll = await startSanaEmulator()
    // Ada and Bob have accounts in both apps; Cy has none yet.
    sana.seed(['ada@acme.test', 'bob@acme.test'])
    payroll.seed(['ada@acme.test', 'bob@acme.test'])
    const services = server.hub.services
    const ws = server.workspace.id
    await services.sources.add(ws, 'scim', { directoryId: server.directory.id }, SYSTEM)
    const scim = scimClient(server.scimUrl, server.directory.token)
    for (const name of people) assert.equal((await scim.post('/Users', newUser(name))).status, 201)
    await eventually(
      'people from SCIM',
      () => services.people.list(ws, {}),
      (p) => p.length === 3,
    )
    for (const [name, emulator] of [
      ['Sana', sana],
      ['Payroll', payroll],
    ] as const) {
      const connection = {
        ...emulator.connection,
        rateLimit: { requests: 1000, windowMs: 1000, share: 1 },
      }
      const app = await services.apps.connect(
        ws,
        { catalogId: 'sana-labs', name, connection, assignment: { all: true } },
        SYSTEM,
      )
      apps[name] = app.id
    }
    const refreshed = await services.graph.refreshWorkspace(ws, { trigger: 'cli', actor: SYSTEM })
    assert.deepEqual(
      refreshed.map((r) => r.status),
      ['succeeded', 'succeeded'],
    )
    api = managementApi(server)
  })
  after(async () => {
    await Promise.all([sana.close(), payroll.close()])
    const schema = server.store.schema
    if (schema)
      await sql.raw(`drop schema if exists ${schema}_boss cascade`).execute(server.store.db)
    await server.close()
  })

  const traceOf = async (person: string, query = ''): Promise<Entry[]> => {
    const reply = await api('GET', `/api/people/${encodeURIComponent(person)}/trace${query}`)
    assert.equal(reply.status, 200, reply.text)
    return reply.body.entries
  }

  test('an offboarding, traced until the refresh verified it in each app', async () => {
    const started = await api('POST', '/api/people/ada@acme.test/offboard', {
      apply: true,
      reason: 'last day',
    })
    assert.equal(started.status, 202, started.text)
    const entries = await eventually(
      'verified in both apps',
      () => traceOf('ada@acme.test'),
      (e) => e.filter((x) => x.kind === 'verification' && x.status === 'verified').length === 2,
    )
    assert.equal(userIn(sana, 'ada@acme.test')?.resource.active, false)
    assert.equal(userIn(payroll, 'ada@acme.test')?.resource.active, false)
    for (const name of ['Sana', 'Payroll']) {
      const ofApp = entries.filter((e) => e.app?.name === name)
      const planned = ofApp.find((e) => e.key.startsWith('planned:'))
      const applied = ofApp.find((e) => e.key.startsWith('settled:'))
      const verified = ofApp.find((e) => e.key.startsWith('verified:'))
      assert.ok(planned && applied && verified, `${name}: ${JSON.stringify(ofApp, null, 1)}`)
      assert.equal(planned.summary, `Planned to deactivate the account in ${name}`)
      assert.equal(applied.status, 'applied')
      assert.equal(applied.response?.ok, true)
      assert.ok((applied.attempts ?? 0) >= 1)
      assert.match(applied.summary, new RegExp(`^Applied: deactivate the account in ${name}`))
      assert.equal(verified.ids.operationId, applied.ids.operationId)
      // Newest first: verified after applied after planned.
      assert.ok(entries.indexOf(verified) < entries.indexOf(applied))
      assert.ok(entries.indexOf(applied) < entries.indexOf(planned))
      // The refresh that verified it also saw the account go inactive.
      assert.ok(
        ofApp.some((e) => e.kind === 'verification' && e.summary.endsWith(': inactive')),
        JSON.stringify(ofApp.map((e) => e.summary)),
      )
    }
    const offboarded = entries.find((e) => e.kind === 'departure' && e.status === 'offboarded')
    assert.equal(offboarded?.summary, 'An API token offboarded the person: last day')
    assert.ok(entries.some((e) => e.kind === 'sync' && e.summary.startsWith('A source added')))
    assert.ok(entries.some((e) => e.kind === 'link' && e.app?.name === 'Sana'))
    for (let i = 1; i < entries.length; i++)
      assert.ok((entries[i - 1]?.at ?? '') >= (entries[i]?.at ?? ''), 'newest first')
  })

  test('pages by cursor give every entry once; ?app= keeps that app (and the person’s own)', async () => {
    const all = await traceOf('ada@acme.test', '?limit=200')
    const seen: Entry[] = []
    let cursor: string | undefined
    do {
      const reply = await api(
        'GET',
        `/api/people/ada@acme.test/trace?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      )
      assert.equal(reply.status, 200, reply.text)
      assert.ok(reply.body.entries.length <= 3)
      seen.push(...reply.body.entries)
      cursor = reply.body.nextCursor
    } while (cursor)
    assert.deepEqual(
      seen.map((e) => e.key),
      all.map((e) => e.key),
    )
    const sanaOnly = await traceOf('ada@acme.test', '?app=sana&limit=200')
    assert.ok(sanaOnly.length > 0)
    assert.ok(sanaOnly.every((e) => e.app === null || e.app.name === 'Sana'))
    const since = all.find((e) => e.key.startsWith('verified:'))?.at ?? ''
    const recent = await traceOf('ada@acme.test', `?since=${encodeURIComponent(since)}`)
    assert.ok(recent.length > 0 && recent.every((e) => e.at >= since))
  })

  test('on demand for one person: a dry run first, then only their operations applied', async () => {
    const dry = await api('POST', '/api/people/cy@acme.test/provision-on-demand', {
      dryRun: true,
      apps: ['Sana'],
    })
    assert.equal(dry.status, 200, dry.text)
    assert.equal(dry.body.state, 'planned')
    assert.deepEqual(
      dry.body.steps.map((s: { kind: string; app: { name: string } }) => [s.kind, s.app.name]),
      [['create', 'Sana']],
    )
    assert.equal(userIn(sana, 'cy@acme.test'), undefined, 'a dry run changes nothing')

    // Bob's account must stay as it is: the run is Cy's alone.
    const bobBefore = JSON.stringify(userIn(sana, 'bob@acme.test')?.resource)
    const run = await api('POST', '/api/people/cy@acme.test/provision-on-demand', {})
    assert.equal(run.status, 202, run.text)
    const runId: string = run.body.runId
    assert.ok(runId)
    const done = await eventually(
      'the on-demand run',
      async () => (await api('GET', `/api/people/cy@acme.test/provision-on-demand/${runId}`)).body,
      (r) => r.state === 'done',
    )
    assert.deepEqual(
      done.steps
        .map((s: { kind: string; app: { name: string }; state: string }) =>
          [s.kind, s.app.name, s.state].join(' '),
        )
        .sort(),
      ['create Payroll verified', 'create Sana verified'],
    )
    assert.equal(userIn(sana, 'cy@acme.test')?.resource.active, true)
    assert.equal(userIn(payroll, 'cy@acme.test')?.resource.active, true)
    assert.equal(JSON.stringify(userIn(sana, 'bob@acme.test')?.resource), bobBefore)
    const plan = await api('GET', `/api/plans/${done.planId}`)
    assert.deepEqual(
      [...new Set(plan.body.operations.map((op: { personEmail: string }) => op.personEmail))],
      ['cy@acme.test'],
    )
    const trace = await traceOf('cy@acme.test')
    assert.ok(trace.some((e) => e.summary.startsWith('On-demand run started')))
    assert.equal(trace.filter((e) => e.key.startsWith('verified:')).length, 2)
  })

  test('bad input: a clear 4xx and nothing changed', async () => {
    const countPlans = async () =>
      Number(
        (
          await server.store.db
            .selectFrom('plans')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const plansBefore = await countPlans()
    const cases: Array<[string, string, unknown, number, string]> = [
      ['GET', '/api/people/nobody@acme.test/trace', undefined, 404, 'GRAPH_PERSON_NOT_FOUND'],
      ['GET', '/api/people/ada@acme.test/trace?app=Nope', undefined, 404, 'TRACE_APP_NOT_FOUND'],
      ['GET', '/api/people/ada@acme.test/trace?cursor=zzz', undefined, 400, 'TRACE_QUERY_INVALID'],
      [
        'GET',
        '/api/people/ada@acme.test/trace?cursor=%25%25',
        undefined,
        400,
        'TRACE_QUERY_INVALID',
      ],
      ['GET', '/api/people/ada@acme.test/trace?limit=0', undefined, 400, 'TRACE_QUERY_INVALID'],
      ['GET', '/api/people/ada@acme.test/trace?since=soon', undefined, 400, 'TRACE_QUERY_INVALID'],
      ['GET', '/api/people/ada@acme.test/trace?what=1', undefined, 400, 'TRACE_QUERY_INVALID'],
      [
        'POST',
        '/api/people/nobody@acme.test/provision-on-demand',
        {},
        404,
        'GRAPH_PERSON_NOT_FOUND',
      ],
      [
        'POST',
        '/api/people/bob@acme.test/provision-on-demand',
        { apps: ['Nope'] },
        404,
        'TRACE_APP_NOT_FOUND',
      ],
      [
        'POST',
        '/api/people/bob@acme.test/provision-on-demand',
        { dryRun: 'yes' },
        400,
        'ON_DEMAND_REQUEST_INVALID',
      ],
      [
        'POST',
        '/api/people/bob@acme.test/provision-on-demand',
        { apps: [] },
        400,
        'ON_DEMAND_REQUEST_INVALID',
      ],
      [
        'GET',
        '/api/people/bob@acme.test/provision-on-demand/no-such-run',
        undefined,
        404,
        'ON_DEMAND_RUN_NOT_FOUND',
      ],
    ]
    for (const [method, path, body, status, code] of cases) {
      const reply = await api(method, path, body)
      assert.equal(reply.status, status, `${method} ${path}: ${reply.text}`)
      assert.equal(reply.body.error.code, code, `${method} ${path}`)
    }
    // A run of Cy's is not Bob's.
    const cyRun = await api('POST', '/api/people/cy@acme.test/provision-on-demand', {
      dryRun: true,
    })
    const crossed = await api(
      'GET',
      `/api/people/bob@acme.test/provision-on-demand/${cyRun.body.runId}`,
    )
    assert.equal(crossed.status, 404)
    // Another workspace's person is unknown here.
    const services = server.hub.services
    const other = await services.workspaces.create({ slug: 'other', plan: 'enterprise' }, SYSTEM)
    const stranger = await api('GET', `/api/people/${other.id}/trace`)
    assert.equal(stranger.status, 404)
    const { id: adaId } = await server.hub.services.graph.resolvePerson(
      server.workspace.id,
      'ada@acme.test',
    )
    const outsider = await services.apiTokens.create(
      { workspaceId: other.id, scopes: ['integrations:read', 'integrations:manage'] },
      SYSTEM,
    )
    const otherApi = managementApi(server, outsider.token)
    assert.equal((await otherApi('GET', `/api/people/${adaId}/trace`)).status, 404)
    assert.equal(
      (await otherApi('POST', `/api/people/${adaId}/provision-on-demand`, {})).status,
      404,
    )
    // Only the dry run above made a plan; nothing was applied.
    assert.equal(await countPlans(), plansBefore + 1)
    // Without the scope, no trace.
    const readOnly = await services.apiTokens.create(
      { workspaceId: server.workspace.id, scopes: ['audit:read'] },
      SYSTEM,
    )
    const weak = managementApi(server, readOnly.token)
    assert.equal((await weak('GET', '/api/people/ada@acme.test/trace')).status, 403)
    assert.equal(
      (await weak('POST', '/api/people/ada@acme.test/provision-on-demand', {})).status,
      403,
    )
  })
})
