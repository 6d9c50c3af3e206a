import { type CacheProvider, SAML, ValidateInResponseTo } from '@node-saml/node-saml'
import { err, ok, type Result } from '../../shared/result.js'
import type { SamlConnection } from './saml-connections.js'
import type { SpEndpoints } from './sp-metadata.js'
import { attribute, childElements, firstChild, NS, plainText } from './xml-safety.js'

/** What a verified assertion says about the person, read from the signed bytes only. */
export type VerifiedAssertion = {
  assertionId: string
  issuer: string
  nameId: string
  nameIdFormat: string | null
  sessionIndex: string | null
  attributes: Record<string, string[]>
  /** Until when the assertion id must be remembered (latest NotOnOrAfter plus the skew). */
  keepUntil: Date
}

export type AssertionChecks = {
  connection: SamlConnection
  sp: SpEndpoints
  /** The stored AuthnRequest id for SP-initiated logins; null for IdP-initiated ones. */
  requestId: string | null
  now: Date
  clockSkewMs: number
}

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success'
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer'

/** node-saml keeps no request ids of ours (we store them); this cache stores nothing. */
const NO_CACHE: CacheProvider = {
  saveAsync: async () => null,
  getAsync: async () => null,
  removeAsync: async () => null,
}

/**
 * node-saml configured for one connection: signatures only from the pinned certificates (the
 * KeyInfo a message carries is ignored by xml-crypto), assertions must be signed, audience and
 * IdP issuer fixed, InResponseTo left to us (we match it against the stored request).
 */
export function samlFor(
  connection: SamlConnection,
  sp: SpEndpoints,
  clockSkewMs: number,
  requestId?: string,
): SAML {
  return new SAML({
    ...(requestId ? { generateUniqueId: () => requestId } : {}),
    idpCert: connection.idp.certificates,
    issuer: sp.entityId,
    audience: sp.entityId,
    callbackUrl: sp.acsUrl,
    entryPoint: connection.idp.ssoUrl,
    logoutUrl: connection.idp.sloUrl ?? connection.idp.ssoUrl,
    logoutCallbackUrl: sp.sloUrl,
    idpIssuer: connection.idp.entityId,
    identifierFormat: connection.settings.nameIdFormat,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: clockSkewMs,
    validateInResponseTo: ValidateInResponseTo.never,
    disableRequestedAuthnContext: true,
    cacheProvider: NO_CACHE,
  })
}

/**
 * Our checks on the assertion node-saml verified (its XML as node-saml re-serialized it from the
 * signed reference), and on the envelope around it (SAML profiles §4.1.4.2–§4.1.4.3, core §2.5).
 */
export function checkAssertion(
  verified: Document,
  envelope: { root: Element; assertion: Element },
  checks: AssertionChecks,
): Result<VerifiedAssertion, string> {
  const assertion = verified.documentElement
  if (assertion.namespaceURI !== NS.assertion || assertion.localName !== 'Assertion') {
    return err('the verified element is not an Assertion')
  }
  const assertionId = attribute(assertion, 'ID') ?? ''
  if (assertionId === '' || assertionId !== attribute(envelope.assertion, 'ID')) {
    return err('the verified assertion is not the one in the response')
  }
  const steps = [
    () => checkEnvelope(envelope.root, checks),
    () => checkIssuer(assertion, checks.connection.idp.entityId),
    () => checkConditions(assertion, checks),
  ]
  for (const step of steps) {
    const result = step()
    if (!result.ok) return result
  }
  const confirmation = checkBearer(assertion, checks)
  if (!confirmation.ok) return confirmation
  const subject = readSubject(assertion)
  if (!subject.ok) return subject
  // The signed bytes are canonical (exclusive c14n drops comments); the NameID as it arrived
  // must read the same, or someone edited it in a way the signature cannot see.
  const arrived = readSubject(envelope.assertion)
  if (!arrived.ok || arrived.value.nameId !== subject.value.nameId) {
    return err(`NameID as received: ${arrived.ok ? 'differs from the signed one' : arrived.error}`)
  }
  const conditionsEnd = attribute(firstChild(assertion, NS.assertion, 'Conditions'), 'NotOnOrAfter')
  const ends = [confirmation.value, Date.parse(conditionsEnd ?? '')].filter(Number.isFinite)
  return ok({
    assertionId,
    issuer: checks.connection.idp.entityId,
    ...subject.value,
    sessionIndex:
      attribute(firstChild(assertion, NS.assertion, 'AuthnStatement'), 'SessionIndex') ?? null,
    attributes: readAttributes(assertion),
    keepUntil: new Date(Math.max(...ends) + checks.clockSkewMs),
  })
}

