import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, it } from 'node:test'
import { eachDialect } from '../helpers/dialects.js'
import { Browser, createMember } from '../helpers/oauth.js'
import { manage, postResponse, sessionCookie, testKeys, whoAmI } from '../helpers/saml.js'
import { createTestIdp } from '../helpers/saml-idp.js'
import { startServer, type TestServer } from '../helpers/server.js'

/** A tiny metadata host on 127.0.0.1: `/metadata`, a cross-host redirect, an oversized body. */
async function metadataHost(metadata: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    if (request.url === '/metadata') return void response.end(metadata)
    if (request.url === '/moved') {
      response.writeHead(302, { location: '/metadata' })
      return void response.end()
    }
    if (request.url === '/elsewhere') {
      response.writeHead(302, { location: 'http://localhost.invalid/metadata' })
      return void response.end()
    }
    if (request.url === '/huge') return void response.end('<x>'.padEnd(600 * 1024, ' '))
    response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

eachDialect('SAML connection management, enforce mode and the SSO check', (database) => {
  let server: TestServer
  let host: { url: string; server: Server }
  const oldKeys = testKeys('idp')
  const newKeys = testKeys('idp-next')
  const idpFor = (signWith = oldKeys, keys = [oldKeys]) =>
    createTestIdp({
      entityId: 'https://idp.example.test/saml',
      baseUrl: 'https://idp.example.test',
      signingKeys: keys,
      signWith,
    })

  before(async () => {
    server = await startServer(database)
    host = await metadataHost(idpFor().metadata())
  })
  after(async () => {
    await server.close()
    host.server.close()
  })

  it('imports IdP metadata from a URL on save, following same-host redirects only', async () => {
    for (const path of ['/elsewhere', '/huge', '/missing']) {
      const refused = await manage(server, 'POST', '/saml/connections', {
        metadataUrl: `${host.url}${path}`,
      })
      assert.equal(refused.status, 422, path)
      assert.equal(refused.body.error.code, 'SAML_CONNECTION_INVALID')
    }
    const created = await manage(server, 'POST', '/saml/connections', {
      metadataUrl: `${host.url}/moved`,
      allowedDomains: ['Acme.com', 'acme.com'],
    })
    assert.equal(created.status, 201)
    assert.deepEqual(Object.keys(created.body).slice(0, 4), [
      'id',
      'spEntityId',
      'acsUrl',
      'metadataUrl',
    ])
    assert.equal(created.body.idp.entityId, 'https://idp.example.test/saml')
    assert.equal(created.body.idp.metadataUrl, `${host.url}/moved`)
    assert.deepEqual(created.body.allowedDomains, ['acme.com'])
    const again = await manage(server, 'POST', '/saml/connections', {
      metadataXml: idpFor().metadata(),
    })
    assert.equal(again.status, 409)
  })

  it('refuses metadata with a DTD and manual settings that are not certificates', async () => {
    const [connection] = (await manage(server, 'GET', '/saml/connections')).body.connections
    const dtd = `<!DOCTYPE x [<!ENTITY a "b">]>${idpFor().metadata()}`
    const withDtd = await manage(server, 'PATCH', `/saml/connections/${connection.id}`, {
      metadataXml: dtd,
    })
    assert.equal(withDtd.status, 422)
    assert.match(withDtd.body.error.message, /DTD/)
    const notACert = await manage(server, 'PATCH', `/saml/connections/${connection.id}`, {
      certificates: ['not a certificate'],
    })
    assert.equal(notACert.status, 422)
  })

  it('rolls certificates over: both pinned certificates verify, then only the new one', async () => {
    const [connection] = (await manage(server, 'GET', '/saml/connections')).body.connections
    const both = await manage(server, 'PATCH', `/saml/connections/${connection.id}`, {
      certificates: [oldKeys.cert, newKeys.cert],
      jitProvisioning: true,
      // The sign-ins below are unsolicited responses, which a connection refuses by default.
      allowIdpInitiated: true,
    })
    assert.equal(both.status, 200)
    assert.equal(both.body.idp.certificates.length, 2)
    const spMetadata = await (await fetch(connection.metadataUrl)).text()
    const signIn = async (signWith: typeof oldKeys) => {
      // samlify signs with one key and publishes it; the SP pins both through the PATCH above.
      const idp = idpFor(signWith, [signWith])
      const response = await postResponse(
        server,
        await idp.loginResponse(idp.sp(spMetadata), { nameId: 'roll@acme.com' }),
      )
      return response.status
    }
    assert.equal(await signIn(oldKeys), 303)
    assert.equal(await signIn(newKeys), 303)
    await manage(server, 'PATCH', `/saml/connections/${connection.id}`, {
      certificates: [newKeys.cert],
    })
    assert.equal(await signIn(newKeys), 303)
    assert.equal(await signIn(oldKeys), 401, 'the retired certificate no longer verifies')
  })

  it('lets only admins and owners manage SAML, with the CSRF token under a session', async () => {
    const admin = await createMember(server, 'it.admin@acme.com', 'admin')
    const member = await createMember(server, 'plain.member@acme.com', 'member')
    const asMember = new Browser(server.url)
    await asMember.signIn({ email: member.email, password: member.password, workspace: 'acme' })
    assert.equal((await asMember.json('GET', '/saml/connections')).status, 403)
    const asAdmin = new Browser(server.url)
    await asAdmin.signIn({ email: admin.email, password: admin.password, workspace: 'acme' })
    assert.equal((await asAdmin.json('GET', '/saml/connections')).status, 200)
    const noCsrf = await asAdmin.json(
      'PATCH',
      '/saml/enforce',
      { enforced: false },
      { csrf: false },
    )
    assert.equal(noCsrf.status, 403)
    assert.equal((await fetch(`${server.url}/saml/connections`)).status, 401)
  })

  it('enforces SSO for allowed domains: passwords are refused there, and /saml/check says where to go', async () => {
    const user = await createMember(server, 'has.password@acme.com', 'member')
    const login = () =>
      fetch(`${server.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: user.password, workspace: 'acme' }),
      })
    assert.equal((await login()).status, 200)
    const enforce = await manage(server, 'PATCH', '/saml/enforce', { enforced: true })
    assert.equal(enforce.status, 200)
    const refused = await login()
    assert.equal(refused.status, 403)
    const body = (await refused.json()) as any
    assert.equal(body.error.code, 'PASSWORD_SIGN_IN_DISABLED')
    assert.equal(sessionCookie(refused), undefined)
    const check = (await (
      await fetch(`${server.url}/saml/check?email=someone@ACME.com`)
    ).json()) as any
    assert.deepEqual(
      [check.sso, check.enforced, check.workspaceId],
      [true, true, server.workspace.id],
    )
    const other = (await (
      await fetch(`${server.url}/saml/check?email=a@other.example`)
    ).json()) as any
    assert.deepEqual([other.sso, other.enforced], [false, false])
    assert.equal((await fetch(`${server.url}/saml/check?email=nope`)).status, 422)
    const [connection] = (await manage(server, 'GET', '/saml/connections')).body.connections
    const empty = await manage(server, 'PATCH', `/saml/connections/${connection.id}`, {
      allowedDomains: [],
    })
    assert.equal(empty.status, 422, 'an enforced connection keeps at least one domain')
    await manage(server, 'PATCH', '/saml/enforce', { enforced: false })
    assert.equal((await login()).status, 200)
    assert.ok((await whoAmI(server, undefined)) === undefined)
  })

  it('keeps a domain in one workspace, refuses mailbox providers, and gates SAML by plan', async () => {
    const services = server.hub.services
    const other = await services.workspaces.create(
      { slug: 'initech' },
      { type: 'system', id: null },
    )
    const token = await services.apiTokens.create(
      { workspaceId: other.id, scopes: ['saml:manage'] },
      { type: 'system', id: null },
    )
    const post = (body: unknown, bearer = token.token) =>
      fetch(`${server.url}/saml/connections`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const metadataXml = idpFor().metadata()
    assert.equal((await post({ metadataXml, allowedDomains: ['acme.com'] })).status, 409)
    assert.equal((await post({ metadataXml, allowedDomains: ['gmail.com'] })).status, 422)
    const free = await services.workspaces.create(
      { slug: 'freebie', plan: 'free' },
      { type: 'system', id: null },
    )
    const freeToken = await services.apiTokens.create(
      { workspaceId: free.id, scopes: ['saml:manage'] },
      { type: 'system', id: null },
    )
    assert.equal((await post({ metadataXml }, freeToken.token)).status, 403)
    assert.equal((await fetch(`${server.url}/saml/metadata/${free.id}`)).status, 403)
    assert.equal((await fetch(`${server.url}/saml/authorize/${other.id}`)).status, 404)
  })

  it('deletes a connection, and with it SSO for its domains', async () => {
    const [connection] = (await manage(server, 'GET', '/saml/connections')).body.connections
    assert.equal((await manage(server, 'DELETE', `/saml/connections/${connection.id}`)).status, 204)
    assert.equal((await manage(server, 'DELETE', `/saml/connections/${connection.id}`)).status, 404)
    const check = (await (await fetch(`${server.url}/saml/check?email=x@acme.com`)).json()) as any
    assert.equal(check.sso, false)
  })
})
