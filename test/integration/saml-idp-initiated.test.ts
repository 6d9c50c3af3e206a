import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect } from '../helpers/dialects.js'
import {
  connectIdp,
  manage,
  postResponse,
  type SamlFixture,
  sessionCookie,
  startLogin,
  whoAmI,
} from '../helpers/saml.js'
import { startServer, type TestServer } from '../helpers/server.js'

/**
 * @see issue: SAML IdP-initiated sign-in was on by default. An unsolicited response (SAML
 * profiles §4.1.5: no InResponseTo) is a login-CSRF and replay vector (OWASP SAML Security
 * Cheat Sheet), so a connection refuses it unless an admin enabled it; enabled, it still passes
 * the replay cache and the audience and recipient checks.
 */
eachDialect('SAML IdP-initiated sign-in is opt-in', (database) => {
  let server: TestServer
  let fixture: SamlFixture
  const unsolicited = (nameId: string, sp = fixture.sp) => fixture.idp.loginResponse(sp, { nameId })
  const setAllowed = async (allowIdpInitiated: boolean) => {
    const patched = await manage(server, 'PATCH', `/saml/connections/${fixture.connectionId}`, {
      allowIdpInitiated,
    })
    assert.equal(patched.status, 200, JSON.stringify(patched.body))
    assert.equal(patched.body.allowIdpInitiated, allowIdpInitiated)
  }

  before(async () => {
    server = await startServer(database)
    // Created without any IdP-initiated setting.
    fixture = await connectIdp(server, { settings: { allowIdpInitiated: undefined } })
  })
  after(() => server.close())

  it('refuses an unsolicited response by default with a clear 403, and no session', async () => {
    const listed = await manage(server, 'GET', '/saml/connections')
    assert.equal(listed.body.connections[0].allowIdpInitiated, false)
    const response = await postResponse(server, await unsolicited('ann@acme.com'), '/apps')
    assert.equal(response.status, 403)
    assert.equal(sessionCookie(response), undefined)
    const body = (await response.json()) as { error: { code: string; message: string } }
    assert.equal(body.error.code, 'SAML_IDP_INITIATED_DISABLED')
    assert.match(body.error.message, /IdP-initiated sign-in is off/)
    // SP-initiated sign-in is what the connection is for, and it still works.
    const requestId = await startLogin(server, fixture)
    const solicited = await postResponse(
      server,
      await fixture.idp.loginResponse(fixture.sp, { nameId: 'ann@acme.com', requestId }),
    )
    assert.equal(solicited.status, 303)
    assert.equal((await whoAmI(server, sessionCookie(solicited)))?.member.email, 'ann@acme.com')
  })

  it('validates the setting in the admin API', async () => {
    const refused = await manage(server, 'PATCH', `/saml/connections/${fixture.connectionId}`, {
      allowIdpInitiated: 'yes',
    })
    assert.equal(refused.status, 422)
    assert.equal(refused.body.error.code, 'SAML_CONNECTION_INVALID')
  })

  it('accepts an unsolicited response once enabled, and stores the choice', async () => {
    await setAllowed(true)
    const response = await postResponse(server, await unsolicited('bea@acme.com'), '/apps')
    assert.equal(response.status, 303)
    assert.equal(response.headers.get('location'), '/apps')
    assert.equal((await whoAmI(server, sessionCookie(response)))?.member.email, 'bea@acme.com')
    const row = await server.store.db
      .selectFrom('saml_connections')
      .select(['allow_idp_initiated', 'settings'])
      .executeTakeFirstOrThrow()
    assert.equal(row.allow_idp_initiated, 1)
  })

  it('refuses a replayed unsolicited response even when enabled', async () => {
    const samlResponse = await unsolicited('cy@acme.com')
    const first = await postResponse(server, samlResponse)
    assert.equal(first.status, 303)
    const replayed = await postResponse(server, samlResponse)
    assert.equal(replayed.status, 401)
    assert.equal(sessionCookie(replayed), undefined)
  })

  it('refuses an unsolicited response for another audience or recipient even when enabled', async () => {
    const ours = `${server.url}/saml/metadata/${server.workspace.id}`
    const otherAudience = fixture.idp.sp(
      fixture.spMetadata.replaceAll(`entityID="${ours}"`, 'entityID="https://sp.other.example/"'),
    )
    const otherRecipient = fixture.idp.sp(
      fixture.spMetadata.replaceAll(`${server.url}/saml/callback`, 'https://sp.other.example/acs'),
    )
    for (const [what, sp] of [
      ['audience', otherAudience],
      ['recipient', otherRecipient],
    ] as const) {
      const response = await postResponse(server, await unsolicited('dee@acme.com', sp))
      assert.equal(response.status, 401, what)
      assert.equal(sessionCookie(response), undefined, what)
    }
  })

  it('refuses unsolicited responses again once disabled', async () => {
    await setAllowed(false)
    const response = await postResponse(server, await unsolicited('bea@acme.com'))
    assert.equal(response.status, 403)
    assert.equal(sessionCookie(response), undefined)
  })
})
