import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { type StensulEmulator, startStensulEmulator } from '../emulators/stensul.js'
import { eachDialect } from '../helpers/dialects.js'
import { seedEntitlement, seedGrant } from '../helpers/entitlements.js'
import { managementApi } from '../helpers/http.js'
import { startServer, type TestServer } from '../helpers/server.js'

const GENEROUS = { requests: 1000, windowMs: 1000, share: 1 }
const USERS = ['ada@acme.com', 'grace@acme.com', 'hedy@acme.com']
const DAY = 24 * 3600 * 1000
const SYSTEM = { type: 'system', id: null } as const

/**
 * Grant exceptions over HTTP (issue 15): an admin keeps a grant the Stensul emulator's roles show
 * (read by a refresh) with a reason until an expiry; listed while active, revoked once, audited,
 * and every bad request refused with a clear code and nothing written.
 */
eachDialect('grant exceptions API', (database) => {
  let server: TestServer
  let call: ReturnType<typeof managementApi>
  let stensul: StensulEmulator
  let appId: string
  const ids: Record<string, string> = {}
  const accounts = new Map<string, string>()
  const path = () => `/api/apps/${appId}/grant-exceptions`
  const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString()
  const account = (email: string) => accounts.get(email) ?? assert.fail(email)

  before(async () => {
    server = await startServer(database)
    call = managementApi(server)
    stensul = await startStensulEmulator({ roles: ['Admin', 'Creator'] })
    const users = stensul.seed(USERS)
    for (const role of stensul.roles)
      role.memberIds = role.displayName === 'Admin' ? [users[0] ?? '', users[1] ?? ''] : []
    const created = await call('POST', '/api/apps', {
      catalogId: 'stensul',
      name: 'Stensul',
      connection: { ...stensul.connection, rateLimit: GENEROUS },
    })
    assert.equal(created.status, 201, created.text)
    appId = created.body.id
    const refreshed = await call('POST', `/api/apps/${appId}/refresh`, {})
    assert.equal(refreshed.body.status, 'succeeded', refreshed.text)
    const listed = await call('GET', `/api/apps/${appId}/entitlements`)
    for (const e of listed.body.items as Array<{ id: string; displayName: string }>)
      ids[e.displayName] = e.id
    const found = await call('GET', `/api/accounts?app=${appId}`)
    for (const a of found.body.accounts as Array<{ id: string; userName: string }>)
      accounts.set(a.userName, a.id)
    const base = { workspaceId: server.workspace.id, appId }
    ids.gone = await seedEntitlement(server.store.db, {
      ...{ ...base, kind: 'role', displayName: 'Gone', removedAt: '2026-12-01T00:00:00.000Z' },
    })
    await seedGrant(server.store.db, {
      ...{ ...base, entitlementId: ids.Creator ?? '', accountId: account('hedy@acme.com') },
      removedAt: '2026-12-01T00:00:00.000Z',
    })
  })
  after(async () => {
    await server.close()
    await stensul.close()
  })

  const rowCount = async () =>
    (await server.store.db.selectFrom('grant_exceptions').select('id').execute()).length
  const auditOf = async (action: string) => {
    const reply = await call('GET', `/api/audit?action=${action}&limit=100`)
    assert.equal(reply.status, 200, reply.text)
    return reply.body.entries as Array<{ target: { id: string }; actor: { type: string } }>
  }
  const body = (extra: Record<string, unknown> = {}) => ({
    entitlementId: ids.Admin,
    accountId: account('grace@acme.com'),
    reason: 'on call for the migration',
    expiresAt: inDays(30),
    ...extra,
  })

  /** Expects `status` and `code`, and no exception row or audit entry written. */
  async function refused(
    request: { path?: string; body: unknown },
    status: number,
    code: string,
    message?: RegExp,
  ) {
    const [rows, audits] = [await rowCount(), (await auditOf('grant_exception.created')).length]
    const reply = await call('POST', request.path ?? path(), request.body)
    assert.equal(reply.status, status, reply.text)
    assert.equal(reply.body.error.code, code, reply.text)
    if (message) assert.match(reply.body.error.message, message)
    assert.equal(await rowCount(), rows, 'no exception written')
    assert.equal((await auditOf('grant_exception.created')).length, audits, 'nothing audited')
  }

  it('keeps a live grant: 201 with the exception, listed as active, audited, raised as an event', async () => {
    const reply = await call('POST', path(), body())
    assert.equal(reply.status, 201, reply.text)
    const created = reply.body
    assert.deepEqual(
      [created.appId, created.entitlementId, created.accountId, created.status, created.reason],
      [appId, ids.Admin, account('grace@acme.com'), 'active', 'on call for the migration'],
    )
    assert.equal(created.createdBy.type, 'api_token')
    assert.equal(created.revokedAt, null)
    ids.first = created.id
    const listed = await call('GET', path())
    assert.deepEqual(
      listed.body.items.map((e: { id: string }) => e.id),
      [created.id],
    )
    const entries = await auditOf('grant_exception.created')
    assert.deepEqual(
      entries.map((e) => e.target.id),
      [created.id],
    )
    const events = await server.store.db
      .selectFrom('events')
      .select(['subject_id'])
      .where('type', '=', 'grant_exception.created')
      .execute()
    assert.deepEqual(
      events.map((e) => e.subject_id),
      [account('grace@acme.com')],
    )
  })

  it('refuses a second active exception for the same grant (409)', async () => {
    await refused({ body: body({ reason: 'again' }) }, 409, 'GRANT_EXCEPTION_EXISTS', /revoke it/)
  })

  it('refuses a grant that is not held now (404): not granted, removed grant, removed or unknown entitlement, unknown account', async () => {
    const notFound = (extra: Record<string, unknown>) =>
      refused({ body: body(extra) }, 404, 'GRANT_NOT_FOUND', /only a live grant can be kept/)
    await notFound({ accountId: account('hedy@acme.com') })
    await notFound({ entitlementId: ids.Creator, accountId: account('hedy@acme.com') })
    await notFound({ entitlementId: ids.gone })
    await notFound({ entitlementId: 'ent_nope' })
    await notFound({ accountId: 'acc_nope' })
  })

  it('refuses an unknown app (404)', async () => {
    await refused({ path: '/api/apps/nope/grant-exceptions', body: body() }, 404, 'APP_NOT_FOUND')
    const listed = await call('GET', '/api/apps/nope/grant-exceptions')
    assert.equal(listed.status, 404, listed.text)
  })

  it('refuses a bad body (400): no reason, a long reason, a past, far or unparsable expiry, unknown fields', async () => {
    const invalid = (extra: Record<string, unknown>, problem: RegExp) =>
      refused({ body: body(extra) }, 400, 'GRANT_EXCEPTION_INVALID', problem)
    await invalid({ reason: '  ' }, /reason/)
    await invalid({ reason: 'x'.repeat(501) }, /reason/)
    await invalid({ expiresAt: new Date(Date.now() - DAY).toISOString() }, /not in the future/)
    await invalid({ expiresAt: inDays(400) }, /more than 365 days/)
    await invalid({ expiresAt: 'next tuesday' }, /expiresAt/)
    await invalid({ colour: 'red' }, /colour|Unrecognized/)
    await refused({ body: {} }, 400, 'GRANT_EXCEPTION_INVALID', /entitlementId/)
  })

  it('needs integrations:manage to keep or revoke, integrations:read to list', async () => {
    const token = await server.hub.services.apiTokens.create(
      { workspaceId: server.workspace.id, scopes: ['integrations:read'] },
      SYSTEM,
    )
    const reader = managementApi(server, token.token)
    const rows = await rowCount()
    assert.equal((await reader('POST', path(), body({ reason: 'r' }))).status, 403)
    assert.equal((await reader('DELETE', `${path()}/${ids.first}`)).status, 403)
    assert.equal((await reader('GET', path())).status, 200)
    assert.equal(await rowCount(), rows)
  })

  it('revokes once: the exception ends, leaves the active list, stays in `all`; again answers the same', async () => {
    const revoked = await call('DELETE', `${path()}/${ids.first}`)
    assert.equal(revoked.status, 200, revoked.text)
    assert.equal(revoked.body.status, 'revoked')
    assert.equal(revoked.body.revokedBy.type, 'api_token')
    const again = await call('DELETE', `${path()}/${ids.first}`)
    assert.equal(again.status, 200, again.text)
    assert.equal(again.body.revokedAt, revoked.body.revokedAt)
    assert.equal((await auditOf('grant_exception.revoked')).length, 1, 'audited once')
    assert.deepEqual((await call('GET', path())).body.items, [])
    const all = await call('GET', `${path()}?all=true`)
    assert.deepEqual(
      all.body.items.map((e: { id: string; status: string }) => [e.id, e.status]),
      [[ids.first, 'revoked']],
    )
    const unknown = await call('DELETE', `${path()}/gex_nope`)
    assert.equal(unknown.status, 404, unknown.text)
    assert.equal(unknown.body.error.code, 'GRANT_EXCEPTION_NOT_FOUND')
  })

  it('an ended exception no longer blocks a new one; an expired one is listed only with `all`', async () => {
    const renewed = await call('POST', path(), body({ reason: 'renewed' }))
    assert.equal(renewed.status, 201, renewed.text)
    // Expiry is a time passing: move this one's expiry into the past rather than wait for it.
    await server.store.db
      .updateTable('grant_exceptions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', renewed.body.id)
      .execute()
    assert.deepEqual((await call('GET', path())).body.items, [])
    const all = await call('GET', `${path()}?all=true`)
    assert.deepEqual(
      all.body.items.map((e: { id: string; status: string }) => [e.id, e.status]),
      [
        [renewed.body.id, 'expired'],
        [ids.first, 'revoked'],
      ],
    )
    const third = await call('POST', path(), body({ reason: 'third time' }))
    assert.equal(third.status, 201, third.text)
  })
})
