import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import * as openid from 'openid-client'
import { hashToken } from '../../src/shared/crypto/tokens.js'
import { eachDialect } from '../helpers/dialects.js'
import {
  authorize,
  Browser,
  createApp,
  createMember,
  discover,
  tokenRequest,
} from '../helpers/oauth.js'
import { startServer, type TestServer } from '../helpers/server.js'

const REDIRECT = 'https://app.example.com/callback'
const SYSTEM = { type: 'system', id: null } as const

/** OAuth app management (seed 002), console sign-in, roles, plans, and OAuth tokens on SCIM management. */
eachDialect('OAuth management and console sessions', (database) => {
  let server: TestServer
  const services = () => server.hub.services
  const api = async (
    method: string,
    path: string,
    body?: unknown,
    token = server.managementToken,
  ) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
    const text = await response.text()
    return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined }
  }

  before(async () => {
    server = await startServer(database)
  })
  after(() => server.close())

  describe('/oauth/apps', () => {
    it('creates an app, shows its secret once, and stores only its hash', async () => {
      const created = await api('POST', '/oauth/apps', {
        name: 'Reporting',
        redirectUris: [REDIRECT, 'http://127.0.0.1:8400/cb'],
        scopes: ['openid', 'integrations:read'],
      })
      assert.equal(created.status, 201)
      assert.match(created.body.clientSecret, /^rc_secret_/)
      assert.equal(created.body.pkce, 'required')
      assert.equal(created.body.secretHint, created.body.clientSecret.slice(-4))
      const row = await server.store.db
        .selectFrom('oauth_clients')
        .selectAll()
        .where('id', '=', created.body.id)
        .executeTakeFirstOrThrow()
      assert.equal(row.secret_hash, hashToken(created.body.clientSecret))
      assert.doesNotMatch(JSON.stringify(row), new RegExp(created.body.clientSecret))
      const fetched = await api('GET', `/oauth/apps/${created.body.id}`)
      assert.equal(fetched.body.clientSecret, undefined)
      assert.equal(fetched.body.name, 'Reporting')
      assert.ok(
        (await api('GET', '/oauth/apps')).body.apps.some((a: any) => a.id === created.body.id),
      )
    })

    it('refuses invalid settings (422), duplicates (409) and unknown ids (404)', async () => {
      const base = { name: 'Dup', redirectUris: [REDIRECT], scopes: ['openid'] }
      assert.equal((await api('POST', '/oauth/apps', base)).status, 201)
      const duplicate = await api('POST', '/oauth/apps', { ...base, name: 'DUP' })
      assert.equal(duplicate.status, 409)
      assert.equal(duplicate.body.error.code, 'OAUTH_APP_NAME_TAKEN')
      for (const bad of [
        { ...base, name: 'x1', redirectUris: ['http://app.example.com/cb'] },
        { ...base, name: 'x2', redirectUris: [`${REDIRECT}#frag`] },
        { ...base, name: 'x3', redirectUris: ['https://*.example.com/cb'] },
        { ...base, name: 'x4', scopes: ['root'] },
        { ...base, name: 'x5', pkce: 'plain' },
        { ...base, name: 'x6', extra: true },
      ]) {
        const response = await api('POST', '/oauth/apps', bad)
        assert.equal(response.status, 422, JSON.stringify(bad))
        assert.equal(response.body.error.code, 'OAUTH_APP_INVALID')
      }
      for (const [method, path] of [
        ['GET', '/oauth/apps/nope'],
        ['PATCH', '/oauth/apps/nope'],
        ['DELETE', '/oauth/apps/nope'],
        ['POST', '/oauth/apps/nope/rotate-secret'],
      ] as const) {
        assert.equal(
          (await api(method, path, method === 'PATCH' ? { name: 'n' } : undefined)).status,
          404,
        )
      }
    })

    it('updates settings, rotates the secret at once, and deletion ends every token', async () => {
      const app = await createApp(server, {
        name: 'Rotating',
        redirectUris: [REDIRECT],
        scopes: ['openid'],
      })
      const patched = await api('PATCH', `/oauth/apps/${app.id}`, {
        pkce: 'optional',
        scopes: 'openid integrations:read',
      })
      assert.equal(patched.status, 200)
      assert.deepEqual(
        [patched.body.pkce, patched.body.scopes],
        ['optional', ['openid', 'integrations:read']],
      )
      const rotated = await api('POST', `/oauth/apps/${app.id}/rotate-secret`)
      assert.deepEqual(Object.keys(rotated.body).sort(), ['clientId', 'clientSecret', 'id'])
      const probe = (secret: string) =>
        tokenRequest(
          server,
          { grant_type: 'refresh_token', refresh_token: 'x' },
          { clientId: app.clientId, secret },
        )
      assert.equal((await probe(app.clientSecret)).status, 401)
      assert.equal((await probe(rotated.body.clientSecret)).body.error, 'invalid_grant')
      assert.equal((await api('DELETE', `/oauth/apps/${app.id}`)).status, 204)
      assert.equal((await api('GET', `/oauth/apps/${app.id}`)).status, 404)
      assert.equal((await probe(rotated.body.clientSecret)).status, 401)
    })
  })

  describe('console sign-in', () => {
    let owner: Awaited<ReturnType<typeof createMember>>
    before(async () => {
      owner = await createMember(server, 'Owner@Acme.com', 'owner')
    })

    it('answers with an HttpOnly SameSite=Lax session cookie and the CSRF token', async () => {
      const browser = new Browser(server.url)
      const response = await browser.signIn({
        email: 'owner@acme.com',
        password: owner.password,
        workspace: 'acme',
      })
      assert.equal(response.status, 200)
      const cookie = response.headers.getSetCookie()[0] ?? ''
      assert.match(cookie, /^rollcall_session=rc_sess_/)
      assert.match(cookie, /HttpOnly/)
      assert.match(cookie, /SameSite=Lax/)
      assert.doesNotMatch(cookie, /Secure/) // http public URL; https adds Secure and __Host-
      const session = await browser.json('GET', '/auth/session')
      const body = (await session.json()) as any
      assert.deepEqual(body.member, { id: owner.id, email: owner.email, role: 'owner' })
      assert.equal(body.csrfToken, browser.csrfToken)
      const sessions = await server.store.db
        .selectFrom('console_sessions')
        .select('token_hash')
        .execute()
      assert.ok(sessions.every((s) => !s.token_hash.startsWith('rc_sess')))
    })

    it('refuses a wrong password, an unknown member or workspace alike (401), and bad input (400)', async () => {
      const browser = new Browser(server.url)
      for (const attempt of [
        { email: owner.email, password: 'wrong password!', workspace: 'acme' },
        { email: 'nobody@acme.com', password: owner.password, workspace: 'acme' },
        { email: owner.email, password: owner.password, workspace: 'nowhere' },
      ]) {
        const response = await browser.signIn(attempt)
        assert.equal(response.status, 401)
        assert.equal(((await response.json()) as any).error.code, 'INVALID_CREDENTIALS')
      }
      assert.equal((await browser.signIn({ email: owner.email } as any)).status, 400)
      assert.equal(browser.cookies.size, 0)
    })

    it('accepts a form post with a same-origin returnTo, and logout ends the session', async () => {
      const browser = new Browser(server.url)
      const form = new URLSearchParams({
        email: owner.email,
        password: owner.password,
        workspace: 'acme',
        returnTo: '/auth/session',
      })
      const response = await browser.request('/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      })
      assert.equal(response.status, 303)
      assert.equal(response.headers.get('location'), '/auth/session')
      const offsite = await browser.request('/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...Object.fromEntries(form), returnTo: '//evil.example/' }),
      })
      assert.equal(offsite.status, 200)
      const session = (await (await browser.json('GET', '/auth/session')).json()) as any
      browser.csrfToken = session.csrfToken
      assert.equal((await browser.json('POST', '/auth/logout')).status, 204)
      assert.equal((await browser.json('GET', '/auth/session')).status, 401)
    })
  })

  describe('roles and permissions', () => {
    let browser: Browser
    let member: Awaited<ReturnType<typeof createMember>>
    before(async () => {
      member = await createMember(server, 'member@acme.com', 'member')
      browser = new Browser(server.url)
      await browser.signIn({ email: member.email, password: member.password, workspace: 'acme' })
    })

    it('a member may read integrations but not manage them or SCIM (403 PERMISSION_DENIED)', async () => {
      assert.equal((await browser.json('GET', '/oauth/apps')).status, 200)
      const create = await browser.json('POST', '/oauth/apps', {
        name: 'm',
        redirectUris: [REDIRECT],
        scopes: ['openid'],
      })
      assert.equal(create.status, 403)
      assert.equal(((await create.json()) as any).error.code, 'PERMISSION_DENIED')
      assert.equal((await browser.json('GET', '/scim/directories')).status, 403)
    })

    it('consent trims what the role cannot grant, records it, and does not ask again', async () => {
      const app = await createApp(server, {
        name: 'Member app',
        redirectUris: [REDIRECT],
        scopes: ['openid', 'integrations:read', 'integrations:manage'],
      })
      const config = await discover(server, app.clientId, app.clientSecret)
      const run = async () => {
        const verifier = openid.randomPKCECodeVerifier()
        const url = openid.buildAuthorizationUrl(config, {
          redirect_uri: REDIRECT,
          scope: 'openid integrations:read integrations:manage',
          code_challenge: await openid.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
        })
        const outcome = await authorize(browser, url, REDIRECT)
        if (outcome.kind !== 'callback') throw new Error(await outcome.response.text())
        const tokens = await openid.authorizationCodeGrant(config, outcome.url, {
          pkceCodeVerifier: verifier,
        })
        return { tokens, consents: outcome.consents }
      }
      const first = await run()
      assert.deepEqual(first.consents, [
        { granted: ['openid', 'integrations:read'], trimmed: ['integrations:manage'] },
      ])
      assert.deepEqual(first.tokens.scope?.split(' ').sort(), ['integrations:read', 'openid'])
      const second = await run()
      assert.deepEqual(second.consents, [])
      assert.equal(second.tokens.scope?.includes('integrations:manage'), false)
    })
  })

  describe('interactions in a browser', () => {
    const start = async (browser: Browser, extra: Record<string, string> = {}) => {
      const app = await createApp(server, {
        name: `Web ${Math.random()}`,
        redirectUris: [REDIRECT],
        scopes: ['openid'],
      })
      const config = await discover(server, app.clientId, app.clientSecret)
      const url = openid.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: 'openid',
        code_challenge: await openid.calculatePKCECodeChallenge(openid.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
        ...extra,
      })
      const first = await browser.request(url)
      return {
        url,
        interaction: new URL(first.headers.get('location') as string, server.url).pathname,
      }
    }

    it('signs in through the HTML form and comes back to the authorization', async () => {
      const owner = await createMember(server, 'html-owner@acme.com', 'owner')
      const browser = new Browser(server.url)
      const { interaction } = await start(browser)
      const page = await browser.request(interaction)
      assert.equal(page.status, 200)
      assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/)
      const html = await page.text()
      assert.match(html, /<form method="post" action="\/auth\/login">/)
      assert.match(html, new RegExp(`name="returnTo" value="${interaction}"`))
      const login = await browser.request('/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          email: owner.email,
          password: owner.password,
          workspace: 'acme',
          returnTo: interaction,
        }),
      })
      assert.equal(login.headers.get('location'), interaction)
      const session = (await (await browser.json('GET', '/auth/session')).json()) as any
      browser.csrfToken = session.csrfToken
      const outcome = await authorize(browser, new URL(interaction, server.url), REDIRECT)
      assert.equal(outcome.kind, 'callback')
      assert.ok(outcome.kind === 'callback' && outcome.url.searchParams.get('code'))
    })

    it('prompt=login asks a signed-in member to sign in again', async () => {
      const owner = await createMember(server, 'again@acme.com', 'owner')
      const browser = new Browser(server.url)
      await browser.signIn({ email: owner.email, password: owner.password, workspace: 'acme' })
      const { interaction } = await start(browser, { prompt: 'login' })
      const step = (await (
        await browser.request(interaction, { headers: { accept: 'application/json' } })
      ).json()) as any
      assert.equal(step.prompt, 'login')
      // The provider dates requests to the second: sign in again in a later second than it began.
      await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5))
      await browser.signIn({ email: owner.email, password: owner.password, workspace: 'acme' })
      const outcome = await authorize(browser, new URL(interaction, server.url), REDIRECT)
      assert.equal(outcome.kind, 'callback')
    })
  })

  describe('SCIM management with OAuth tokens, and plans', () => {
    const connectionToken = async (workspaceId: string, scopes: string) => {
      const c = await services().oauth.connections.create(
        { workspaceId, allowedIps: '127.0.0.1,::1', scopes },
        SYSTEM,
      )
      const response = await tokenRequest(
        server,
        { grant_type: 'client_credentials', scope: scopes },
        { clientId: c.connection.clientId, secret: c.clientSecret },
      )
      return response.body.access_token as string
    }

    it('an access token with scim:manage manages SCIM directories like a management token', async () => {
      const token = await connectionToken(server.workspace.id, 'scim:manage')
      const created = await api('POST', '/scim/directories', { name: 'Okta via OAuth' }, token)
      assert.equal(created.status, 201)
      assert.ok(created.body.token)
      assert.equal(
        (await api('GET', `/scim/directories/${created.body.id}`, undefined, token)).status,
        200,
      )
      assert.equal((await api('GET', '/oauth/apps', undefined, token)).status, 403)
    })

    it('on a plan without SCIM the same call is 403 with a message naming the plan', async () => {
      const pro = await services().workspaces.create({ slug: 'initech', plan: 'pro' }, SYSTEM)
      const token = await connectionToken(pro.id, 'scim:manage')
      const response = await api('GET', '/scim/directories', undefined, token)
      assert.equal(response.status, 403)
      assert.equal(response.body.error.code, 'PLAN_REQUIRED')
      assert.match(
        response.body.error.message,
        /SCIM provisioning requires the enterprise plan; this workspace is on pro/,
      )
    })

    it('API connections need the pro plan (403 on free)', async () => {
      const free = await services().workspaces.create({ slug: 'hooli', plan: 'free' }, SYSTEM)
      await assert.rejects(
        services().oauth.connections.create(
          { workspaceId: free.id, allowedIps: '127.0.0.1', scopes: 'integrations:read' },
          SYSTEM,
        ),
        { status: 403, code: 'PLAN_REQUIRED' },
      )
    })
  })
})
