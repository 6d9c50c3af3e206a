import { X509Certificate } from 'node:crypto'
import { err, ok, type Result } from '../../shared/result.js'
import {
  attribute,
  childElements,
  descendants,
  firstChild,
  NS,
  parseStrictXml,
  plainText,
} from './xml-safety.js'

/** What the SP needs to know about a workspace's IdP. */
export type IdpConfig = {
  entityId: string
  ssoUrl: string
  /** How the AuthnRequest is sent: HTTP-Redirect or HTTP-POST (SAML bindings §3.4, §3.5). */
  ssoBinding: 'redirect' | 'post'
  /** The IdP's HTTP-Redirect SingleLogoutService, when it has one. */
  sloUrl: string | null
  /** PEM certificates whose keys may sign (two during a rollover). */
  certificates: string[]
}

const BINDING = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
} as const
export const METADATA_MAX_BYTES = 512 * 1024
const MAX_CERTIFICATES = 4
const MIN_RSA_BITS = 2048

/**
 * Reads an IdP's SAML metadata (SAML metadata §2.4.3 IDPSSODescriptor): its entityID, the SSO
 * endpoint (HTTP-Redirect preferred), the HTTP-Redirect SLO endpoint and the signing
 * certificates. An EntitiesDescriptor is accepted when it holds exactly one IdP.
 */
export function parseIdpMetadata(xml: string): Result<IdpConfig, string> {
  const parsed = parseStrictXml(xml, METADATA_MAX_BYTES)
  if (!parsed.ok) return parsed
  const entities = descendants(parsed.value, NS.metadata, 'EntityDescriptor').filter(
    (entity) => childElements(entity, NS.metadata, 'IDPSSODescriptor').length > 0,
  )
  const [entity] = entities
  if (!entity || entities.length > 1) return err('metadata must describe exactly one IdP')
  const idp = childElements(entity, NS.metadata, 'IDPSSODescriptor')
  if (idp.length !== 1 || !idp[0]) return err('the IdP must have one IDPSSODescriptor')
  const entityId = attribute(entity, 'entityID')
  if (!entityId) return err('EntityDescriptor has no entityID')
  const sso = endpoint(idp[0], 'SingleSignOnService')
  if (!sso) return err('no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding')
  const slo = endpoint(idp[0], 'SingleLogoutService')
  const certificates = signingCertificates(idp[0])
  if (!certificates.ok) return certificates
  return checkIdpConfig({
    entityId,
    ssoUrl: sso.url,
    ssoBinding: sso.binding,
    sloUrl: slo?.binding === 'redirect' ? slo.url : null,
    certificates: certificates.value,
  })
}

function endpoint(
  descriptor: Element,
  name: 'SingleSignOnService' | 'SingleLogoutService',
): { url: string; binding: 'redirect' | 'post' } | undefined {
  const services = childElements(descriptor, NS.metadata, name)
  for (const binding of ['redirect', 'post'] as const) {
    const service = services.find((s) => attribute(s, 'Binding') === BINDING[binding])
    const url = attribute(service, 'Location')
    if (url) return { url, binding }
  }
  return undefined
}

/** KeyDescriptors for signing (`use="signing"` or no `use`, metadata §2.4.1.1). */
function signingCertificates(descriptor: Element): Result<string[], string> {
  const certificates: string[] = []
  for (const key of childElements(descriptor, NS.metadata, 'KeyDescriptor')) {
    const use = attribute(key, 'use')
    if (use !== undefined && use !== 'signing') continue
    const info = firstChild(key, NS.dsig, 'KeyInfo')
    const data = info ? firstChild(info, NS.dsig, 'X509Data') : undefined
    for (const element of data ? childElements(data, NS.dsig, 'X509Certificate') : []) {
      const text = plainText(element)
      if (!text.ok) return text
      certificates.push(text.value)
    }
  }
  return ok(certificates)
}

/**
 * Validates a configuration from any source (metadata, a URL, or typed in): https or http URLs,
 * one to four X.509 certificates with RSA keys of at least 2048 bits or EC keys. Certificates
 * are pinned, not chained to a CA, so an expired one is still accepted (IdPs keep signing with
 * them); rollover is done by listing the new one beside the old.
 */
export function checkIdpConfig(config: IdpConfig): Result<IdpConfig, string> {
  if (config.entityId.length === 0 || config.entityId.length > 1024) {
    return err('the IdP entity ID must be 1 to 1024 characters')
  }
  for (const url of [config.ssoUrl, config.sloUrl]) {
    if (url !== null && !isHttpUrl(url)) return err(`not an http(s) URL: ${url.slice(0, 200)}`)
  }
  if (config.certificates.length === 0) return err('at least one signing certificate is required')
  if (config.certificates.length > MAX_CERTIFICATES) {
    return err(`at most ${MAX_CERTIFICATES} certificates`)
  }
  const pems: string[] = []
  for (const [index, certificate] of config.certificates.entries()) {
    const pem = toPem(certificate)
    if (!pem.ok) return err(`certificates[${index}]: ${pem.error}`)
    if (!pems.includes(pem.value)) pems.push(pem.value)
  }
  return ok({ ...config, certificates: pems })
}

/** A PEM certificate (or its bare base64 body) in canonical PEM form, if it is one we accept. */
export function toPem(text: string): Result<string, string> {
  const trimmed = text.trim()
  const pem = trimmed.startsWith('-----BEGIN CERTIFICATE-----')
    ? trimmed
    : `-----BEGIN CERTIFICATE-----\n${trimmed.replace(/\s+/g, '')}\n-----END CERTIFICATE-----`
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(pem)
  } catch {
    return err('not an X.509 certificate')
  }
  const key = certificate.publicKey
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
  if (key.asymmetricKeyType === 'rsa' && bits < MIN_RSA_BITS) {
    return err(`RSA keys need at least ${MIN_RSA_BITS} bits`)
  }
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
    return err('only RSA and EC keys are accepted')
  }
  return ok(certificate.toString().trim())
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === ''
  } catch {
    return false
  }
}
