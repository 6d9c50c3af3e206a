import { DOMParser } from '@xmldom/xmldom'
import { err, ok, type Result } from '../../shared/result.js'

export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const

/** Node types of the DOM (Level 1 Core constants), without pulling in a browser global. */
const ELEMENT_NODE = 1
const TEXT_NODE = 3
const CDATA_SECTION_NODE = 4
const DOCUMENT_TYPE_NODE = 10

/**
 * Parses XML that came from outside, refusing anything but a plain document: no DTD (so no
 * entity expansion, external entities or billion-laughs; SAML core §1.3 and the OASIS security
 * considerations forbid DTDs in SAML messages), no parser warnings, no bytes past the cap.
 * @xmldom/xmldom never expands custom entities; refusing the DOCTYPE outright means no later
 * library (xml2js in node-saml) sees one either.
 */
export function parseStrictXml(xml: string, maxBytes: number): Result<Document, string> {
  if (Buffer.byteLength(xml, 'utf8') > maxBytes) return err('document too large')
  const problems: string[] = []
  const record = (message: string) => {
    problems.push(message.split('\n')[0] ?? message)
  }
  const document = new DOMParser({
    locator: {},
    errorHandler: { warning: record, error: record, fatalError: record },
  }).parseFromString(xml, 'text/xml')
  for (const node of Array.from(document?.childNodes ?? [])) {
    if (node.nodeType === DOCUMENT_TYPE_NODE) return err('DTDs are not allowed')
  }
  if (problems.length > 0) return err(`malformed XML: ${problems[0]}`)
  if (!document?.documentElement) return err('not an XML document')
  return ok(document)
}

/** Element children of `parent` with this namespace and local name, in document order. */
export function childElements(parent: Node, ns: string, localName: string): Element[] {
  return Array.from(parent.childNodes).filter(
    (node): node is Element =>
      node.nodeType === ELEMENT_NODE &&
      (node as Element).namespaceURI === ns &&
      (node as Element).localName === localName,
  )
}

export function firstChild(parent: Node, ns: string, localName: string): Element | undefined {
  return childElements(parent, ns, localName)[0]
}

/** Every element with this namespace and local name anywhere below `root`. */
export function descendants(root: Document | Element, ns: string, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, localName))
}

/** Every element of the document, for ID-uniqueness and algorithm checks. */
export function allElements(document: Document): Element[] {
  return Array.from(document.getElementsByTagName('*'))
}

/**
 * The text of an element that must hold plain text only (NameID, Issuer, Audience). A comment or
 * child element inside is refused rather than skipped: with comments removed by exclusive c14n,
 * `admin@acme.com<!---->.evil.com` keeps the IdP's signature, and a reader that takes the first
 * text node sees `admin@acme.com` (Duo Labs, CVE-2017-11427 family).
 */
export function plainText(element: Element): Result<string, string> {
  let text = ''
  for (const node of Array.from(element.childNodes)) {
    if (node.nodeType !== TEXT_NODE && node.nodeType !== CDATA_SECTION_NODE) {
      return err(`<${element.localName}> must contain text only`)
    }
    text += node.nodeValue ?? ''
  }
  return ok(text.trim())
}

export function attribute(element: Element | undefined, name: string): string | undefined {
  if (!element?.hasAttribute(name)) return undefined
  return element.getAttribute(name) ?? undefined
}
