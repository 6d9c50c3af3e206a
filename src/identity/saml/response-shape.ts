import { err, ok, type Result } from '../../shared/result.js'
import {
  allElements,
  attribute,
  childElements,
  descendants,
  firstChild,
  NS,
  plainText,
} from './xml-safety.js'

/**
 * Algorithms a signature may use. SHA-1 is refused for signatures and digests (collisions are
 * practical since SHAttered, 2017), and so is every canonicalization "WithComments" (it would
 * sign comments, which is how the NameID comment trick gets past naive readers).
 */
const SIGNATURE_METHODS = new Set([
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
])
const DIGEST_METHODS = new Set([
  'http://www.w3.org/2001/04/xmlenc#sha256',
  'http://www.w3.org/2001/04/xmlenc#sha512',
])
const C14N_METHODS = new Set([
  'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
])
const TRANSFORMS = new Set([
  'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  ...C14N_METHODS,
])

/** What the unverified envelope says; only used to find the connection, never trusted. */
export type ResponseEnvelope = {
  root: Element
  assertion: Element
  /** Every non-empty InResponseTo (Response and SubjectConfirmationData). */
  inResponseTo: string[]
  audiences: string[]
}

/**
 * Structural checks before any signature is looked at, against XML Signature Wrapping (Somorovsky
 * et al., "On Breaking SAML: Be Whoever You Want to Be", USENIX Security 2012): the document is
 * one Response with exactly one Assertion, its direct child; no element anywhere else is a
 * Response or an Assertion (XSW1–XSW8 all hide a second copy somewhere: inside the Signature, an
 * Object, Extensions, or the evil assertion itself); IDs are unique; every Signature sits directly
 * in the Response or the Assertion and references exactly its parent; the Assertion is signed.
 */
export function inspectResponse(document: Document): Result<ResponseEnvelope, string> {
  const root = document.documentElement
  if (root.namespaceURI !== NS.protocol || root.localName !== 'Response') {
    return err('the document is not a SAML Response')
  }
  if (descendants(document, NS.protocol, 'Response').length !== 1) {
    return err('more than one Response element')
  }
  if (descendants(document, NS.assertion, 'EncryptedAssertion').length > 0) {
    return err('encrypted assertions are not supported')
  }
  const assertions = descendants(document, NS.assertion, 'Assertion')
  const [assertion] = assertions
  if (assertions.length !== 1 || !assertion || assertion.parentNode !== root) {
    return err(`expected one Assertion directly in the Response, found ${assertions.length}`)
  }
  const shape = checkIdsUnique(document)
  if (!shape.ok) return shape
  const signatures = checkSignatures(document, [root, assertion])
  if (!signatures.ok) return signatures
  if (!signatures.value.includes(assertion)) return err('the Assertion is not signed')
  return ok({
    root,
    assertion,
    inResponseTo: inResponseToValues(root, assertion),
    audiences: descendants(assertion, NS.assertion, 'Audience').flatMap((a) => {
      const text = plainText(a)
      return text.ok ? [text.value] : []
    }),
  })
}

/** xs:ID values must be unique in a document (SAML core §1.3.4); a duplicate is a wrapping tell. */
function checkIdsUnique(document: Document): Result<void, string> {
  const seen = new Set<string>()
  for (const element of allElements(document)) {
    for (const name of ['ID', 'Id', 'id']) {
      const value = attribute(element, name)
      if (value === undefined) continue
      if (seen.has(value)) return err('duplicate ID attribute value')
      seen.add(value)
    }
  }
  return ok(undefined)
}

/**
 * Every ds:Signature of the document: placed directly in one of `signable`, one Reference to its
 * parent's ID, and only allowed algorithms. Returns the elements that carry a signature.
 */
export function checkSignatures(
  document: Document,
  signable: readonly Element[],
): Result<Element[], string> {
  const signed: Element[] = []
  for (const signature of descendants(document, NS.dsig, 'Signature')) {
    const parent = signature.parentNode as Element | null
    if (!parent || !signable.includes(parent)) return err('a Signature is out of place')
    if (signed.includes(parent)) return err('an element carries two signatures')
    const signedInfo = firstChild(signature, NS.dsig, 'SignedInfo')
    const references = signedInfo ? childElements(signedInfo, NS.dsig, 'Reference') : []
    const id = attribute(parent, 'ID')
    if (references.length !== 1 || !id || attribute(references[0], 'URI') !== `#${id}`) {
      return err('a Signature does not reference exactly its parent')
    }
    const algorithms = checkAlgorithms(signature)
    if (!algorithms.ok) return algorithms
    signed.push(parent)
  }
  return ok(signed)
}

function checkAlgorithms(signature: Element): Result<void, string> {
  const allowed: Array<[string, Set<string>]> = [
    ['SignatureMethod', SIGNATURE_METHODS],
    ['DigestMethod', DIGEST_METHODS],
    ['CanonicalizationMethod', C14N_METHODS],
    ['Transform', TRANSFORMS],
  ]
  for (const [name, set] of allowed) {
    for (const element of descendants(signature, NS.dsig, name)) {
      const algorithm = attribute(element, 'Algorithm') ?? ''
      if (!set.has(algorithm)) return err(`${name} ${algorithm} is not allowed`)
    }
  }
  return ok(undefined)
}

function inResponseToValues(root: Element, assertion: Element): string[] {
  const values = [attribute(root, 'InResponseTo')]
  for (const data of descendants(assertion, NS.assertion, 'SubjectConfirmationData')) {
    values.push(attribute(data, 'InResponseTo'))
  }
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))]
}

/** The HTTP-Redirect binding's SigAlg (SAML bindings §3.4.4.1), with the same SHA-1 ban. */
export function isAllowedSigAlg(sigAlg: string): boolean {
  return SIGNATURE_METHODS.has(sigAlg)
}
