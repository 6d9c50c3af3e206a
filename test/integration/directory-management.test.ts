import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { listAuditEntries } from '../../src/platform/audit/index.js'
import { eachDialect } from '../helpers/dialects.js'
import { newUser, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

/** The management API of seed 002: /scim/directories with a management token. */
eachDialect('SCIM directory management API', (database) => {
  let server: TestServer
  const call = async (method: string, path: string, token: string | undefined, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined
        ? { body: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    })
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text }
  }
  before(async () => {
    server = await startServer(database)
  })
  after(() => server.close())

  it('creates a directory whose token works at once, lists it without the token, and audits it', async () => {
    const created = await call('POST', '/scim/directories', server.managementToken, {
      name: 'Okta',
      settings: { profile: 'okta' },
    })
    assert.equal(created.status, 201)
    assert.equal(created.body.scimBaseUrl, server.scimUrl)
    assert.match(created.body.token, /^rc_scim_[A-Za-z0-9_-]{43}$/)
    assert.equal((await scimClient(server.scimUrl, created.body.token).get('/Users')).status, 200)
    const listed = await call('GET', '/scim/directories', server.managementToken)
    assert.equal(listed.status, 200)
    assert.ok(listed.body.directories.some((d: { id: string }) => d.id === created.body.id))
    assert.doesNotMatch(listed.text, new RegExp(created.body.token))
    const audit = await listAuditEntries(server.store.db, {
      workspaceId: server.workspace.id,
      targetId: created.body.id,
    })
    assert.deepEqual(
      audit.map((a) => a.action),
      ['directory.created'],
    )
    assert.equal(audit[0]?.actor.type, 'api_token')
  })

  it('never stores a token in plain text', async () => {
    const created = await call('POST', '/scim/directories', server.managementToken, {})
    const rows = await server.store.db.selectFrom('scim_directories').selectAll().execute()
    const dump =
      JSON.stringify(rows) +
      JSON.stringify(await server.store.db.selectFrom('audit_log').selectAll().execute())
    assert.doesNotMatch(dump, new RegExp(created.body.token))
    assert.doesNotMatch(
      JSON.stringify(await server.store.db.selectFrom('api_tokens').selectAll().execute()),
      new RegExp(server.managementToken),
    )
  })

  it('renames, regenerates the token (old one dies at once) and deletes with every user in it', async () => {
    const created = (
      await call('POST', '/scim/directories', server.managementToken, { name: 'Entra' })
    ).body
    const scim = scimClient(server.scimUrl, created.token)
    const user = (await scim.post('/Users', newUser('gone@acme.com'))).body
    const renamed = await call('PATCH', `/scim/directories/${created.id}`, server.managementToken, {
      name: 'Entra ID',
      settings: { profile: 'entra' },
    })
    assert.equal(renamed.status, 200)
    assert.equal(renamed.body.name, 'Entra ID')
    assert.equal(renamed.body.settings.profile, 'entra')
    const rotated = await call(
      'POST',
      `/scim/directories/${created.id}/regenerate-token`,
      server.managementToken,
    )
    assert.equal(rotated.status, 200)
    assert.equal((await scim.get('/Users')).status, 401)
    assert.equal(
      (await scimClient(server.scimUrl, rotated.body.token).get(`/Users/${user.id}`)).status,
      200,
    )
    assert.equal(
      (await call('DELETE', `/scim/directories/${created.id}`, server.managementToken)).status,
      204,
    )
    assert.equal((await scimClient(server.scimUrl, rotated.body.token).get('/Users')).status, 401)
    const left = await server.store.db
      .selectFrom('scim_users')
      .select('id')
      .where('id', '=', user.id)
      .execute()
    assert.deepEqual(left, [])
  })

  it('answers 401 without a valid token, 403 without the permission or the plan, 404, 422, 400', async () => {
    assert.equal(
      (await call('GET', '/scim/directories', undefined)).body.error.code,
      'UNAUTHENTICATED',
    )
    assert.equal((await call('GET', '/scim/directories', 'rc_mgmt_nope')).status, 401)
    const services = server.hub.services
    const readOnly = await services.apiTokens.create(
      { workspaceId: server.workspace.id, scopes: 'integrations:read' },
      { type: 'system', id: null },
    )
    const denied = await call('GET', '/scim/directories', readOnly.token)
    assert.equal(denied.status, 403)
    assert.equal(denied.body.error.code, 'PERMISSION_DENIED')
    const free = await services.workspaces.create(
      { slug: 'smallco', plan: 'free' },
      { type: 'system', id: null },
    )
    const freeToken = await services.apiTokens.create(
      { workspaceId: free.id, scopes: 'scim:manage' },
      { type: 'system', id: null },
    )
    const gated = await call('POST', '/scim/directories', freeToken.token, {})
    assert.equal(gated.status, 403)
    assert.equal(gated.body.error.code, 'PLAN_REQUIRED')
    assert.match(gated.body.error.message, /enterprise plan/)
    assert.equal(
      (await call('PATCH', '/scim/directories/nope', server.managementToken, { name: 'x' })).status,
      404,
    )
    const invalid = await call('POST', '/scim/directories', server.managementToken, {
      settings: { profile: 'azure' },
    })
    assert.equal(invalid.status, 422)
    assert.equal(invalid.body.error.code, 'DIRECTORY_INVALID')
    assert.equal(
      (await call('POST', '/scim/directories', server.managementToken, '{"name":')).status,
      400,
    )
  })

  it('keeps workspaces apart: a token of workspace B cannot see or touch A’s directories', async () => {
    const services = server.hub.services
    const other = await services.workspaces.create(
      { slug: 'otherco' },
      { type: 'system', id: null },
    )
    const otherToken = await services.apiTokens.create(
      { workspaceId: other.id, scopes: 'scim:manage' },
      { type: 'system', id: null },
    )
    const listed = await call('GET', '/scim/directories', otherToken.token)
    assert.deepEqual(listed.body.directories, [])
    for (const [method, path] of [
      ['PATCH', `/scim/directories/${server.directory.id}`],
      ['DELETE', `/scim/directories/${server.directory.id}`],
      ['POST', `/scim/directories/${server.directory.id}/regenerate-token`],
    ] as const) {
      const response = await call(
        method,
        path,
        otherToken.token,
        method === 'PATCH' ? { name: 'hijack' } : undefined,
      )
      assert.equal(response.status, 404, `${method} ${path}`)
    }
    assert.equal(
      (await scimClient(server.scimUrl, server.directory.token).get('/Users')).status,
      200,
    )
  })
})
