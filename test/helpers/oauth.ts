import * as openid from 'openid-client'
import type { TestServer } from './server.js'

/** A user agent with a cookie jar that follows redirects by hand, as a browser would. */
export class Browser {
  readonly cookies = new Map<string, string>()
  csrfToken = ''

  constructor(readonly base: string) {}

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const response = await fetch(new URL(url, this.base), {
      ...init,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) },
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';')
      const index = pair.indexOf('=')
      const name = pair.slice(0, index).trim()
      const value = pair.slice(index + 1).trim()
      const expired = attributes.some(
        (a) => /^\s*max-age=0\s*$/i.test(a) || /expires=thu, 01 jan 1970/i.test(a),
      )
      if (value === '' || expired) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return response
  }

  /** Signs in to the console (local sign-in) and keeps the session's CSRF token. */
  async signIn(input: { email: string; password: string; workspace: string }): Promise<Response> {
    const response = await this.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    })
    if (response.status === 200)
      this.csrfToken = ((await response.clone().json()) as { csrfToken: string }).csrfToken
    return response
  }

  /** Sends JSON with the session cookie (and the CSRF token unless told otherwise). */
  json(method: string, path: string, body?: unknown, options: { csrf?: boolean } = {}) {
    return this.request(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.csrf === false ? {} : { 'x-csrf-token': this.csrfToken }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  }
}

export type AuthorizeOutcome =
  | { kind: 'callback'; url: URL; consents: ConsentStep[] }
  | { kind: 'stopped'; response: Response; consents: ConsentStep[] }

export type ConsentStep = { granted: string[]; trimmed: string[] }

/**
 * Drives an authorization request through the hub's interactions with a signed-in browser:
 * follows redirects, gives consent when asked, and stops at the client's redirect_uri (or at the
 * first response that is neither a redirect nor an interaction step).
 */
export async function authorize(
  browser: Browser,
  url: URL | string,
  redirectUri: string,
): Promise<AuthorizeOutcome> {
  const consents: ConsentStep[] = []
  let next: string = String(url)
  for (let hop = 0; hop < 20; hop++) {
    if (next.startsWith(redirectUri)) return { kind: 'callback', url: new URL(next), consents }
    const response = await browser.request(next, { headers: { accept: 'application/json' } })
    const location = response.headers.get('location')
    if (response.status >= 300 && response.status < 400 && location) {
      next = new URL(location, browser.base).href
      continue
    }
    if (response.status !== 200 || !new URL(next).pathname.startsWith('/oauth/interaction/')) {
      return { kind: 'stopped', response, consents }
    }
    const step = (await response.clone().json()) as { prompt: string; uid: string } & ConsentStep
    if (step.prompt !== 'consent') return { kind: 'stopped', response, consents }
    consents.push({ granted: step.granted, trimmed: step.trimmed })
    const consent = await browser.json('POST', `/oauth/interaction/${step.uid}/consent`, {})
    next = new URL(consent.headers.get('location') ?? '/', browser.base).href
  }
  throw new Error('too many redirects')
}

/** An OAuth app created through the management API; returns its credentials. */
export async function createApp(
  server: TestServer,
  body: Record<string, unknown>,
): Promise<{ id: string; clientId: string; clientSecret: string; status: number; body: any }> {
  const response = await fetch(`${server.url}/oauth/apps`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.managementToken}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  })
  const json = (await response.json()) as any
  return {
    id: json.id,
    clientId: json.clientId,
    clientSecret: json.clientSecret,
    status: response.status,
    body: json,
  }
}

/** openid-client's view of the hub for one client (plain http is allowed: tests run on loopback). */
export function discover(server: TestServer, clientId: string, secret: string, post = false) {
  return openid.discovery(
    new URL(server.url),
    clientId,
    undefined,
    post ? openid.ClientSecretPost(secret) : openid.ClientSecretBasic(secret),
    { execute: [openid.allowInsecureRequests] },
  )
}

/** A member with a password, created directly through the service. */
export async function createMember(
  server: TestServer,
  email: string,
  role: 'owner' | 'admin' | 'member',
) {
  const password = `correct horse battery ${role}`
  const member = await server.hub.services.members.create(
    { workspaceId: server.workspace.id, email, role, password },
    { type: 'system', id: null },
  )
  return { ...member, password }
}

/** A raw token endpoint request (form-encoded), for the cases a conforming client never sends. */
export async function tokenRequest(
  server: TestServer,
  params: Record<string, string>,
  auth?: { clientId: string; secret: string },
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(auth ? { authorization: basic(auth.clientId, auth.secret) } : {}),
      ...headers,
    },
    body: new URLSearchParams(params),
  })
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as any,
  }
}

export function basic(clientId: string, secret: string): string {
  const encode = (s: string) => encodeURIComponent(s)
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`
}

/**
 * Runs the front channel of the authorization code flow and returns the callback URL with the
 * code, the PKCE verifier and the state, without redeeming the code.
 */
export async function obtainCode(
  browser: Browser,
  config: openid.Configuration,
  options: { redirectUri: string; scope: string; pkce?: boolean; prompt?: string },
) {
  const verifier = openid.randomPKCECodeVerifier()
  const state = openid.randomState()
  const url = openid.buildAuthorizationUrl(config, {
    redirect_uri: options.redirectUri,
    scope: options.scope,
    state,
    ...(options.pkce === false
      ? {}
      : {
          code_challenge: await openid.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
        }),
    ...(options.prompt ? { prompt: options.prompt } : {}),
  })
  const outcome = await authorize(browser, url, options.redirectUri)
  if (outcome.kind !== 'callback') throw new Error(`no callback: ${await outcome.response.text()}`)
  const code = outcome.url.searchParams.get('code')
  if (!code) throw new Error(`no code: ${outcome.url}`)
  return { callback: outcome.url, code, verifier, state }
}
