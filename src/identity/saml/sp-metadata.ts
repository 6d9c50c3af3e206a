import { DOMImplementation, XMLSerializer } from '@xmldom/xmldom'
import { NS } from './xml-safety.js'

/** Where the hub, as a workspace's service provider, lives. */
export type SpEndpoints = {
  /** The SP entity ID: the metadata URL, one per workspace, so Audience names the workspace. */
  entityId: string
  metadataUrl: string
  /** Assertion Consumer Service (HTTP-POST binding, SAML bindings §3.5). */
  acsUrl: string
  /** Single logout: LogoutRequest and LogoutResponse by HTTP-Redirect or HTTP-POST. */
  sloUrl: string
}

export function spEndpoints(publicUrl: string, workspaceId: string): SpEndpoints {
  const base = publicUrl.replace(/\/+$/, '')
  const metadataUrl = `${base}/saml/metadata/${encodeURIComponent(workspaceId)}`
  return {
    entityId: metadataUrl,
    metadataUrl,
    acsUrl: `${base}/saml/callback`,
    sloUrl: `${base}/saml/logout/callback`,
  }
}

const BINDINGS = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
}

/**
 * The SP's metadata (SAML metadata §2.4.4 SPSSODescriptor): the ACS by HTTP-POST, single logout
 * by HTTP-Redirect and HTTP-POST, the NameID format the connection asks for, and
 * WantAssertionsSigned="true": an unsigned assertion is never accepted, whatever the Response.
 * Built as a DOM and serialized, so no value is ever pasted into markup.
 */
export function spMetadataXml(endpoints: SpEndpoints, nameIdFormat: string): string {
  const document = new DOMImplementation().createDocument(NS.metadata, 'md:EntityDescriptor', null)
  const root = document.documentElement
  root.setAttribute('entityID', endpoints.entityId)
  const add = (parent: Element, name: string, attributes: Record<string, string> = {}) => {
    const element = document.createElementNS(NS.metadata, `md:${name}`)
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value)
    parent.appendChild(element)
    return element
  }
  const sp = add(root, 'SPSSODescriptor', {
    protocolSupportEnumeration: NS.protocol,
    AuthnRequestsSigned: 'false',
    WantAssertionsSigned: 'true',
  })
  for (const binding of [BINDINGS.redirect, BINDINGS.post]) {
    add(sp, 'SingleLogoutService', { Binding: binding, Location: endpoints.sloUrl })
  }
  add(sp, 'NameIDFormat').appendChild(document.createTextNode(nameIdFormat))
  add(sp, 'AssertionConsumerService', {
    Binding: BINDINGS.post,
    Location: endpoints.acsUrl,
    index: '0',
    isDefault: 'true',
  })
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(document)}`
}
