import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import * as openid from 'openid-client'
import { eachDialect } from '../helpers/dialects.js'
import { authorize, Browser, createApp, createMember, discover } from '../helpers/oauth.js'
import { startServer, type TestServer } from '../helpers/server.js'

const REDIRECT = 'http://127.0.0.1:9/callback'
const APP_SCOPES = [
  'openid',
  'offline_access',
  'user.read',
  'integrations:read',
  'integrations:manage',
]

/** The provider's flows, driven by a real OAuth client (openid-client) over HTTP. */
eachDialect('OAuth flows (openid-client)', (database) => {
  let server: TestServer
  let browser: Browser
  let owner: Awaited<ReturnType<typeof createMember>>
  let config: openid.Configuration

  before(async () => {
    server = await startServer(database)
    owner = await createMember(server, 'owner@acme.com', 'owner')
    browser = new Browser(server.url)
    assert.equal(
      (await browser.signIn({ email: owner.email, password: owner.password, workspace: 'acme' }))
        .status,
      200,
    )
    const app = await createApp(server, {
      name: 'Dashboard',
      redirectUris: [REDIRECT],
      scopes: APP_SCOPES,
    })
    assert.equal(app.status, 201)
    config = await discover(server, app.clientId, app.clientSecret)
  })
  after(() => server.close())

  /** OpenID Connect Core §11: offline_access (a refresh token) is granted with prompt=consent. */
  async function codeFlow(scope: string) {
    const verifier = openid.randomPKCECodeVerifier()
    const state = openid.randomState()
    const url = openid.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope,
      code_challenge: await openid.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      ...(scope.includes('offline_access') ? { prompt: 'consent' } : {}),
    })
    const outcome = await authorize(browser, url, REDIRECT)
    assert.equal(
      outcome.kind,
      'callback',
      outcome.kind === 'stopped' ? await outcome.response.text() : '',
    )
    if (outcome.kind !== 'callback') throw new Error('unreachable')
    const tokens = await openid.authorizationCodeGrant(config, outcome.url, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    })
    return { tokens, consents: outcome.consents }
  }

  it('authorization code with PKCE: consent, tokens, a verified ID token; consent remembered', async () => {
    const scope = 'openid offline_access user.read integrations:read'
    const first = await codeFlow(scope)
    assert.deepEqual(first.consents, [{ granted: scope.split(' '), trimmed: [] }])
    assert.equal(first.tokens.token_type.toLowerCase(), 'bearer')
    assert.ok(first.tokens.refresh_token)
    assert.equal(first.tokens.claims()?.sub, owner.id)
    assert.deepEqual(first.tokens.scope?.split(' ').sort(), scope.split(' ').sort())
    // The grant is remembered: asking again for what was granted needs no consent.
    const second = await codeFlow('openid user.read integrations:read')
    assert.deepEqual(second.consents, [])
    assert.equal(second.tokens.refresh_token, undefined)
  })

  it('refresh_token rotates: a new refresh token each time, the old one consumed', async () => {
    const { tokens } = await codeFlow('openid offline_access integrations:read')
    const refreshed = await openid.refreshTokenGrant(config, tokens.refresh_token as string)
    assert.ok(refreshed.access_token)
    assert.ok(refreshed.refresh_token)
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token)
    assert.notEqual(refreshed.access_token, tokens.access_token)
    const again = await openid.refreshTokenGrant(config, refreshed.refresh_token as string)
    assert.ok(again.access_token)
  })

  it('UserInfo answers an access token with user.read', async () => {
    const { tokens } = await codeFlow('openid user.read')
    const info = await openid.fetchUserInfo(config, tokens.access_token, owner.id)
    assert.deepEqual(
      { sub: info.sub, email: info.email, role: info.role, workspace_id: info.workspace_id },
      { sub: owner.id, email: owner.email, role: 'owner', workspace_id: server.workspace.id },
    )
  })

  it('UserInfo refuses an access token without user.read (403 insufficient_scope)', async () => {
    const { tokens } = await codeFlow('openid integrations:read')
    const response = await fetch(`${server.url}/oauth/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    })
    assert.equal(response.status, 403)
    assert.match(response.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/)
    assert.equal(((await response.json()) as { error: string }).error, 'insufficient_scope')
  })

  it('introspection: active with its scope and client, inactive after revocation', async () => {
    const { tokens } = await codeFlow('openid integrations:read')
    const active = await openid.tokenIntrospection(config, tokens.access_token)
    assert.equal(active.active, true)
    assert.equal(active.client_id, config.clientMetadata().client_id)
    assert.equal(active.sub, owner.id)
    assert.deepEqual(active.scope?.split(' ').sort(), ['integrations:read', 'openid'])
    await openid.tokenRevocation(config, tokens.access_token)
    assert.equal((await openid.tokenIntrospection(config, tokens.access_token)).active, false)
  })

  it('revocation (RFC 7009) is idempotent and revoking a refresh token ends its grant', async () => {
    const { tokens } = await codeFlow('openid offline_access integrations:read')
    const refresh = tokens.refresh_token as string
    await openid.tokenRevocation(config, refresh)
    await openid.tokenRevocation(config, refresh) // again: still 200
    await openid.tokenRevocation(config, 'never-issued')
    await assert.rejects(openid.refreshTokenGrant(config, refresh), { error: 'invalid_grant' })
    assert.equal((await openid.tokenIntrospection(config, tokens.access_token)).active, false)
  })

  it('client credentials: an API connection gets a token that the management API accepts', async () => {
    const { clientId, clientSecret } = await server.hub.services.oauth.connections
      .create(
        {
          workspaceId: server.workspace.id,
          allowedIps: '127.0.0.1/32,::1/128',
          scopes: 'integrations:read',
        },
        { type: 'system', id: null },
      )
      .then((c) => ({ clientId: c.connection.clientId, clientSecret: c.clientSecret }))
    const connection = await discover(server, clientId, clientSecret)
    const tokens = await openid.clientCredentialsGrant(connection, { scope: 'integrations:read' })
    assert.equal(tokens.scope, 'integrations:read')
    assert.ok((tokens.expires_in ?? 0) > 0)
    const introspected = await openid.tokenIntrospection(connection, tokens.access_token)
    assert.equal(introspected.active, true)
    assert.equal(introspected.client_id, clientId)
    const apps = await fetch(`${server.url}/oauth/apps`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    })
    assert.equal(apps.status, 200)
    assert.equal(((await apps.json()) as { apps: unknown[] }).apps.length, 1)
  })

  it("a user's access token works on the management API within the role and the grant", async () => {
    const { tokens } = await codeFlow('openid integrations:read integrations:manage')
    const bearer = { authorization: `Bearer ${tokens.access_token}` }
    assert.equal((await fetch(`${server.url}/oauth/apps`, { headers: bearer })).status, 200)
    // scim:manage was never granted to this token: 403, whatever the owner's role allows.
    const scim = await fetch(`${server.url}/scim/directories`, { headers: bearer })
    assert.equal(scim.status, 403)
    assert.equal(
      ((await scim.json()) as { error: { code: string } }).error.code,
      'PERMISSION_DENIED',
    )
  })
})
