import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { sql } from 'kysely'
import { insertAccessOverride } from '../../src/access/reconcile/index.js'
import type { Clock } from '../../src/shared/clock.js'
import { type StensulEmulator, startStensulEmulator } from '../emulators/stensul.js'
import { eachDialect } from '../helpers/dialects.js'
import { eventually } from '../helpers/eventually.js'
import { type ApiReply, managementApi } from '../helpers/http.js'
import { Browser } from '../helpers/oauth.js'
import { newUser, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

const SYSTEM = { type: 'system', id: null } as const
const GENEROUS = { requests: 1000, windowMs: 1000, share: 1 }
const DAY = 86_400_000
const PASSWORD = 'correct horse battery staple'
const PEOPLE = ['ada@acme.test', 'bob@acme.test', 'cy@acme.test']

/** A clock the test moves forward (the hub's "now" for expiry), real time otherwise. */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms) {
      offset += ms
    },
  }
}

/**
 * Access requests over HTTP (issue 18) on a running server: people from its SCIM directory,
 * Stensul (the emulator) read into the graph with the birthright role Reviewer. A member asks
 * for the Creator role; the app's owner approves; the planned add_grant is applied through the
 * emulator and shows in the next listing; when the clock passes `until` the removal is planned
 * and applied and nothing grants it again. A review's revoke removes a rule's grant for good.
 * Every bad request gets a clear 4xx and changes nothing.
 */