/** Response: Issuer (when present) is the IdP, Status is Success, Destination is our ACS. */
function checkEnvelope(root: Element, checks: AssertionChecks): Result<void, string> {
  const issuer = firstChild(root, NS.assertion, 'Issuer')
  if (issuer) {
    const text = plainText(issuer)
    if (!text.ok || text.value !== checks.connection.idp.entityId) return err('Response Issuer')
  }
  const status = firstChild(root, NS.protocol, 'Status')
  const code = status ? firstChild(status, NS.protocol, 'StatusCode') : undefined
  if (attribute(code, 'Value') !== SUCCESS) return err('Status is not Success')
  // SAML bindings §3.5.5.2: a signed message MUST carry Destination; when present, it must be us.
  const destination = attribute(root, 'Destination')
  if (destination !== undefined && destination !== checks.sp.acsUrl) return err('Destination')
  const inResponseTo = attribute(root, 'InResponseTo') ?? ''
  if (inResponseTo !== (checks.requestId ?? '')) return err('Response InResponseTo')
  return ok(undefined)
}

function checkIssuer(assertion: Element, entityId: string): Result<void, string> {
  const issuer = firstChild(assertion, NS.assertion, 'Issuer')
  const text = issuer ? plainText(issuer) : err('missing')
  return text.ok && text.value === entityId ? ok(undefined) : err('Assertion Issuer')
}

/** Core §2.5.1.2 and §2.5.1.4: the time window with a small skew; every audience list names us. */
function checkConditions(assertion: Element, checks: AssertionChecks): Result<void, string> {
  const all = childElements(assertion, NS.assertion, 'Conditions')
  const [conditions] = all
  if (!conditions || all.length !== 1) return err('expected one Conditions element')
  const window = checkWindow(conditions, checks, true)
  if (!window.ok) return window
  const restrictions = childElements(conditions, NS.assertion, 'AudienceRestriction')
  if (restrictions.length === 0) return err('no AudienceRestriction')
  for (const restriction of restrictions) {
    const audiences = childElements(restriction, NS.assertion, 'Audience').map(plainText)
    if (!audiences.some((a) => a.ok && a.value === checks.sp.entityId)) return err('Audience')
  }
  return ok(undefined)
}

function checkWindow(
  element: Element,
  checks: AssertionChecks,
  requireEnd: boolean,
): Result<number, string> {
  const now = checks.now.getTime()
  const notBefore = attribute(element, 'NotBefore')
  const notOnOrAfter = attribute(element, 'NotOnOrAfter')
  if (notBefore !== undefined && !(Date.parse(notBefore) <= now + checks.clockSkewMs)) {
    return err(`${element.localName} NotBefore is in the future`)
  }
  const end = Date.parse(notOnOrAfter ?? '')
  if ((requireEnd || notOnOrAfter !== undefined) && !(now - checks.clockSkewMs < end)) {
    return err(`${element.localName} NotOnOrAfter has passed`)
  }
  return ok(end)
}

/**
 * Profiles §4.1.4.2: at least one bearer SubjectConfirmation whose data names our ACS as
 * Recipient, has not expired, and answers our request (or no request, when unsolicited).
 * Returns that confirmation's NotOnOrAfter.
 */
function checkBearer(assertion: Element, checks: AssertionChecks): Result<number, string> {
  const subject = firstChild(assertion, NS.assertion, 'Subject')
  const confirmations = subject ? childElements(subject, NS.assertion, 'SubjectConfirmation') : []
  let reason = 'no bearer SubjectConfirmation'
  for (const confirmation of confirmations) {
    if (attribute(confirmation, 'Method') !== BEARER) continue
    const data = firstChild(confirmation, NS.assertion, 'SubjectConfirmationData')
    if (!data) continue
    const window = checkWindow(data, checks, true)
    if (!window.ok) reason = window.error
    else if (attribute(data, 'Recipient') !== checks.sp.acsUrl) reason = 'Recipient'
    else if ((attribute(data, 'InResponseTo') ?? '') !== (checks.requestId ?? '')) {
      reason = 'SubjectConfirmationData InResponseTo'
    } else return ok(window.value)
  }
  return err(reason)
}

function readSubject(
  assertion: Element,
): Result<{ nameId: string; nameIdFormat: string | null }, string> {
  const subject = firstChild(assertion, NS.assertion, 'Subject')
  const nameIds = subject ? childElements(subject, NS.assertion, 'NameID') : []
  const [nameId] = nameIds
  if (!nameId || nameIds.length !== 1) return err('expected one NameID')
  const text = plainText(nameId)
  if (!text.ok) return text
  if (text.value === '') return err('empty NameID')
  return ok({ nameId: text.value, nameIdFormat: attribute(nameId, 'Format') ?? null })
}

function readAttributes(assertion: Element): Record<string, string[]> {
  const attributes: Record<string, string[]> = {}
  for (const statement of childElements(assertion, NS.assertion, 'AttributeStatement')) {
    for (const element of childElements(statement, NS.assertion, 'Attribute')) {
      const name = attribute(element, 'Name')
      if (!name) continue
      const values = childElements(element, NS.assertion, 'AttributeValue').flatMap((value) => {
        const text = plainText(value)
        return text.ok ? [text.value] : []
      })
      attributes[name] = [...(attributes[name] ?? []), ...values]
    }
  }
  return attributes
}
