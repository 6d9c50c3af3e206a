import { randomBytes } from 'node:crypto'
import { DOMParser } from '@xmldom/xmldom'
import samlify from 'samlify'
import type { KeyPair } from './saml-keys.js'

const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect'
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'

/**
 * samlify refuses to parse anything until a schema validator is set. Its published validators
 * need Java (@authenio/samlify-xsd-schema-validator runs a JVM) or a native xmllint, so the test
 * IdP gets a well-formedness validator on @xmldom/xmldom that also refuses DTDs. It only guards
 * what the test IdP reads (our AuthnRequests and LogoutRequests); the SP under test never uses it.
 */
samlify.setSchemaValidator({
  validate: async (xml: string) => {
    const problems: string[] = []
    const record = (message: string) => problems.push(message)
    const doc = new DOMParser({
      errorHandler: { warning: record, error: record, fatalError: record },
    }).parseFromString(xml, 'text/xml')
    if (problems.length > 0 || !doc.documentElement || doc.doctype) {
      throw new Error(`invalid XML: ${problems[0] ?? 'DTD or no root'}`)
    }
    return 'ok'
  },
})

export type TestIdp = {
  readonly entityId: string
  readonly idp: samlify.IdentityProviderInstance
  /** The IdP's metadata (both certificates during a rollover). */
  metadata(): string
  /** samlify's view of our SP, from our metadata. `signResponse` also signs the Response. */
  sp(spMetadata: string, options?: { signResponse?: boolean }): samlify.ServiceProviderInstance
  /** A signed login response (base64), as the IdP would POST it to our ACS. */
  loginResponse(sp: samlify.ServiceProviderInstance, options: LoginOptions): Promise<string>
}

export type LoginOptions = {
  nameId: string
  requestId?: string
  sessionIndex?: string
  attributes?: Record<string, string>
}

/**
 * An independent IdP played by samlify: its own metadata, its own signing (xml-crypto via
 * samlify), HTTP-Redirect SSO and SLO endpoints. `signingKeys` lists the certificates it
 * publishes; `signWith` is the one it signs with (rollover tests publish two and switch).
 */
export function createTestIdp(options: {
  entityId: string
  baseUrl: string
  signingKeys: KeyPair[]
  signWith?: KeyPair
}): TestIdp {
  const signer = options.signWith ?? options.signingKeys[0]
  if (!signer) throw new Error('no signing key')
  const idp = samlify.IdentityProvider({
    entityID: options.entityId,
    signingCert: options.signingKeys.map((k) => k.cert),
    privateKey: signer.key,
    nameIDFormat: [EMAIL_FORMAT],
    singleSignOnService: [{ Binding: REDIRECT, Location: `${options.baseUrl}/sso` }],
    singleLogoutService: [{ Binding: REDIRECT, Location: `${options.baseUrl}/slo` }],
  })
  return {
    entityId: options.entityId,
    idp,
    metadata: () => idp.getMetadata(),
    sp: (spMetadata, spOptions = {}) =>
      samlify.ServiceProvider({
        metadata: spMetadata,
        wantMessageSigned: spOptions.signResponse ?? false,
        wantLogoutRequestSigned: true,
        wantLogoutResponseSigned: true,
      }),
    async loginResponse(sp, login) {
      const result = await idp.createLoginResponse(
        sp,
        { extract: login.requestId ? { request: { id: login.requestId } } : {} },
        'post',
        { email: login.nameId },
        () => ({ id: newId(), context: renderResponse(idp, sp, login) }),
      )
      return result.context
    },
  }
}

export function newId(): string {
  return `_${randomBytes(16).toString('hex')}`
}

const RESPONSE =
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{ID}" Version="2.0" IssueInstant="{IssueInstant}" Destination="{Destination}" InResponseTo="{InResponseTo}"><saml:Issuer>{Issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>' +
  '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{AssertionID}" Version="2.0" IssueInstant="{IssueInstant}"><saml:Issuer>{Issuer}</saml:Issuer><saml:Subject><saml:NameID Format="{NameIDFormat}">{NameID}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{NotOnOrAfter}" Recipient="{Recipient}" InResponseTo="{InResponseTo}"/></saml:SubjectConfirmation></saml:Subject>' +
  '<saml:Conditions NotBefore="{NotBefore}" NotOnOrAfter="{NotOnOrAfter}"><saml:AudienceRestriction><saml:Audience>{Audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>' +
  '<saml:AuthnStatement AuthnInstant="{IssueInstant}" SessionIndex="{SessionIndex}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>' +
  '<saml:AttributeStatement>ATTRIBUTES</saml:AttributeStatement></saml:Assertion></samlp:Response>'

const ATTRIBUTE =
  '<saml:Attribute Name="{Name}"><saml:AttributeValue>{Value}</saml:AttributeValue></saml:Attribute>'

/** The response XML before samlify signs it; samlify's replaceTagsByValue escapes each value. */
function renderResponse(
  idp: samlify.IdentityProviderInstance,
  sp: samlify.ServiceProviderInstance,
  login: LoginOptions,
): string {
  const now = new Date()
  const replace = samlify.SamlLib.replaceTagsByValue
  const acs = sp.entityMeta.getAssertionConsumerService('post')
  const xml = replace(RESPONSE, {
    ID: newId(),
    AssertionID: newId(),
    IssueInstant: now.toISOString(),
    Destination: String(acs),
    Recipient: String(acs),
    InResponseTo: login.requestId ?? '',
    Issuer: idp.entityMeta.getEntityID(),
    NameIDFormat: EMAIL_FORMAT,
    NameID: login.nameId,
    NotBefore: new Date(now.getTime() - 60_000).toISOString(),
    NotOnOrAfter: new Date(now.getTime() + 5 * 60_000).toISOString(),
    Audience: sp.entityMeta.getEntityID(),
    SessionIndex: login.sessionIndex ?? newId(),
  })
  const attributes = Object.entries(login.attributes ?? {})
    .map(([Name, Value]) => replace(ATTRIBUTE, { Name, Value }))
    .join('')
  return xml.replace('ATTRIBUTES', attributes)
}
