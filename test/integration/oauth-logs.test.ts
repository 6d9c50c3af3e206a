import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, it } from 'node:test'
import * as openid from 'openid-client'
import { createLogger } from '../../src/shared/logger.js'
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

/** DESIGN: secrets never appear in logs, even at debug level, across every OAuth step. */
eachDialect('OAuth secrets stay out of the logs', (database) => {
  let server: TestServer
  let logs = ''
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs += String(chunk)
      done()
    },
  })

  before(async () => {
    server = await startServer(database, { log: createLogger({ level: 'debug' }, sink) })
  })
  after(() => server.close())

  it('logs no password, client secret, code, verifier, token, cookie or CSRF token', async () => {
    const owner = await createMember(server, 'owner@acme.com', 'owner')
    const browser = new Browser(server.url)
    await browser.signIn({ email: owner.email, password: owner.password, workspace: 'acme' })
    await browser.signIn({ email: owner.email, password: 'a wrong password', workspace: 'acme' })
    const app = await createApp(server, {
      name: 'Logged',
      redirectUris: [REDIRECT],
      scopes: ['openid', 'offline_access'],
    })
    const config = await discover(server, app.clientId, app.clientSecret)
    const { code, verifier, callback, state } = await obtainCode(browser, config, {
      redirectUri: REDIRECT,
      scope: 'openid offline_access',
      prompt: 'consent',
    })
    const tokens = await openid.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    })
    const refreshed = await openid.refreshTokenGrant(config, tokens.refresh_token as string)
    await tokenRequest(
      server,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier },
      { clientId: app.clientId, secret: app.clientSecret },
    )
    await tokenRequest(
      server,
      { grant_type: 'refresh_token', refresh_token: 'x' },
      { clientId: app.clientId, secret: 'wrong-secret' },
    )
    await new Promise((resolve) => setTimeout(resolve, 50)) // let pino flush
    assert.ok(logs.length > 0, 'something was logged')
    const secrets = {
      password: owner.password,
      clientSecret: app.clientSecret,
      code,
      verifier,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token as string,
      rotatedRefreshToken: refreshed.refresh_token as string,
      session: browser.cookies.get('rollcall_session') as string,
      csrf: browser.csrfToken,
    }
    for (const [name, value] of Object.entries(secrets)) {
      assert.ok(value, name)
      assert.ok(!logs.includes(value), `${name} appears in the logs`)
    }
  })
})