eachDialect('access requests API', (database) => {
  let server: TestServer
  let api: ReturnType<typeof managementApi>
  let stensul: StensulEmulator
  let appId: string
  const clock = movableClock()
  const sessions = new Map<string, Browser>()
  const person = new Map<string, string>()
  const ent = new Map<string, string>()
  const remote = new Map<string, string>()
  let created: { id: string }

  async function signedIn(email: string): Promise<Browser> {
    const browser = new Browser(server.url)
    const reply = await browser.signIn({ email, password: PASSWORD, workspace: 'acme' })
    assert.equal(reply.status, 200, await reply.text())
    return browser
  }
  /** A member's call through their console session (cookie and CSRF token). */
  async function as(email: string, method: string, path: string, body?: unknown) {
    const browser = sessions.get(email) ?? assert.fail(email)
    const response = await browser.json(method, path, body)
    const text = await response.text()
    return { status: response.status, text, body: text ? JSON.parse(text) : undefined }
  }
  const rows = async () =>
    (await server.store.db.selectFrom('access_requests').select('id').execute()).length
  const overrides = async () =>
    (await server.store.db.selectFrom('access_overrides').select('id').execute()).length

  /** Expects the status and code, and that no request, override or audit entry was written. */
  async function refused(
    call: () => Promise<Pick<ApiReply, 'status' | 'text' | 'body'>>,
    status: number,
    code: string,
  ) {
    const before = [await rows(), await overrides(), await auditCount()]
    const reply = await call()
    assert.equal(reply.status, status, reply.text)
    assert.equal(reply.body.error.code, code, reply.text)
    assert.deepEqual(
      [await rows(), await overrides(), await auditCount()],
      before,
      'nothing changed',
    )
    return reply
  }
  const auditCount = async () =>
    (
      await server.store.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', 'like', 'access_request%')
        .execute()
    ).length

  /** Waits for a plan's apply to finish (the server's worker), then for the app's refresh. */
  async function applied(planId: string) {
    const ws = server.workspace.id
    const settled = new Set(['applied', 'failed', 'skipped'])
    // Every operation settled (an approved one is queued by the approval follower, later).
    const plan = await eventually(
      `plan ${planId} applied`,
      () => server.hub.services.reconcile.getPlan(ws, planId),
      (p) => p.operations.every((op) => settled.has(op.status)),
    )
    assert.deepEqual(
      plan.operations.filter((op) => op.status !== 'applied').map((op) => op.status),
      [],
    )
    await refresh()
  }
  /** A refresh of the app (after the one apply starts by itself, when that one is running). */
  async function refresh() {
    await eventually(
      'a refresh of Stensul',
      () => api('POST', `/api/apps/${appId}/refresh`, {}),
      (reply) => reply.body?.error?.code !== 'GRAPH_REFRESH_RUNNING',
    ).then((reply) => assert.equal(reply.body.status, 'succeeded', reply.text))
  }
  async function planApp(): Promise<{ id: string; lines: string[] }> {
    const plan = await api('POST', '/api/plans', { appId })
    assert.equal(plan.status, 201, plan.text)
    const lines = (
      plan.body.operations as Array<{
        kind: string
        personEmail: string
        payload: { entitlement?: { displayName: string } }
      }>
    )
      .map((op) => `${op.kind} ${op.payload.entitlement?.displayName ?? ''} ${op.personEmail}`)
      .sort()
    return { id: plan.body.id, lines }
  }
  const roleMembers = (role: string) => {
    const group = stensul.roles.find((r) => r.displayName === role) ?? assert.fail(role)
    return [...group.memberIds].map((id) => [...remote].find(([, r]) => r === id)?.[0]).sort()
  }

  before(async () => {
    server = await startServer(database, {
      clock,
      config: { 'jobs.pollMs': 20, 'sources.eventPollMs': 50 },
    })
    api = managementApi(server)
    const services = server.hub.services
    const ws = server.workspace.id
    stensul = await startStensulEmulator({ roles: ['Admin', 'Creator', 'Reviewer'] })
    const ids = stensul.seed(PEOPLE)
    for (const [i, email] of PEOPLE.entries()) remote.set(email, ids[i] ?? '')
    for (const role of stensul.roles)
      role.memberIds = role.displayName === 'Reviewer' ? [...ids] : []
    await services.sources.add(ws, 'scim', { directoryId: server.directory.id }, SYSTEM)
    const scim = scimClient(server.scimUrl, server.directory.token)
    for (const email of PEOPLE)
      assert.equal((await scim.post('/Users', newUser(email))).status, 201)
    await eventually(
      'people from SCIM',
      () => services.people.list(ws, {}),
      (p) => p.length === 3,
    )
    for (const email of PEOPLE)
      person.set(email, (await services.graph.resolvePerson(ws, email)).id)
    for (const [email, role] of [
      ['ada@acme.test', 'member'],
      ['owner@acme.test', 'member'],
      ['eve@acme.test', 'member'],
    ] as const)
      await services.members.create({ workspaceId: ws, email, role, password: PASSWORD }, SYSTEM)
    const app = await api('POST', '/api/apps', {
      ...{ catalogId: 'stensul', name: 'Stensul', owner: 'owner@acme.test' },
      connection: { ...stensul.connection, rateLimit: GENEROUS },
      assignment: { all: true },
    })
    assert.equal(app.status, 201, app.text)
    appId = app.body.id
    assert.equal((await api('POST', `/api/apps/${appId}/refresh`, {})).body.status, 'succeeded')
    for (const e of (await api('GET', `/api/apps/${appId}/entitlements`)).body.items as Array<{
      id: string
      displayName: string
    }>)
      ent.set(e.displayName, e.id)
    const rules = await api('PATCH', `/api/apps/${appId}`, {
      grants: [{ entitlement: 'Reviewer' }],
    })
    assert.equal(rules.status, 200, rules.text)
    for (const email of ['ada@acme.test', 'owner@acme.test', 'eve@acme.test'])
      sessions.set(email, await signedIn(email))
  })
  after(async () => {
    await stensul.close()
    const schema = server.store.schema
    if (schema)
      await sql.raw(`drop schema if exists ${schema}_boss cascade`).execute(server.store.db)
    await server.close()
  })

  it('the starting point: everyone holds Reviewer by the rule, the plan is empty', async () => {
    assert.deepEqual(roleMembers('Reviewer'), PEOPLE)
    assert.deepEqual((await planApp()).lines, [])
  })

  it('a member asks for Creator for a week: 201 pending, audited, an event', async () => {
    const reply = await as('ada@acme.test', 'POST', '/api/access-requests', {
      ...{ appId, entitlementId: 'Creator', reason: 'Q1 launch emails', duration: '7d' },
    })
    assert.equal(reply.status, 201, reply.text)
    created = reply.body
    assert.deepEqual(
      [reply.body.status, reply.body.personId, reply.body.entitlementId, reply.body.duration],
      ['pending', person.get('ada@acme.test'), ent.get('Creator'), '7d'],
    )
    const mine = await as('ada@acme.test', 'GET', '/api/access-requests?mine=true')
    assert.deepEqual(
      mine.body.items.map((r: { id: string }) => r.id),
      [created.id],
    )
    const toApprove = await as('owner@acme.test', 'GET', '/api/access-requests?toApprove=true')
    assert.deepEqual(
      toApprove.body.items.map((r: { id: string }) => r.id),
      [created.id],
    )
    assert.deepEqual(
      (await as('eve@acme.test', 'GET', '/api/access-requests?to-approve=true')).body.items,
      [],
    )
    const events = await api('GET', '/api/events?type=access_request.*')
    assert.deepEqual(
      events.body.events.map((e: { type: string }) => e.type),
      ['access_request.created'],
    )
  })

  it('nobody approves their own request; a member the policy does not name may not approve', async () => {
    await refused(
      () =>
        as('ada@acme.test', 'POST', `/api/access-requests/${created.id}/approve`, { reason: 'me' }),
      403,
      'ACCESS_REQUEST_SELF_APPROVAL',
    )
    await refused(
      () =>
        as('eve@acme.test', 'POST', `/api/access-requests/${created.id}/approve`, {
          reason: 'sure',
        }),
      403,
      'ACCESS_REQUEST_APPROVAL_FORBIDDEN',
    )
    await refused(
      () => as('owner@acme.test', 'POST', `/api/access-requests/${created.id}/approve`, {}),
      400,
      'ACCESS_REQUEST_INVALID',
    )
  })

  it("the app's owner approves: an add_grant is planned, applied through Stensul, and listed", async () => {
    const reply = await as(
      'owner@acme.test',
      'POST',
      `/api/access-requests/${created.id}/approve`,
      { reason: 'launch week' },
    )
    assert.equal(reply.status, 200, reply.text)
    assert.equal(reply.body.status, 'approved')
    const until = Date.parse(reply.body.until)
    assert.ok(Math.abs(until - (clock.now().getTime() + 7 * DAY)) < 60_000, reply.body.until)
    assert.ok(reply.body.planId, reply.text)
    const plan = await api('GET', `/api/plans/${reply.body.planId}`)
    assert.deepEqual(
      plan.body.operations.map(
        (op: { kind: string; personEmail: string }) => `${op.kind} ${op.personEmail}`,
      ),
      ['add_grant ada@acme.test'],
    )
    await applied(reply.body.planId)
    assert.deepEqual(roleMembers('Creator'), ['ada@acme.test'])
    const access = await api('GET', `/api/people/${person.get('ada@acme.test')}/access`)
    const creator = access.body.apps[0].grants.find(
      (g: { entitlementName: string }) => g.entitlementName === 'Creator',
    )
    assert.equal(creator?.reason.kind, 'request', access.text)
    assert.match(creator?.reason.words, new RegExp(`request ${created.id}, until`))
    await refused(
      () =>
        as('owner@acme.test', 'POST', `/api/access-requests/${created.id}/reject`, {
          reason: 'late',
        }),
      409,
      'ACCESS_REQUEST_NOT_PENDING',
    )
    assert.deepEqual((await planApp()).lines, [], 'in sync while the request lasts')
  })

  it('past its until: the removal is planned and applied, the request expired, never re-granted', async () => {
    clock.advance(8 * DAY)
    // A week later the listing is stale (nothing is planned on it) and sessions have ended.
    await refresh()
    for (const email of sessions.keys()) sessions.set(email, await signedIn(email))
    const plan = await planApp()
    assert.deepEqual(plan.lines, ['remove_grant Creator ada@acme.test'])
    const findings = await api('GET', `/api/findings?appId=${appId}`)
    const excess = findings.body.findings.find((f: { kind: string }) => f.kind === 'excess_grant')
    assert.match(
      excess?.evidence.reason,
      new RegExp(`^the request ${created.id} granted it until .*: expired$`),
    )
    assert.equal((await api('POST', `/api/plans/${plan.id}/apply`, {})).status < 300, true)
    await applied(plan.id)
    assert.deepEqual(roleMembers('Creator'), [])
    const round = await server.hub.services.lifecycleWork.runLifecycle()
    assert.equal(round.requestsExpired, 1)
    assert.equal((await api('GET', `/api/access-requests/${created.id}`)).body.status, 'expired')
    assert.deepEqual((await planApp()).lines, [], 'no later plan grants it again')
    const events = await api('GET', '/api/events?type=access_request.*')
    assert.deepEqual(
      events.body.events.map((e: { type: string }) => e.type),
      [...['access_request.created', 'access_request.approved', 'access_request.expired']],
    )
  })

  it("a review's revoke removes a rule's grant and the next plan does not add it back", async () => {
    await insertAccessOverride(server.store.db, {
      ...{ id: 'ov-review-1', workspace_id: server.workspace.id, app_id: appId },
      ...{
        person_id: person.get('cy@acme.test') ?? '',
        entitlement_id: ent.get('Reviewer') ?? null,
      },
      ...{ effect: 'revoke', until: null, source_type: 'review', source_id: 'rev-1' },
      ...{
        reason: 'no longer reviews',
        created_by: JSON.stringify(SYSTEM),
        created_at: clock.now().toISOString(),
      },
    })
    const plan = await planApp()
    assert.deepEqual(plan.lines, ['remove_grant Reviewer cy@acme.test'])
    await api('POST', `/api/plans/${plan.id}/apply`, {})
    await applied(plan.id)
    assert.deepEqual(roleMembers('Reviewer'), ['ada@acme.test', 'bob@acme.test'])
    assert.deepEqual((await planApp()).lines, [], 'the rule does not grant it back')
    const access = await api('GET', `/api/people/${person.get('cy@acme.test')}/access`)
    assert.equal(access.body.apps[0].grants.length, 0)
  })

  it('two approvals from two people; cancel by the requester; revoke early by an admin', async () => {
    const put = await api('PUT', `/api/apps/${appId}/request-policies`, {
      entitlements: { Admin: { approvers: ['owner', 'admins'], approvals: 2, maxDuration: '2d' } },
    })
    assert.equal(put.status, 200, put.text)
    const asked = await as('ada@acme.test', 'POST', '/api/access-requests', {
      ...{ appId, entitlementId: ent.get('Admin'), reason: 'incident', duration: '1d' },
    })
    assert.equal(asked.status, 201, asked.text)
    const first = await as(
      'owner@acme.test',
      'POST',
      `/api/access-requests/${asked.body.id}/approve`,
      { reason: 'ok' },
    )
    assert.equal(first.body.status, 'pending', first.text)
    assert.equal(first.body.approvals.length, 1)
    await refused(
      () =>
        as('owner@acme.test', 'POST', `/api/access-requests/${asked.body.id}/approve`, {
          reason: 'again',
        }),
      409,
      'ACCESS_REQUEST_ALREADY_APPROVED',
    )
    const second = await api('POST', `/api/access-requests/${asked.body.id}/approve`, {
      reason: 'confirmed',
    })
    assert.equal(second.body.status, 'approved', second.text)
    await applied(second.body.planId)
    assert.deepEqual(roleMembers('Admin'), ['ada@acme.test'])
    await refused(
      () =>
        as('ada@acme.test', 'POST', `/api/access-requests/${asked.body.id}/revoke`, {
          reason: 'x',
        }),
      403,
      'ACCESS_REQUEST_REVOKE_FORBIDDEN',
    )
    const revoked = await api('POST', `/api/access-requests/${asked.body.id}/revoke`, {
      reason: 'incident over',
    })
    assert.equal(revoked.body.status, 'revoked', revoked.text)
    // Removing a privileged role waits for approval, as any plan's does (issue 15).
    const plan = await api('GET', `/api/plans/${revoked.body.planId}`)
    assert.deepEqual(
      plan.body.operations.map((op: { kind: string; status: string }) => `${op.kind} ${op.status}`),
      ['remove_grant held'],
    )
    const decided = await api('POST', `/api/plans/${revoked.body.planId}/approve`, {
      reason: 'the incident is over',
    })
    assert.equal(decided.status, 200, decided.text)
    await applied(revoked.body.planId)
    assert.deepEqual(roleMembers('Admin'), [])
    const again = await as('ada@acme.test', 'POST', '/api/access-requests', {
      ...{ appId, entitlementId: 'Creator', reason: 'again', duration: '1d' },
    })
    await refused(
      () => as('eve@acme.test', 'POST', `/api/access-requests/${again.body.id}/cancel`, {}),
      403,
      'ACCESS_REQUEST_CANCEL_FORBIDDEN',
    )
    const cancelled = await as(
      'ada@acme.test',
      'POST',
      `/api/access-requests/${again.body.id}/cancel`,
      {},
    )
    assert.equal(cancelled.body.status, 'cancelled', cancelled.text)
    const statuses = await api('GET', '/api/access-requests?status=cancelled')
    assert.deepEqual(
      statuses.body.items.map((r: { id: string }) => r.id),
      [again.body.id],
    )
  })

  it('bad input: a clear 4xx and nothing changes', async () => {
    const ask = (body: Record<string, unknown>, email = 'ada@acme.test') =>
      as(email, 'POST', '/api/access-requests', {
        appId,
        entitlementId: 'Creator',
        reason: 'r',
        duration: '1d',
        ...body,
      })
    await refused(() => ask({ appId: 'app-nope' }), 404, 'APP_NOT_FOUND')
    await refused(
      () => ask({ entitlementId: 'ent-nope' }),
      404,
      'ACCESS_REQUEST_ENTITLEMENT_NOT_FOUND',
    )
    await refused(() => ask({ duration: '400d' }), 422, 'ACCESS_REQUEST_DURATION_TOO_LONG')
    await refused(() => ask({ duration: 'soon' }), 400, 'ACCESS_REQUEST_INVALID')
    await refused(() => ask({ reason: ' ' }), 400, 'ACCESS_REQUEST_INVALID')
    await refused(() => ask({ colour: 'red' }), 400, 'ACCESS_REQUEST_INVALID')
    await refused(
      () =>
        api('POST', '/api/access-requests', {
          appId,
          entitlementId: 'Creator',
          reason: 'r',
          duration: '1d',
          personId: 'nobody@acme.test',
        }),
      404,
      'GRAPH_PERSON_NOT_FOUND',
    )
    await refused(
      () =>
        api('POST', '/api/access-requests', {
          appId,
          entitlementId: 'Creator',
          reason: 'r',
          duration: '1d',
        }),
      400,
      'ACCESS_REQUEST_INVALID',
    )
    await refused(() => ask({ personId: 'bob@acme.test' }), 403, 'ACCESS_REQUEST_NOT_ALLOWED')
    const policy = await api('PUT', `/api/apps/${appId}/request-policies`, {
      app: { requesters: ['ada@acme.test'] },
    })
    assert.equal(policy.status, 200, policy.text)
    await refused(() => ask({}, 'eve@acme.test'), 403, 'ACCESS_REQUEST_NOT_ALLOWED')
    const before = (await api('GET', `/api/apps/${appId}/request-policies`)).body
    const badPolicy = await api('PUT', `/api/apps/${appId}/request-policies`, {
      app: { approvers: ['stranger@acme.test'] },
      entitlements: { Nope: {} },
    })
    assert.equal(badPolicy.status, 400, badPolicy.text)
    assert.equal(badPolicy.body.error.code, 'REQUEST_POLICY_INVALID')
    assert.equal(badPolicy.body.error.details.problems.length, 2, badPolicy.text)
    assert.deepEqual((await api('GET', `/api/apps/${appId}/request-policies`)).body, before)
    const member = await as('ada@acme.test', 'PUT', `/api/apps/${appId}/request-policies`, {
      app: null,
    })
    assert.equal(member.status, 403, member.text)
    await refused(
      () => api('POST', '/api/access-requests/req-nope/approve', { reason: 'x' }),
      404,
      'ACCESS_REQUEST_NOT_FOUND',
    )
    await refused(
      () => api('POST', `/api/access-requests/${created.id}/approve`, { reason: 'x' }),
      409,
      'ACCESS_REQUEST_NOT_PENDING',
    )
  })

  it('an entitlement of an app that cannot change grants cannot be requested', async () => {
    const readOnly = await api('POST', '/api/apps', {
      ...{ catalogId: 'stensul', name: 'Stensul read only' },
      connection: { ...stensul.connection, rateLimit: GENEROUS, profile: { memberships: false } },
    })
    assert.equal(readOnly.status, 201, readOnly.text)
    assert.equal(
      (await api('POST', `/api/apps/${readOnly.body.id}/refresh`, {})).body.status,
      'succeeded',
    )
    await refused(
      () =>
        as('ada@acme.test', 'POST', '/api/access-requests', {
          appId: readOnly.body.id,
          entitlementId: 'Creator',
          reason: 'r',
          duration: '1d',
        }),
      422,
      'ACCESS_REQUEST_ENTITLEMENT_READ_ONLY',
    )
  })

  it('another workspace sees none of it and cannot use its ids', async () => {
    const services = server.hub.services
    const other = await services.workspaces.create({ slug: 'globex', plan: 'enterprise' }, SYSTEM)
    const token = await services.apiTokens.create(
      { workspaceId: other.id, scopes: ['integrations:read', 'integrations:manage'] },
      SYSTEM,
    )
    const foreign = managementApi(server, token.token)
    await refused(
      () => foreign('GET', `/api/access-requests/${created.id}`),
      404,
      'ACCESS_REQUEST_NOT_FOUND',
    )
    await refused(
      () => foreign('POST', `/api/access-requests/${created.id}/revoke`, { reason: 'x' }),
      404,
      'ACCESS_REQUEST_NOT_FOUND',
    )
    await refused(
      () =>
        foreign('POST', '/api/access-requests', {
          appId,
          entitlementId: 'Creator',
          reason: 'r',
          duration: '1d',
          personId: person.get('ada@acme.test'),
        }),
      404,
      'APP_NOT_FOUND',
    )
    assert.deepEqual((await foreign('GET', '/api/access-requests')).body.items, [])
    assert.equal((await foreign('GET', `/api/apps/${appId}/request-policies`)).status, 404)
  })
})
