import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import * as openid from 'openid-client'
import { eachDialect } from '../helpers/dialects.js'
import { authorize, Browser, createApp, createMember, discover } from '../helpers/oauth.js'
import { startServer, type TestServer } from '../helpers/server.js'

const REDIRECT = 'http://127.0.0.1:9/callback'

/**
 * Offboarding revokes the hub's own access of the leaver: their console session stops working,
 * their OAuth access and refresh tokens are refused, they cannot sign in with their password,
 * and the trail says so. Other members keep theirs.
 */
eachDialect('revocation of a leaver’s hub access', (database) => {
  let server: TestServer
  before(async () => {
    server = await startServer(database)
  })
  after(() => server.close())

  async function signedIn(email: string) {
    const member = await createMember(server, email, 'admin')
    const browser = new Browser(server.url)
    const credentials = { email, password: member.password, workspace: 'acme' }
    assert.equal((await browser.signIn(credentials)).status, 200)
    return { member, browser, credentials }
  }

  it('ends sessions, revokes OAuth grants and tokens, removes the password; audited', async () => {
    const leaver = await signedIn('Leaver@Acme.com')
    const stayer = await signedIn('stayer@acme.com')
    const client = await createApp(server, {
      name: 'Dashboard',
      redirectUris: [REDIRECT],
      scopes: ['openid', 'offline_access', 'integrations:read'],
    })
    const config = await discover(server, client.clientId, client.clientSecret)
    const verifier = openid.randomPKCECodeVerifier()
    const url = openid.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid offline_access integrations:read',
      code_challenge: await openid.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      prompt: 'consent',
    })
    const outcome = await authorize(leaver.browser, url, REDIRECT)
    if (outcome.kind !== 'callback') throw new Error('no callback')
    const tokens = await openid.authorizationCodeGrant(config, outcome.url, {
      pkceCodeVerifier: verifier,
      idTokenExpected: true,
    })
    const bearer = (token: string) =>
      fetch(`${server.url}/api/apps`, { headers: { authorization: `Bearer ${token}` } })
    assert.equal((await bearer(tokens.access_token)).status, 200)
    assert.equal((await leaver.browser.json('GET', '/api/apps')).status, 200)

    const revoked = await server.hub.services.revokeAccessOf(server.workspace.id, 'LEAVER@acme.com')
    assert.equal(revoked.memberId, leaver.member.id)
    assert.equal(revoked.consoleSessions, 1)
    assert.ok(revoked.oauthArtifacts >= 3, 'grant, access token, refresh token (and session)')
    assert.equal(revoked.passwordRemoved, true)

    assert.equal((await leaver.browser.json('GET', '/api/apps')).status, 401)
    assert.equal((await bearer(tokens.access_token)).status, 401)
    await assert.rejects(openid.refreshTokenGrant(config, tokens.refresh_token as string))
    assert.equal((await new Browser(server.url).signIn(leaver.credentials)).status, 401)
    assert.equal((await stayer.browser.json('GET', '/api/apps')).status, 200, 'others keep theirs')

    const again = await server.hub.services.revokeAccessOf(server.workspace.id, 'leaver@acme.com')
    assert.deepEqual(
      [again.consoleSessions, again.oauthArtifacts, again.passwordRemoved],
      [0, 0, false],
      'repeating finds nothing more',
    )
    const nobody = await server.hub.services.revokeAccessOf(server.workspace.id, 'ghost@acme.com')
    assert.equal(nobody.memberId, null)
    const trail = await server.store.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', '=', 'access.revoked')
      .execute()
    assert.deepEqual(
      trail.map((t) => t.target_id ?? 'none').sort(),
      [leaver.member.id, leaver.member.id, 'none'].sort(),
    )
  })
})
