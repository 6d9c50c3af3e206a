import type * as samlify from 'samlify'
import { createTestIdp, type TestIdp } from './saml-idp.js'
import { type KeyPair, makeKeyPair } from './saml-keys.js'
import type { TestServer } from './server.js'

/** Keys are slow to make; each test process makes a few and shares them. */
const keyCache = new Map<string, KeyPair>()
export function testKeys(name: string): KeyPair {
  let keys = keyCache.get(name)
  if (!keys) {
    keys = makeKeyPair(name)
    keyCache.set(name, keys)
  }
  return keys
}

export type SamlFixture = {
  idp: TestIdp
  sp: samlify.ServiceProviderInstance
  spMetadata: string
  connectionId: string
}

/** Calls the management API with the workspace's management token. */
export async function manage(server: TestServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${server.managementToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined }
}

/**
 * A samlify IdP connected to the server's workspace through the management API (metadata XML),
 * with `acme.com` allowed, just-in-time provisioning and IdP-initiated sign-in on unless told
 * otherwise (the round-trip suites post unsolicited responses; the setting is off by default,
 * which `settings: { allowIdpInitiated: undefined }` leaves it at).
 */
export async function connectIdp(
  server: TestServer,
  options: { keys?: KeyPair; settings?: Record<string, unknown>; signResponse?: boolean } = {},
): Promise<SamlFixture> {
  const idp = createTestIdp({
    entityId: 'https://idp.example.test/saml',
    baseUrl: 'https://idp.example.test',
    signingKeys: [options.keys ?? testKeys('idp')],
  })
  const created = await manage(server, 'POST', '/saml/connections', {
    metadataXml: idp.metadata(),
    allowedDomains: ['acme.com'],
    jitProvisioning: true,
    displayNameAttribute: 'displayName',
    allowIdpInitiated: true,
    ...options.settings,
  })
  if (created.status !== 201) throw new Error(`connection: ${JSON.stringify(created.body)}`)
  const spMetadata = await (await fetch(created.body.metadataUrl)).text()
  const sp = idp.sp(spMetadata, { signResponse: options.signResponse ?? false })
  return { idp, sp, spMetadata, connectionId: created.body.id }
}

/** POSTs a response to the ACS as the browser's auto-submitted form would. */
export function postResponse(server: TestServer, samlResponse: string, relayState?: string) {
  const form = new URLSearchParams({ SAMLResponse: samlResponse })
  if (relayState !== undefined) form.set('RelayState', relayState)
  return fetch(`${server.url}/saml/callback`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  })
}

/** Starts SP-initiated sign-in and returns the AuthnRequest id the IdP received. */
export async function startLogin(
  server: TestServer,
  fixture: Pick<SamlFixture, 'idp' | 'sp'>,
  workspaceId = server.workspace.id,
  returnTo?: string,
): Promise<string> {
  const query = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''
  const response = await fetch(`${server.url}/saml/authorize/${workspaceId}${query}`, {
    redirect: 'manual',
  })
  const location = response.headers.get('location')
  if (response.status !== 302 || !location) throw new Error(`authorize: ${response.status}`)
  const url = new URL(location)
  const parsed = await fixture.idp.idp.parseLoginRequest(fixture.sp, 'redirect', {
    query: Object.fromEntries(url.searchParams),
  })
  return parsed.extract.request?.id as string
}

/** The session cookie a response set, as `name=value`, or undefined. */
export function sessionCookie(response: Response): string | undefined {
  const line = response.headers.getSetCookie().find((c) => c.startsWith('rollcall_session='))
  const pair = line?.split(';')[0]
  return pair && pair !== 'rollcall_session=' ? pair : undefined
}

/** Who a cookie signs in as, or undefined when it is no live session. */
export async function whoAmI(server: TestServer, cookie: string | undefined) {
  if (!cookie) return undefined
  const response = await fetch(`${server.url}/auth/session`, { headers: { cookie } })
  return response.status === 200 ? ((await response.json()) as any) : undefined
}

/** Console sessions in the database, with the member's email: "who is logged in". */
export async function loggedInEmails(server: TestServer): Promise<string[]> {
  const rows = await server.store.db
    .selectFrom('console_sessions')
    .innerJoin('members', 'members.id', 'console_sessions.member_id')
    .select('members.email')
    .execute()
  return rows.map((r) => r.email)
}
