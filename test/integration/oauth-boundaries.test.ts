import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import * as openid from 'openid-client'
import { eachDialect } from '../helpers/dialects.js'
import {
  authorize,
  Browser,
  createApp,
  createMember,
  discover,
  obtainCode,
  tokenRequest,
} from '../helpers/oauth.js'
import { startServer, type TestServer } from '../helpers/server.js'

const REDIRECT = 'http://127.0.0.1:9/callback'
const SYSTEM = { type: 'system', id: null } as const
/** Behind a trusted proxy, X-Forwarded-For is the caller's address: here it plays "elsewhere". */
const FROM_ELSEWHERE = { 'x-forwarded-for': '203.0.113.50' }

/** RFC 9700 and seed 002/003 boundaries: networks, workspaces, and cross-site requests. */
eachDialect('OAuth boundaries', (database) => {
  let server: TestServer
  const services = () => server.hub.services

  before(async () => {
    server = await startServer(database, { config: { 'server.trustProxy': true } })
  })
  after(() => server.close())

  const connection = async (allowedIps: string, scopes = 'integrations:read') => {
    const created = await services().oauth.connections.create(
      { workspaceId: server.workspace.id, allowedIps, scopes },
      SYSTEM,
    )
    return {
      id: created.connection.id,
      clientId: created.connection.clientId,
      secret: created.clientSecret,
    }
  }
  const clientCredentials = (
    c: { clientId: string; secret: string },
    headers: Record<string, string> = {},
  ) =>
    tokenRequest(
      server,
      { grant_type: 'client_credentials', scope: 'integrations:read' },
      c,
      headers,
    )

  describe('egress IP allowlist of API connections (seed 003)', () => {
    it('a token request from outside the allowlist → 401 invalid_client, no token', async () => {
      const inside = await connection('127.0.0.0/8')
      const outside = await clientCredentials(inside, FROM_ELSEWHERE)
      assert.equal(outside.status, 401)
      assert.equal(outside.body.error, 'invalid_client')
      assert.equal(outside.body.access_token, undefined)
      const nowhere = await clientCredentials(await connection('10.0.0.0/8'))
      assert.equal(nowhere.status, 401)
      assert.equal((await clientCredentials(inside)).status, 200)
    })

    it('an API call with the token from outside the allowlist → 403 ADDRESS_NOT_ALLOWED', async () => {
      const c = await connection('127.0.0.1/32,::1/128')
      const token = (await clientCredentials(c)).body.access_token as string
      const call = (headers: Record<string, string> = {}) =>
        fetch(`${server.url}/oauth/apps`, {
          headers: { authorization: `Bearer ${token}`, ...headers },
        })
      assert.equal((await call()).status, 200)
      const refused = await call(FROM_ELSEWHERE)
      assert.equal(refused.status, 403)
      assert.equal(((await refused.json()) as any).error.code, 'ADDRESS_NOT_ALLOWED')
      // Narrowing the allowlist applies to tokens already issued.
      await services().oauth.connections.update(
        { workspaceId: server.workspace.id, id: c.id, allowedIps: '10.0.0.0/8' },
        SYSTEM,
      )
      assert.equal((await call()).status, 403)
    })

    it('introspection and revocation from outside the allowlist are refused too', async () => {
      const c = await connection('127.0.0.1/32')
      const token = (await clientCredentials(c)).body.access_token as string
      for (const path of ['/oauth/introspect', '/oauth/revoke']) {
        const response = await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${Buffer.from(`${c.clientId}:${c.secret}`).toString('base64')}`,
            ...FROM_ELSEWHERE,
          },
          body: new URLSearchParams({ token }),
        })
        assert.equal(response.status, 401, path)
      }
    })
  })

  describe('workspaces never cross (DESIGN: every cross-workspace access fails)', () => {
    let other: { workspaceId: string; appId: string; directoryId: string; token: string }
    before(async () => {
      const workspace = await services().workspaces.create({ slug: 'globex' }, SYSTEM)
      const app = await services().oauth.apps.create(
        {
          workspaceId: workspace.id,
          name: 'Globex app',
          redirectUris: [REDIRECT],
          scopes: 'openid integrations:read',
        },
        SYSTEM,
      )
      const directory = await services().directories.create({ workspaceId: workspace.id }, SYSTEM)
      const c = await services().oauth.connections.create(
        { workspaceId: workspace.id, allowedIps: '127.0.0.1', scopes: 'integrations:read' },
        SYSTEM,
      )
      const token = (
        await clientCredentials({ clientId: c.connection.clientId, secret: c.clientSecret })
      ).body.access_token as string
      other = {
        workspaceId: workspace.id,
        appId: app.app.id,
        directoryId: directory.directory.id,
        token,
      }
    })

    it("a token of workspace A on workspace B's app and directory → 404, B untouched", async () => {
      const a = await connection('127.0.0.1', 'integrations:read integrations:manage scim:manage')
      const token = (
        await tokenRequest(
          server,
          {
            grant_type: 'client_credentials',
            scope: 'integrations:read integrations:manage scim:manage',
          },
          a,
        )
      ).body.access_token as string
      const call = (method: string, path: string, body?: unknown) =>
        fetch(`${server.url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        })
      for (const [method, path, body] of [
        ['GET', `/oauth/apps/${other.appId}`],
        ['PATCH', `/oauth/apps/${other.appId}`, { name: 'pwned' }],
        ['POST', `/oauth/apps/${other.appId}/rotate-secret`],
        ['DELETE', `/oauth/apps/${other.appId}`],
        ['GET', `/scim/directories/${other.directoryId}`],
        ['DELETE', `/scim/directories/${other.directoryId}`],
      ] as const) {
        assert.equal((await call(method, path, body)).status, 404, `${method} ${path}`)
      }
      assert.equal(
        (await services().oauth.apps.get(other.workspaceId, other.appId)).name,
        'Globex app',
      )
      const listed = (await (await call('GET', '/oauth/apps')).json()) as { apps: { id: string }[] }
      assert.ok(listed.apps.every((app) => app.id !== other.appId))
    })

    it("a client of workspace A cannot introspect or revoke workspace B's token", async () => {
      const a = await connection('127.0.0.1')
      const config = await discover(server, a.clientId, a.secret)
      assert.equal((await openid.tokenIntrospection(config, other.token)).active, false)
      await assert.rejects(openid.tokenRevocation(config, other.token), {
        error: 'invalid_request',
      })
      const still = await fetch(`${server.url}/oauth/apps`, {
        headers: { authorization: `Bearer ${other.token}` },
      })
      assert.equal(still.status, 200)
    })

    it("a member signed in to workspace B is asked to sign in to A before A's app gets a code", async () => {
      const member = await services().members.create(
        {
          workspaceId: other.workspaceId,
          email: 'eve@globex.com',
          role: 'owner',
          password: 'correct horse battery eve',
        },
        SYSTEM,
      )
      const browser = new Browser(server.url)
      await browser.signIn({
        email: member.email,
        password: 'correct horse battery eve',
        workspace: 'globex',
      })
      const app = await createApp(server, {
        name: 'A app',
        redirectUris: [REDIRECT],
        scopes: ['openid'],
      })
      const config = await discover(server, app.clientId, app.clientSecret)
      const url = openid.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: 'openid',
        code_challenge: await openid.calculatePKCECodeChallenge(openid.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      })
      const outcome = await authorize(browser, url, REDIRECT)
      assert.equal(outcome.kind, 'stopped')
      if (outcome.kind !== 'stopped') return
      const step = (await outcome.response.json()) as { prompt: string; workspace: string }
      assert.deepEqual(
        { prompt: step.prompt, workspace: step.workspace },
        { prompt: 'login', workspace: 'acme' },
      )
    })
  })

  describe('CSRF on session-authenticated state changes (seed 002)', () => {
    let browser: Browser
    before(async () => {
      const owner = await createMember(server, 'csrf-owner@acme.com', 'owner')
      browser = new Browser(server.url)
      await browser.signIn({ email: owner.email, password: owner.password, workspace: 'acme' })
    })
    const body = { name: 'CSRF target', redirectUris: [REDIRECT], scopes: ['openid'] }

    it('a session POST without the CSRF token → 403 CSRF_TOKEN_INVALID, nothing created', async () => {
      const response = await browser.json('POST', '/oauth/apps', body, { csrf: false })
      assert.equal(response.status, 403)
      assert.equal(((await response.json()) as any).error.code, 'CSRF_TOKEN_INVALID')
      const apps = (await services().oauth.apps.list(server.workspace.id)).map((a) => a.name)
      assert.ok(!apps.includes('CSRF target'))
    })

    it('a wrong CSRF token → 403; the right one → 201; reads need none', async () => {
      const wrong = await browser.request('/oauth/apps', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': `${browser.csrfToken}x` },
        body: JSON.stringify(body),
      })
      assert.equal(wrong.status, 403)
      assert.equal((await browser.json('POST', '/oauth/apps', body)).status, 201)
      assert.equal(
        (await browser.json('GET', '/oauth/apps', undefined, { csrf: false })).status,
        200,
      )
    })

    it('DELETE, PATCH, logout and consent without the token → 403 as well', async () => {
      const app = (await services().oauth.apps.list(server.workspace.id))[0]
      for (const [method, path] of [
        ['PATCH', `/oauth/apps/${app?.id}`],
        ['DELETE', `/oauth/apps/${app?.id}`],
        ['POST', '/auth/logout'],
      ] as const) {
        const response = await browser.json(
          method,
          path,
          method === 'PATCH' ? { name: 'x' } : undefined,
          { csrf: false },
        )
        assert.equal(response.status, 403, `${method} ${path}`)
      }
      assert.equal(
        (await browser.json('GET', '/auth/session', undefined, { csrf: false })).status,
        200,
      )
    })

    it('the consent form without the CSRF token → 403, and no code is issued', async () => {
      const app = await createApp(server, {
        name: 'Consent target',
        redirectUris: [REDIRECT],
        scopes: ['openid'],
      })
      const config = await discover(server, app.clientId, app.clientSecret)
      const url = openid.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: 'openid',
        code_challenge: await openid.calculatePKCECodeChallenge(openid.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      })
      let next = url.href
      let response = await browser.request(next)
      while (response.headers.get('location')) {
        next = new URL(response.headers.get('location') as string, server.url).href
        response = await browser.request(next, { headers: { accept: 'application/json' } })
      }
      const step = (await response.json()) as { uid: string; prompt: string }
      assert.equal(step.prompt, 'consent')
      const forged = await browser.request(`/oauth/interaction/${step.uid}/consent`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      })
      assert.equal(forged.status, 403)
      assert.equal(forged.headers.get('location'), null)
      const { code } = await obtainCode(browser, config, { redirectUri: REDIRECT, scope: 'openid' })
      assert.ok(code) // the legitimate consent, with the token, still goes through
    })
  })
})
