import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { XMLSerializer } from '@xmldom/xmldom'

/** A signing key and its self-signed certificate, made at test time (never committed). */
export type KeyPair = { key: string; cert: string }

/**
 * node:crypto parses X.509 certificates but cannot issue one, so the test IdP's certificates
 * come from `openssl req -x509` with a fresh RSA-2048 key each.
 */
export function makeKeyPair(commonName: string): KeyPair {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-saml-key-'))
  try {
    const key = path.join(dir, 'key.pem')
    const cert = path.join(dir, 'cert.pem')
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2'].concat([
        '-keyout',
        key,
        '-out',
        cert,
        '-subj',
        `/CN=${commonName}`,
      ]),
      { stdio: 'ignore' },
    )
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const DSIG = 'http://www.w3.org/2000/09/xmldsig#'
const ALG = {
  sha256: {
    signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    digest: 'http://www.w3.org/2001/04/xmlenc#sha256',
  },
  sha1: {
    signature: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
    digest: 'http://www.w3.org/2000/09/xmldsig#sha1',
  },
}

/**
 * Signs one element of a SAML document with Debian's `xmlsec1` (libxmlsec1: another XML-DSig
 * implementation than xml-crypto, which both node-saml and samlify use): removes the element's
 * own signature, inserts a template after its Issuer (SAML core §5.4.1 placement), and lets
 * `xmlsec1 --sign` fill in digests, signature and the signer's certificate in KeyInfo.
 */
export function signWithXmlsec(
  target: Element,
  keys: KeyPair,
  algorithm: 'sha256' | 'sha1' = 'sha256',
): string {
  const doc = target.ownerDocument
  for (const child of Array.from(target.childNodes)) {
    if ((child as Element).localName === 'Signature') target.removeChild(child)
  }
  const template = signatureTemplate(doc, `#${target.getAttribute('ID')}`, ALG[algorithm])
  const issuer = Array.from(target.childNodes).find((n) => (n as Element).localName === 'Issuer')
  target.insertBefore(template, issuer ? issuer.nextSibling : target.firstChild)
  return runXmlsec(new XMLSerializer().serializeToString(doc), keys)
}

function signatureTemplate(doc: Document, uri: string, alg: { signature: string; digest: string }) {
  const el = (name: string, attributes: Record<string, string> = {}, children: Node[] = []) => {
    const element = doc.createElementNS(DSIG, `ds:${name}`)
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value)
    for (const child of children) element.appendChild(child)
    return element
  }
  const c14n = 'http://www.w3.org/2001/10/xml-exc-c14n#'
  return el('Signature', {}, [
    el('SignedInfo', {}, [
      el('CanonicalizationMethod', { Algorithm: c14n }),
      el('SignatureMethod', { Algorithm: alg.signature }),
      el('Reference', { URI: uri }, [
        el('Transforms', {}, [
          el('Transform', { Algorithm: `${DSIG}enveloped-signature` }),
          el('Transform', { Algorithm: c14n }),
        ]),
        el('DigestMethod', { Algorithm: alg.digest }),
        el('DigestValue'),
      ]),
    ]),
    el('SignatureValue'),
    el('KeyInfo', {}, [el('X509Data', {}, [el('X509Certificate')])]),
  ])
}

function runXmlsec(xml: string, keys: KeyPair): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-xmlsec-'))
  try {
    const files = ['in.xml', 'key.pem', 'cert.pem', 'out.xml'].map((f) => path.join(dir, f))
    const [input, key, cert, output] = files as [string, string, string, string]
    writeFileSync(input, xml)
    writeFileSync(key, keys.key)
    writeFileSync(cert, keys.cert)
    execFileSync(
      'xmlsec1',
      ['--sign', '--privkey-pem', `${key},${cert}`, '--output', output]
        .concat(['--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion'])
        .concat(['--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:protocol:Response', input]),
      { stdio: ['ignore', 'ignore', 'pipe'] },
    )
    return readFileSync(output, 'utf8')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
