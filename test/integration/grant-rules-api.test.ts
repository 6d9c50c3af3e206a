import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { type StensulEmulator, startStensulEmulator } from '../emulators/stensul.js'
import { eachDialect } from '../helpers/dialects.js'
import { seedEntitlement } from '../helpers/entitlements.js'
import { type ApiReply, managementApi } from '../helpers/http.js'
import { startServer, type TestServer } from '../helpers/server.js'

const GENEROUS = { requests: 1000, windowMs: 1000, share: 1 }
const USERS = ['ada@acme.com', 'grace@acme.com', 'hedy@acme.com']
const FUTURE = '2099-01-01T00:00:00.000Z'

type Rule = { id: string; entitlementId: string; entitlementName: string; filter?: string }

/**
 * Grant rules over HTTP (issue 15): `PATCH /api/apps/:id` with `grants` resolves each rule's
 * entitlement against what a refresh of the Stensul emulator (roles as SCIM Groups) read, keeps
 * ids of rules saved again, and refuses every bad list with APP_GRANT_RULE_INVALID changing nothing.
 */
eachDialect('grant rules API', (database) => {
  let server: TestServer
  let call: ReturnType<typeof managementApi>
  let stensul: StensulEmulator
  let appId: string
  const ids: Record<string, string> = {}

  before(async () => {
    server = await startServer(database)
    call = managementApi(server)
    stensul = await startStensulEmulator({ roles: ['Admin', 'Creator', 'Reviewer'] })
    const users = stensul.seed(USERS)
    const admin = stensul.roles.find((r) => r.displayName === 'Admin')
    if (admin) admin.memberIds = [users[0] ?? '']
    appId = await connectedAndRead('Stensul')
    const listed = await call('GET', `/api/apps/${appId}/entitlements`)
    assert.equal(listed.status, 200, listed.text)
    for (const e of listed.body.items as Array<{ id: string; displayName: string }>)
      ids[e.displayName] = e.id
    const base = { workspaceId: server.workspace.id, appId, kind: 'role' as const }
    ids.old = await seedEntitlement(server.store.db, {
      ...{ ...base, displayName: 'Old', removedAt: '2026-12-01T00:00:00.000Z' },
    })
    ids.twinA = await seedEntitlement(server.store.db, { ...base, displayName: 'Twin' })
    ids.twinB = await seedEntitlement(server.store.db, { ...base, displayName: 'TWIN' })
  })
  after(async () => {
    await server.close()
    await stensul.close()
  })

  /** Connects a Stensul app over HTTP and refreshes it once; returns its id. */
  async function connectedAndRead(name: string, connection: object = {}): Promise<string> {
    const created = await call('POST', '/api/apps', {
      catalogId: 'stensul',
      name,
      connection: { ...stensul.connection, rateLimit: GENEROUS, ...connection },
    })
    assert.equal(created.status, 201, created.text)
    const refreshed = await call('POST', `/api/apps/${created.body.id}/refresh`, {})
    assert.equal(refreshed.status, 200, refreshed.text)
    assert.equal(refreshed.body.status, 'succeeded', refreshed.text)
    return created.body.id
  }

  const rulesOf = async (id = appId): Promise<Rule[]> =>
    (await call('GET', `/api/apps/${id}`)).body.grants
  const audited = async () => {
    const reply = await call('GET', `/api/audit?action=app.updated&targetId=${appId}&limit=100`)
    assert.equal(reply.status, 200, reply.text)
    return reply.body.entries as Array<{ after: { grants?: Rule[] } }>
  }

  /** Sends `grants`, expects a 400 APP_GRANT_RULE_INVALID, and checks nothing changed. */
  async function refused(grants: unknown[], problem: RegExp, id = appId): Promise<ApiReply> {
    const [rulesBefore, auditBefore] = [await rulesOf(id), (await audited()).length]
    const reply = await call('PATCH', `/api/apps/${id}`, { grants })
    assert.equal(reply.status, 400, reply.text)
    assert.equal(reply.body.error.code, 'APP_GRANT_RULE_INVALID', reply.text)
    assert.ok(
      (reply.body.error.details.problems as string[]).some((p) => problem.test(p)),
      reply.text,
    )
    assert.deepEqual(await rulesOf(id), rulesBefore, 'the rules did not change')
    assert.equal((await audited()).length, auditBefore, 'nothing audited')
    return reply
  }

  it('connecting an app with grant rules is refused: its entitlements are unknown until read', async () => {
    const before = (await call('GET', '/api/apps')).body.apps.length
    const reply = await call('POST', '/api/apps', {
      catalogId: 'stensul',
      name: 'Too early',
      connection: { ...stensul.connection, rateLimit: GENEROUS },
      grants: [{ entitlement: 'Admin' }],
    })
    assert.equal(reply.status, 400, reply.text)
    assert.equal(reply.body.error.code, 'APP_GRANT_RULES_BEFORE_REFRESH')
    assert.match(reply.body.error.message, /first refresh.*app update/)
    assert.equal((await call('GET', '/api/apps')).body.apps.length, before)
  })

  it('saves rules resolved by our id, the app’s id and the name; audits them; GET shows them', async () => {
    const reply = await call('PATCH', `/api/apps/${appId}`, {
      grants: [
        { entitlement: ids.Admin, reason: 'admins by hand' },
        { entitlement: 'role-creator', filter: 'department eq "Sales"' },
        { entitlement: 'reviewer', until: FUTURE },
      ],
    })
    assert.equal(reply.status, 200, reply.text)
    const rules = reply.body.grants as Array<Rule & { until?: string; reason?: string }>
    assert.deepEqual(
      rules.map((r) => [r.entitlementId, r.entitlementName, r.filter, r.until, r.reason]),
      [
        [ids.Admin, 'Admin', undefined, undefined, 'admins by hand'],
        [ids.Creator, 'Creator', 'department eq "Sales"', undefined, undefined],
        [ids.Reviewer, 'Reviewer', undefined, FUTURE, undefined],
      ],
    )
    assert.equal(new Set(rules.map((r) => r.id)).size, 3)
    assert.deepEqual(await rulesOf(), rules)
    const entries = await audited()
    assert.deepEqual(entries.at(-1)?.after.grants, rules, 'the stored rules are audited')
  })

  it('keeps the id of a rule saved again, gives a changed one a new id', async () => {
    const [admin, creator] = await rulesOf()
    const reply = await call('PATCH', `/api/apps/${appId}`, {
      grants: [
        { entitlement: 'Admin', reason: 'reworded' },
        { entitlement: ids.Creator ?? '', filter: 'department eq "Marketing"' },
      ],
    })
    assert.equal(reply.status, 200, reply.text)
    const [adminAgain, creatorNow] = reply.body.grants as Rule[]
    assert.equal(adminAgain?.id, admin?.id)
    assert.notEqual(creatorNow?.id, creator?.id)
    assert.equal(reply.body.grants.length, 2, 'the list replaced the old one')
  })

  it('refuses an unknown entitlement', async () => {
    await refused(
      [{ entitlement: 'Admin' }, { entitlement: 'Nobody' }],
      /^grants\[1\]\.entitlement: no entitlement 'Nobody'/,
    )
  })

  it('refuses an entitlement a complete listing removed', async () => {
    await refused([{ entitlement: 'Old' }], /^grants\[0\]\.entitlement: .*'Old'.*was removed/)
    await refused([{ entitlement: ids.old }], /was removed/)
  })

  it('refuses a name two entitlements share, listing their ids', async () => {
    const reply = await refused([{ entitlement: 'twin' }], /names 2 entitlements/)
    assert.match(reply.text, new RegExp(`${ids.twinA}.*${ids.twinB}|${ids.twinB}.*${ids.twinA}`))
  })

  it('refuses an `until` that is not in the future', async () => {
    await refused(
      [{ entitlement: 'Admin', until: '2020-01-01T00:00:00Z' }],
      /^grants\[0\]\.until: .* is not in the future/,
    )
  })

  it('refuses a filter that does not parse, naming the rule and the field', async () => {
    await refused([{ entitlement: 'Admin', filter: 'department eq' }], /^grants\[0\]\.filter: /)
    await refused([{ entitlement: 'Admin', colour: 'red' }], /^grants\[0\]/)
  })

  it('refuses the same entitlement and filter twice', async () => {
    await refused(
      [{ entitlement: 'Admin' }, { entitlement: ids.Admin }],
      /^grants\[1\]: grants\[0\] already grants 'Admin'/,
    )
  })

  it('refuses rules on an app whose connector cannot change grants', async () => {
    const readOnly = await connectedAndRead('Stensul read only', {
      profile: { memberships: false },
    })
    await refused([{ entitlement: 'Admin' }], /no manage_grants capability/, readOnly)
    const cleared = await call('PATCH', `/api/apps/${readOnly}`, { grants: [] })
    assert.equal(cleared.status, 200, cleared.text)
  })

  it('an entitlement of another app is unknown here; an unknown app is 404', async () => {
    const other = await connectedAndRead('Stensul two')
    const its = await call('GET', `/api/apps/${other}/entitlements`)
    const foreign = (its.body.items as Array<{ id: string }>)[0]?.id ?? ''
    await refused([{ entitlement: foreign }], /no entitlement/)
    const missing = await call('PATCH', '/api/apps/nope', { grants: [] })
    assert.equal(missing.status, 404, missing.text)
    assert.equal(missing.body.error.code, 'APP_NOT_FOUND')
  })

  it('an empty list clears the rules', async () => {
    const reply = await call('PATCH', `/api/apps/${appId}`, { grants: [] })
    assert.equal(reply.status, 200, reply.text)
    assert.deepEqual(await rulesOf(), [])
  })
})
