import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { XMLSerializer } from '@xmldom/xmldom'
import { eachDialect } from '../helpers/dialects.js'
import {
  connectIdp,
  loggedInEmails,
  postResponse,
  type SamlFixture,
  sessionCookie,
  startLogin,
  testKeys,
} from '../helpers/saml.js'
import {
  all,
  decode,
  encode,
  NS,
  one,
  ownSignature,
  setText,
  withDtd,
  wrapAssertion,
  wrapResponse,
} from '../helpers/saml-attacks.js'
import { createTestIdp } from '../helpers/saml-idp.js'
import { signWithXmlsec } from '../helpers/saml-keys.js'
import { startServer, type TestServer } from '../helpers/server.js'

const ADMIN = 'admin@acme.com'
const MALLORY = 'mallory@acme.com'

/**
 * The attack suite: every response below is refused (401 invalid, or 403 for a well-formed
 * assertion of someone who may not sign in), no session cookie is set, and nobody new is signed
 * in, least of all the identity the attacker aimed at. Attacks that change signed content are
 * re-signed with Debian's xmlsec1 (libxmlsec1), not with xml-crypto, which both node-saml and
 * samlify use: the signature is then valid XML-DSig made by an independent implementation.
 */
eachDialect('SAML attack suite', (database) => {
  let server: TestServer
  let fixture: SamlFixture
  const idpKeys = () => testKeys('idp')

  before(async () => {
    server = await startServer(database)
    fixture = await connectIdp(server)
    await server.hub.services.members.create(
      { workspaceId: server.workspace.id, email: ADMIN, role: 'admin' },
      { type: 'system', id: null },
    )
  })
  after(() => server.close())

  /** Mallory's own valid response (she is a legitimate acme.com user). */
  const legit = async (
    options: { requestId?: string; signResponse?: boolean; nameId?: string } = {},
  ) => {
    const sp = options.signResponse
      ? fixture.idp.sp(fixture.spMetadata, { signResponse: true })
      : fixture.sp
    return decode(
      await fixture.idp.loginResponse(sp, {
        nameId: options.nameId ?? MALLORY,
        ...(options.requestId ? { requestId: options.requestId } : {}),
      }),
    )
  }
  const assertion = (doc: Document) => one(doc, NS.assertion, 'Assertion')
  const resign = (doc: Document, element = assertion(doc), algorithm?: 'sha1') =>
    encode(signWithXmlsec(element, idpKeys(), algorithm))

  async function expectRefused(samlResponse: string, statuses: number[] = [401]) {
    const before = await loggedInEmails(server)
    const response = await postResponse(server, samlResponse, '/')
    assert.ok(
      statuses.includes(response.status),
      `status ${response.status}: ${await response.text()}`,
    )
    assert.equal(sessionCookie(response), undefined, 'no session cookie')
    const afterwards = await loggedInEmails(server)
    assert.deepEqual(afterwards, before, 'nobody new is signed in')
    assert.ok(!afterwards.includes(ADMIN), 'the attacker is not the admin')
  }

  for (const variant of ['xsw1', 'xsw2'] as const) {
    it(`${variant.toUpperCase()}: a forged Response wrapping the signed one is refused`, async () => {
      await expectRefused(encode(wrapResponse(await legit({ signResponse: true }), ADMIN, variant)))
    })
  }

  for (const variant of ['xsw3', 'xsw4', 'xsw5', 'xsw6', 'xsw7', 'xsw8'] as const) {
    it(`${variant.toUpperCase()}: an evil assertion beside or around the signed one is refused`, async () => {
      await expectRefused(encode(wrapAssertion(await legit(), ADMIN, variant)))
    })
  }

  it('two assertions in one response, both validly signed, are refused', async () => {
    const doc = await legit()
    const second = assertion(doc).cloneNode(true) as Element
    second.setAttribute('ID', '_second0000000000000000000000000')
    setText(one(second, NS.assertion, 'NameID'), ADMIN)
    doc.documentElement.appendChild(second)
    await expectRefused(resign(doc, second))
  })

  it('an unsigned assertion is refused even inside a validly signed Response', async () => {
    const doc = await legit()
    const signature = ownSignature(assertion(doc))
    if (signature) assertion(doc).removeChild(signature)
    setText(one(doc, NS.assertion, 'NameID'), ADMIN)
    await expectRefused(resign(doc, doc.documentElement))
  })

  it('a response with its signatures stripped is refused', async () => {
    const doc = await legit({ signResponse: true })
    for (const signature of all(doc, NS.dsig, 'Signature'))
      signature.parentNode?.removeChild(signature)
    setText(one(doc, NS.assertion, 'NameID'), ADMIN)
    await expectRefused(encode(doc))
  })

  it("an assertion signed by the attacker's key, its certificate embedded in KeyInfo, is refused", async () => {
    const doc = await legit()
    setText(one(doc, NS.assertion, 'NameID'), ADMIN)
    const signed = signWithXmlsec(assertion(doc), testKeys('attacker'))
    assert.match(signed, /X509Certificate>MII/, 'the attacker certificate is embedded')
    await expectRefused(encode(signed))
  })

  it('an assertion signed with RSA-SHA1 and SHA-1 digests by the real IdP key is refused', async () => {
    await expectRefused(resign(await legit(), undefined, 'sha1'))
  })

  const tamper = (name: string, edit: (doc: Document) => void, signed = true) =>
    it(`${name} is refused`, async () => {
      const requestId = await startLogin(server, fixture)
      const doc = await legit({ requestId })
      edit(doc)
      await expectRefused(signed ? resign(doc) : encode(doc))
    })

  tamper('a wrong Audience (re-signed by the IdP key)', (doc) =>
    setText(one(doc, NS.assertion, 'Audience'), 'https://other-sp.example/saml/metadata'),
  )
  tamper('a wrong Recipient (re-signed by the IdP key)', (doc) =>
    one(doc, NS.assertion, 'SubjectConfirmationData').setAttribute(
      'Recipient',
      'https://evil.example/acs',
    ),
  )
  tamper(
    'a wrong Destination',
    (doc) => doc.documentElement.setAttribute('Destination', 'https://evil.example/acs'),
    false,
  )
  tamper('a wrong Issuer (re-signed by the IdP key)', (doc) => {
    for (const issuer of all(doc, NS.assertion, 'Issuer'))
      setText(issuer, 'https://evil-idp.example/')
  })
  tamper('an expired NotOnOrAfter (re-signed by the IdP key)', (doc) => {
    const past = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()
    for (const name of ['Conditions', 'SubjectConfirmationData']) {
      const element = one(doc, NS.assertion, name)
      element.setAttribute('NotOnOrAfter', past(10))
      if (element.hasAttribute('NotBefore')) element.setAttribute('NotBefore', past(20))
    }
  })

  it('a replayed assertion is refused the second time', async () => {
    const response = encode(await legit({ nameId: 'replay.victim@acme.com' }))
    const first = await postResponse(server, response, '/')
    assert.equal(first.status, 303, 'the original is accepted')
    assert.ok(sessionCookie(first))
    await expectRefused(response)
    const sessions = (await loggedInEmails(server)).filter((e) => e === 'replay.victim@acme.com')
    assert.equal(sessions.length, 1)
  })

  it('an unknown InResponseTo is refused', async () => {
    await expectRefused(encode(await legit({ requestId: '_0123456789abcdef0123456789abcdef' })))
  })

  it('a mismatched InResponseTo (Response and SubjectConfirmationData disagree) is refused', async () => {
    const mine = await startLogin(server, fixture)
    const other = await startLogin(server, fixture)
    const doc = await legit({ requestId: mine })
    one(doc, NS.assertion, 'SubjectConfirmationData').setAttribute('InResponseTo', other)
    await expectRefused(resign(doc))
  })

  it("another workspace's InResponseTo is refused (the workspace comes from the stored request)", async () => {
    const services = server.hub.services
    const globex = await services.workspaces.create(
      { slug: 'globex' },
      { type: 'system', id: null },
    )
    const otherIdp = createTestIdp({
      entityId: 'https://idp.globex.test/saml',
      baseUrl: 'https://idp.globex.test',
      signingKeys: [testKeys('globex-idp')],
    })
    const idp = (await import('../../src/identity/saml/index.js')).parseIdpMetadata(
      otherIdp.metadata(),
    )
    assert.ok(idp.ok)
    await services.saml.connections.create(
      globex.id,
      {
        idp: idp.value,
        metadataUrl: null,
        allowedDomains: ['globex.com'],
        settings: {
          nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
          emailAttribute: null,
          displayNameAttribute: null,
          jitProvisioning: true,
          allowIdpInitiated: true,
        },
      },
      { type: 'system', id: null },
    )
    const globexRequest = await startLogin(server, fixture, globex.id)
    await expectRefused(encode(await legit({ requestId: globexRequest })))
  })

  it('an XXE payload (external entity in a DTD) is refused', async () => {
    const base = encode(await legit())
    await expectRefused(withDtd(base, MALLORY, '<!ENTITY xxe SYSTEM "file:///etc/passwd">', 'xxe'))
  })

  it('a billion-laughs payload (nested entities) is refused', async () => {
    const laughs = Array.from({ length: 9 }, (_, i) =>
      i === 0 ? '<!ENTITY lol0 "lol">' : `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`,
    ).join('')
    await expectRefused(withDtd(encode(await legit()), MALLORY, laughs, 'lol8'))
  })

  it('a comment in the NameID does not turn admin@acme.com.evil.com into admin@acme.com', async () => {
    const doc = await legit({ nameId: `${ADMIN}.evil.com` })
    const nameId = one(doc, NS.assertion, 'NameID')
    setText(nameId, ADMIN)
    nameId.appendChild(doc.createComment(''))
    nameId.appendChild(doc.createTextNode('.evil.com'))
    assert.match(new XMLSerializer().serializeToString(nameId), /admin@acme\.com<!---->\.evil\.com/)
    await expectRefused(encode(doc))
    const provisioned = await server.hub.services.members.findByEmail(
      server.workspace.id,
      `${ADMIN}.evil.com`,
    )
    assert.equal(provisioned, undefined)
  })

  it('control: the untouched response of the same IdP signs Mallory in', async () => {
    const response = await postResponse(server, encode(await legit()), '/')
    assert.equal(response.status, 303)
    assert.ok((await loggedInEmails(server)).includes(MALLORY))
  })
})
