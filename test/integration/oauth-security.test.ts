import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import * as openid from 'openid-client'
import { eachDialect } from '../helpers/dialects.js'
import {
  Browser,
  createApp,
  createMember,
  discover,
  obtainCode,
  tokenRequest,
} from '../helpers/oauth.js'
import { startServer, type TestServer } from '../helpers/server.js'

const REDIRECT = 'http://127.0.0.1:9/callback'
const SCOPES = ['openid', 'offline_access', 'user.read', 'integrations:read', 'integrations:manage']

/** RFC 9700 (OAuth 2.0 Security BCP): each attack and the outcome it must meet. */
eachDialect('OAuth attacks (RFC 9700)', (database) => {
  let server: TestServer
  let browser: Browser
  let app: { id: string; clientId: string; clientSecret: string }
  let config: openid.Configuration
  const auth = () => ({ clientId: app.clientId, secret: app.clientSecret })

  before(async () => {
    server = await startServer(database)
    const owner = await createMember(server, 'owner@acme.com', 'owner')
    browser = new Browser(server.url)
    await browser.signIn({ email: owner.email, password: owner.password, workspace: 'acme' })
    app = await createApp(server, { name: 'Victim app', redirectUris: [REDIRECT], scopes: SCOPES })
    config = await discover(server, app.clientId, app.clientSecret)
  })
  after(() => server.close())

  const redeem = (code: string, verifier: string | undefined) =>
    tokenRequest(
      server,
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        ...(verifier === undefined ? {} : { code_verifier: verifier }),
      },
      auth(),
    )
  const refresh = (token: string, extra: Record<string, string> = {}) =>
    tokenRequest(server, { grant_type: 'refresh_token', refresh_token: token, ...extra }, auth())
  const isActive = async (token: string) => (await openid.tokenIntrospection(config, token)).active

  describe('§4.1 redirect URI validation: only an exact match, else no redirect at all', () => {
    for (const [variant, uri] of [
      ['path suffix', `${REDIRECT}/evil`],
      ['appended characters', `${REDIRECT}x`],
      ['added query', `${REDIRECT}?next=https://evil.example`],
      ['path case', 'http://127.0.0.1:9/CALLBACK'],
      ['other host', 'http://127.0.0.2:9/callback'],
      ['other port', 'http://127.0.0.1:10/callback'],
    ] as const) {
      it(`${variant}: 400 page, no Location`, async () => {
        const url = new URL(`${server.url}/oauth/authorize`)
        url.search = new URLSearchParams({
          client_id: app.clientId,
          response_type: 'code',
          scope: 'openid',
          redirect_uri: uri,
          code_challenge: await openid.calculatePKCECodeChallenge(openid.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
        }).toString()
        const response = await browser.request(url)
        assert.equal(response.status, 400)
        assert.equal(response.headers.get('location'), null)
        assert.match(await response.text(), /redirect_uri did not match/)
      })
    }
  })

  describe('§2.1.1 PKCE', () => {
    const authorizeWith = async (params: Record<string, string>) => {
      const url = new URL(`${server.url}/oauth/authorize`)
      url.search = new URLSearchParams({
        client_id: app.clientId,
        response_type: 'code',
        scope: 'openid',
        redirect_uri: REDIRECT,
        ...params,
      }).toString()
      const response = await browser.request(url)
      const location = new URL(response.headers.get('location') ?? 'about:blank')
      return { status: response.status, location }
    }

    it('missing code_challenge (PKCE required for the app) → invalid_request, no code', async () => {
      const { location } = await authorizeWith({})
      assert.equal(location.searchParams.get('error'), 'invalid_request')
      assert.match(location.searchParams.get('error_description') ?? '', /PKCE|code_challenge/)
      assert.equal(location.searchParams.get('code'), null)
    })

    it('code_challenge_method=plain → invalid_request, no code', async () => {
      const { location } = await authorizeWith({
        code_challenge: 'a'.repeat(43),
        code_challenge_method: 'plain',
      })
      assert.equal(location.searchParams.get('error'), 'invalid_request')
      assert.equal(location.searchParams.get('code'), null)
    })

    it('code_verifier changed between the two steps → invalid_grant', async () => {
      const { code } = await obtainCode(browser, config, { redirectUri: REDIRECT, scope: 'openid' })
      const response = await redeem(code, openid.randomPKCECodeVerifier())
      assert.equal(response.status, 400)
      assert.equal(response.body.error, 'invalid_grant')
    })

    it('code_verifier left out at the token endpoint → invalid_grant', async () => {
      const { code } = await obtainCode(browser, config, { redirectUri: REDIRECT, scope: 'openid' })
      const response = await redeem(code, undefined)
      assert.equal(response.status, 400)
      assert.equal(response.body.error, 'invalid_grant')
    })
  })

  describe('§4.2.4 / RFC 6749 §4.1.2 authorization code reuse', () => {
    it('a second redemption fails and revokes the tokens of the first', async () => {
      const { code, verifier } = await obtainCode(browser, config, {
        redirectUri: REDIRECT,
        scope: 'openid offline_access',
        prompt: 'consent',
      })
      const first = await redeem(code, verifier)
      assert.equal(first.status, 200)
      assert.equal(await isActive(first.body.access_token), true)
      const second = await redeem(code, verifier)
      assert.equal(second.status, 400)
      assert.equal(second.body.error, 'invalid_grant')
      assert.equal(await isActive(first.body.access_token), false)
      assert.equal((await refresh(first.body.refresh_token)).body.error, 'invalid_grant')
    })

    it('8 concurrent redemptions: exactly one succeeds, and the grant is revoked', async () => {
      const { code, verifier } = await obtainCode(browser, config, {
        redirectUri: REDIRECT,
        scope: 'openid offline_access',
        prompt: 'consent',
      })
      const responses = await Promise.all(Array.from({ length: 8 }, () => redeem(code, verifier)))
      const wins = responses.filter((r) => r.status === 200)
      assert.equal(wins.length, 1, JSON.stringify(responses.map((r) => r.status)))
      for (const loss of responses.filter((r) => r.status !== 200)) {
        assert.equal(loss.status, 400)
        assert.equal(loss.body.error, 'invalid_grant')
      }
      const [win] = wins
      assert.equal(await isActive(win?.body.access_token), false)
      assert.equal((await refresh(win?.body.refresh_token)).body.error, 'invalid_grant')
    })
  })

  describe('§4.14.2 refresh token rotation and reuse detection', () => {
    const tokens = async () => {
      const { code, verifier } = await obtainCode(browser, config, {
        redirectUri: REDIRECT,
        scope: 'openid offline_access integrations:read',
        prompt: 'consent',
      })
      return (await redeem(code, verifier)).body
    }

    it('reusing a rotated refresh token → invalid_grant, and the whole grant is revoked', async () => {
      const issued = await tokens()
      const rotated = await refresh(issued.refresh_token)
      assert.equal(rotated.status, 200)
      const reuse = await refresh(issued.refresh_token)
      assert.equal(reuse.status, 400)
      assert.equal(reuse.body.error, 'invalid_grant')
      // The legitimate holder's newest tokens die with the grant.
      assert.equal((await refresh(rotated.body.refresh_token)).body.error, 'invalid_grant')
      assert.equal(await isActive(rotated.body.access_token), false)
    })

    it('8 concurrent refreshes with one token: exactly one succeeds, and the grant is revoked', async () => {
      const issued = await tokens()
      const responses = await Promise.all(
        Array.from({ length: 8 }, () => refresh(issued.refresh_token)),
      )
      const wins = responses.filter((r) => r.status === 200)
      assert.equal(wins.length, 1, JSON.stringify(responses.map((r) => r.status)))
      assert.ok(
        responses.filter((r) => r.status !== 200).every((r) => r.body.error === 'invalid_grant'),
      )
      assert.equal((await refresh(wins[0]?.body.refresh_token)).body.error, 'invalid_grant')
    })

    it('asking for more scope on refresh → invalid_scope', async () => {
      const issued = await tokens()
      const response = await refresh(issued.refresh_token, {
        scope: 'openid integrations:read integrations:manage',
      })
      assert.equal(response.status, 400)
      assert.equal(response.body.error, 'invalid_scope')
    })
  })

  describe('§5.2 / RFC 6749 §2.3 client authentication', () => {
    const attempt = (clientId: string, secret: string) =>
      tokenRequest(
        server,
        { grant_type: 'refresh_token', refresh_token: 'x' },
        { clientId, secret },
      )

    it('a wrong secret → 401 invalid_client', async () => {
      const response = await attempt(app.clientId, `${app.clientSecret}x`)
      assert.equal(response.status, 401)
      assert.equal(response.body.error, 'invalid_client')
      assert.match(response.headers.get('www-authenticate') ?? '', /^Basic/)
    })

    it("another app's secret, an unknown client, a rotated-out secret → 401 invalid_client", async () => {
      const other = await createApp(server, {
        name: 'Other app',
        redirectUris: [REDIRECT],
        scopes: ['openid'],
      })
      const rotated = await server.hub.services.oauth.apps.rotateSecret(
        { id: other.id },
        { type: 'system', id: null },
      )
      for (const [clientId, secret] of [
        [app.clientId, other.clientSecret],
        ['rc_app_unknown', app.clientSecret],
        [other.clientId, other.clientSecret],
      ] as const) {
        const response = await attempt(clientId, secret)
        assert.equal(response.status, 401, `${clientId}`)
        assert.equal(response.body.error, 'invalid_client')
      }
      // The new secret works at once: the request reaches grant validation.
      assert.equal(
        (await attempt(other.clientId, rotated.clientSecret)).body.error,
        'invalid_grant',
      )
    })
  })
})
