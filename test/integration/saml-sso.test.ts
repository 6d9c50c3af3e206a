import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect } from '../helpers/dialects.js'
import {
  connectIdp,
  loggedInEmails,
  manage,
  postResponse,
  type SamlFixture,
  sessionCookie,
  startLogin,
  whoAmI,
} from '../helpers/saml.js'
import { startServer, type TestServer } from '../helpers/server.js'

eachDialect('SAML SSO round trips with a samlify IdP', (database) => {
  let server: TestServer
  let fixture: SamlFixture

  before(async () => {
    server = await startServer(database)
    fixture = await connectIdp(server)
  })
  after(() => server.close())

  it('serves SP metadata that the IdP library reads', async () => {
    assert.equal(
      fixture.sp.entityMeta.getEntityID(),
      `${server.url}/saml/metadata/${server.workspace.id}`,
    )
    assert.equal(
      fixture.sp.entityMeta.getAssertionConsumerService('post'),
      `${server.url}/saml/callback`,
    )
    assert.equal(fixture.sp.entityMeta.isWantAssertionsSigned(), true)
  })

  it('signs in SP-initiated, provisions the member just in time, and returns to the stored path', async () => {
    const requestId = await startLogin(server, fixture, server.workspace.id, '/apps?tab=1')
    const response = await postResponse(
      server,
      await fixture.idp.loginResponse(fixture.sp, {
        nameId: 'jit.person@acme.com',
        requestId,
        attributes: { displayName: 'Jit Person' },
      }),
      'https://evil.example/ignored-because-the-request-stored-the-path',
    )
    assert.equal(response.status, 303)
    assert.equal(response.headers.get('location'), '/apps?tab=1')
    const me = await whoAmI(server, sessionCookie(response))
    assert.equal(me.member.email, 'jit.person@acme.com')
    assert.equal(me.member.role, 'member')
    const member = await server.hub.services.members.findByEmail(
      server.workspace.id,
      'jit.person@acme.com',
    )
    assert.equal(member?.displayName, 'Jit Person')
  })

  it('signs in IdP-initiated and follows only our own RelayState paths', async () => {
    const login = () => fixture.idp.loginResponse(fixture.sp, { nameId: 'idp.init@acme.com' })
    const own = await postResponse(server, await login(), '/dashboard')
    assert.equal(own.status, 303)
    assert.equal(own.headers.get('location'), '/dashboard')
    for (const relay of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const response = await postResponse(server, await login(), relay)
      assert.equal(response.status, 303, relay)
      assert.equal(response.headers.get('location'), '/', relay)
    }
  })

  it('signs in when the IdP signs the Response as well as the Assertion', async () => {
    const sp = fixture.idp.sp(fixture.spMetadata, { signResponse: true })
    const requestId = await startLogin(server, { idp: fixture.idp, sp })
    const response = await postResponse(
      server,
      await fixture.idp.loginResponse(sp, { nameId: 'both.signed@acme.com', requestId }),
    )
    assert.equal(response.status, 303)
    assert.equal(
      (await whoAmI(server, sessionCookie(response))).member.email,
      'both.signed@acme.com',
    )
  })

  it('refuses an email of another domain even with JIT on, and a response without a member when JIT is off', async () => {
    const outsider = await postResponse(
      server,
      await fixture.idp.loginResponse(fixture.sp, { nameId: 'someone@other.example' }),
    )
    assert.equal(outsider.status, 403)
    assert.equal(sessionCookie(outsider), undefined)
    const patch = await manage(server, 'PATCH', `/saml/connections/${fixture.connectionId}`, {
      jitProvisioning: false,
    })
    assert.equal(patch.status, 200)
    const unknown = await postResponse(
      server,
      await fixture.idp.loginResponse(fixture.sp, { nameId: 'nobody.yet@acme.com' }),
    )
    assert.equal(unknown.status, 403)
    await manage(server, 'PATCH', `/saml/connections/${fixture.connectionId}`, {
      jitProvisioning: true,
    })
  })

  it('logs out SP-initiated: the session ends and the IdP gets a LogoutRequest it accepts', async () => {
    const signIn = await postResponse(
      server,
      await fixture.idp.loginResponse(fixture.sp, {
        nameId: 'leaver@acme.com',
        sessionIndex: '_s1',
      }),
    )
    const cookie = sessionCookie(signIn)
    assert.ok(await whoAmI(server, cookie))
    const logout = await fetch(`${server.url}/saml/logout/${server.workspace.id}`, {
      redirect: 'manual',
      headers: { cookie: cookie ?? '' },
    })
    assert.equal(logout.status, 302)
    assert.equal(await whoAmI(server, cookie), undefined)
    const toIdp = new URL(logout.headers.get('location') ?? '')
    assert.equal(toIdp.origin + toIdp.pathname, 'https://idp.example.test/slo')
    const request = await fixture.idp.idp.parseLogoutRequest(fixture.sp, 'redirect', {
      query: Object.fromEntries(toIdp.searchParams),
    })
    assert.equal(request.extract.nameID, 'leaver@acme.com')
    assert.equal(request.extract.sessionIndex, '_s1')
    const answer = fixture.idp.idp.createLogoutResponse(
      fixture.sp,
      request as never,
      'redirect',
      '',
    )
    const back = await fetch(
      answer.context.replace(/^[^?]*/, `${server.url}/saml/logout/callback`),
      {
        redirect: 'manual',
      },
    )
    assert.equal(back.status, 302)
    assert.equal(back.headers.get('location'), '/')
    const again = await fetch(
      answer.context.replace(/^[^?]*/, `${server.url}/saml/logout/callback`),
      {
        redirect: 'manual',
      },
    )
    assert.equal(again.status, 400, 'a LogoutResponse answers one request once')
  })

  it('logs out IdP-initiated: a signed LogoutRequest ends that IdP session only', async () => {
    const first = sessionCookie(
      await postResponse(
        server,
        await fixture.idp.loginResponse(fixture.sp, {
          nameId: 'twice@acme.com',
          sessionIndex: '_a',
        }),
      ),
    )
    const second = sessionCookie(
      await postResponse(
        server,
        await fixture.idp.loginResponse(fixture.sp, {
          nameId: 'twice@acme.com',
          sessionIndex: '_b',
        }),
      ),
    )
    const request = fixture.idp.idp.createLogoutRequest(fixture.sp, 'redirect', {
      logoutNameID: 'twice@acme.com',
      sessionIndex: '_a',
    } as never)
    const url = request.context.replace(/^[^?]*/, `${server.url}/saml/logout/callback`)
    const response = await fetch(url, { redirect: 'manual' })
    assert.equal(response.status, 302)
    const toIdp = new URL(response.headers.get('location') ?? '')
    assert.ok(toIdp.searchParams.get('SAMLResponse'))
    assert.equal(await whoAmI(server, first), undefined)
    assert.equal((await whoAmI(server, second)).member.email, 'twice@acme.com')
    const unsigned = new URL(url)
    unsigned.searchParams.delete('Signature')
    const refused = await fetch(unsigned, { redirect: 'manual' })
    assert.equal(refused.status, 400, 'unsigned LogoutRequests are refused')
  })

  it('keeps sessions and people inside the workspace', async () => {
    assert.ok((await loggedInEmails(server)).every((email) => email.endsWith('@acme.com')))
  })
})
