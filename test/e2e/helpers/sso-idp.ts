import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type * as samlify from 'samlify'
import { manage, testKeys } from '../../helpers/saml.js'
import { createTestIdp, type TestIdp } from '../../helpers/saml-idp.js'
import type { TestServer } from '../../helpers/server.js'

export type SsoIdp = {
  /** Who the IdP signs in next (it asks nobody: it is a test). */
  user: { email: string; displayName: string }
  close(): Promise<void>
}

/**
 * A SAML IdP on a local port that the browser really visits: its SSO endpoint takes our
 * AuthnRequest (HTTP-Redirect), signs a response for `user` and posts it back to the hub's ACS
 * with an auto-submitting form, as Okta or Entra ID would after a login.
 */
export async function startSsoIdp(server: TestServer, allowedDomains: string[]): Promise<SsoIdp> {
  const state: { idp?: TestIdp; sp?: samlify.ServiceProviderInstance } = {}
  const user = { email: 'sso-user@acme.com', displayName: 'Sam Single' }
  const http = createServer((request, response) => {
    handleSso(state, user, request.url ?? '/', server).then(
      (html) => {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        response.end(html)
      },
      (error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' })
        response.end(String(error))
      },
    )
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  state.idp = createTestIdp({
    entityId: `${base}/metadata`,
    baseUrl: base,
    signingKeys: [testKeys('e2e-idp')],
  })
  const created = await manage(server, 'POST', '/saml/connections', {
    metadataXml: state.idp.metadata(),
    allowedDomains,
    jitProvisioning: true,
    displayNameAttribute: 'displayName',
  })
  if (created.status !== 201) throw new Error(`SAML connection: ${JSON.stringify(created.body)}`)
  const spMetadata = await (await fetch(created.body.metadataUrl)).text()
  state.sp = state.idp.sp(spMetadata)
  return { user, close: () => closeServer(http) }
}

async function handleSso(
  state: { idp?: TestIdp; sp?: samlify.ServiceProviderInstance },
  user: SsoIdp['user'],
  url: string,
  server: TestServer,
): Promise<string> {
  const { idp, sp } = state
  if (!idp || !sp) throw new Error('the IdP is not connected yet')
  const query = Object.fromEntries(new URL(url, 'http://idp').searchParams)
  const parsed = await idp.idp.parseLoginRequest(sp, 'redirect', { query })
  const samlResponse = await idp.loginResponse(sp, {
    nameId: user.email,
    requestId: parsed.extract.request?.id as string,
    attributes: { displayName: user.displayName },
  })
  return autoPost(`${server.url}/saml/callback`, {
    SAMLResponse: samlResponse,
    RelayState: query.RelayState ?? '',
  })
}

function autoPost(action: string, fields: Record<string, string>): string {
  const html = (value: string) => value.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${html(value)}">`)
    .join('')
  return `<!doctype html><title>Test IdP</title><form method="post" action="${html(action)}">${inputs}<noscript><button>Continue</button></noscript></form><script>document.forms[0].submit()</script>`
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
}
