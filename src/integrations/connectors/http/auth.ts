import type { Clock } from '../../../shared/clock.js'
import { isRecord } from '../../../shared/json.js'
import { err, ok, type Result } from '../../../shared/result.js'
import {
  CONNECTOR_ERROR_CODES,
  ConnectorError,
  classifyHttpResponse,
  classifyNetworkError,
} from '../connector-errors.js'
import { Secret } from '../secret.js'
import {
  createTokenCache,
  type IssuedToken,
  type TokenCache,
  type TokenSlot,
} from './token-cache.js'
import { type FetchLike, scrub } from './transport.js'

export type { FetchLike } from './transport.js'

/**
 * The per-connection authenticate hook: it turns stored credentials into request headers. It is
 * the only place a secret is revealed; the HTTP client never logs what it returns.
 */
export interface Authenticator {
  headers(signal?: AbortSignal): Promise<Result<Record<string, string>, ConnectorError>>
  /**
   * The app answered 401 to a request sent with `sent` (these headers): forget the cached
   * credential (an OAuth access token) they carry, so the next call fetches a fresh one.
   */
  invalidate?(sent: Record<string, string>): void
}

/** `Authorization: Bearer <token>` (RFC 6750 §2.1). */
export function bearerAuth(token: Secret): Authenticator {
  return { headers: async () => ok({ authorization: `Bearer ${token.reveal()}` }) }
}

/** A key in a header of the app's choosing, e.g. Okta's `Authorization: SSWS <token>`. */
export function apiKeyHeaderAuth(header: string, key: Secret, prefix = ''): Authenticator {
  return { headers: async () => ok({ [header.toLowerCase()]: `${prefix}${key.reveal()}` }) }
}

/** `Authorization: Basic` (RFC 7617 §2), UTF-8 user-id and password. */
export function basicAuth(username: string, password: Secret): Authenticator {
  return { headers: async () => ok({ authorization: basicHeader(username, password.reveal()) }) }
}

function basicHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`
}

export type ClientCredentialsConfig = {
  tokenUrl: string
  clientId: string
  clientSecret: Secret
  scope?: string
  /**
   * RFC 6749 §2.3.1: HTTP Basic is what servers must support; some apps want the form body.
   * `private_key_jwt` (RFC 7523 §2.2, OpenID Connect Core §9) sends a signed client assertion
   * from `assertion` instead of a secret; `clientSecret` is then the signing key.
   */
  clientAuth?: 'basic' | 'body' | 'private_key_jwt'
  /** A fresh client assertion per token request (`private_key_jwt`). */
  assertion?: () => string
  /** Defaults to client_credentials; Zoom's server-to-server apps use account_credentials. */
  grantType?: string
  /** Extra form fields, e.g. Zoom's `account_id`. */
  extraParams?: Record<string, string>
  timeoutMs?: number
}

/**
 * Where the access token is kept: the process-wide cache of the connector registry, under the
 * connection's slot, so every job and worker of one connection shares it. Absent: a cache of
 * this authenticator's own (tests, one-off clients).
 */
export type SharedToken = { readonly cache: TokenCache; readonly slot: TokenSlot }

/**
 * OAuth 2.0 client credentials grant (RFC 6749 §4.4) with a cached access token, refreshed a
 * little before it expires (see `refreshMarginMs`); concurrent callers share one token request.
 * The token request body carries the client secret, so it is never logged, and its error
 * answers are classified without echoing it.
 */
export function oauthClientCredentials(
  config: ClientCredentialsConfig,
  deps: { fetch: FetchLike; clock: Clock; token?: SharedToken },
): Authenticator {
  const { cache, slot } = deps.token ?? {
    cache: createTokenCache(deps),
    slot: { connectionId: config.tokenUrl, version: config.clientId },
  }
  // The shared request runs to its own timeout: one caller giving up must not fail the others.
  const fetchToken = () => requestToken(config, deps)
  return {
    async headers(signal) {
      const token = await cache.get(slot, fetchToken, signal)
      if (!token.ok) return token
      return ok({ authorization: `Bearer ${token.value.reveal()}` })
    },
    invalidate(sent) {
      const bearer = /^Bearer (.+)$/.exec(sent.authorization ?? '')?.[1]
      if (bearer !== undefined) cache.invalidate(slot, bearer)
    },
  }
}

async function requestToken(
  config: ClientCredentialsConfig,
  deps: { fetch: FetchLike; clock: Clock },
): Promise<Result<IssuedToken, ConnectorError>> {
  const timeout = AbortSignal.timeout(config.timeoutMs ?? 15_000)
  let response: Response
  let text: string
  try {
    response = await deps.fetch(config.tokenUrl, {
      method: 'POST',
      headers: tokenHeaders(config),
      body: tokenForm(config).toString(),
      signal: timeout,
      redirect: 'manual',
    })
    text = await response.text()
  } catch (error) {
    return err(scrub(classifyNetworkError(error), [config.clientSecret.reveal()]))
  }
  const now = deps.clock.now().getTime()
  const failure = classifyHttpResponse(response.status, response.headers, text, now)
  if (failure) {
    // The token endpoint should never echo the secret; if it does, the detail will not carry it.
    const secret = config.clientSecret.reveal()
    return err(scrub(tokenEndpointError(failure, text), [secret, encodeURIComponent(secret)]))
  }
  return parseTokenResponse(text)
}

function tokenHeaders(config: ClientCredentialsConfig): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  }
  if ((config.clientAuth ?? 'basic') === 'basic') {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before the Basic encoding.
    const id = encodeURIComponent(config.clientId)
    headers.authorization = basicHeader(id, encodeURIComponent(config.clientSecret.reveal()))
  }
  return headers
}

function tokenForm(config: ClientCredentialsConfig): URLSearchParams {
  const form = new URLSearchParams({ grant_type: config.grantType ?? 'client_credentials' })
  if (config.scope) form.set('scope', config.scope)
  for (const [key, value] of Object.entries(config.extraParams ?? {})) form.set(key, value)
  if (config.clientAuth === 'body') {
    form.set('client_id', config.clientId)
    form.set('client_secret', config.clientSecret.reveal())
  }
  if (config.clientAuth === 'private_key_jwt' && config.assertion) {
    form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
    form.set('client_assertion', config.assertion())
  }
  return form
}

/** RFC 6749 §5.2: these codes mean the client's own credentials or grant are wrong. */
const CREDENTIAL_ERRORS = new Set(['invalid_client', 'unauthorized_client', 'invalid_grant'])

function tokenEndpointError(failure: ConnectorError, body: string): ConnectorError {
  const code = oauthErrorCode(body)
  if (code === undefined || failure.retryable) return failure
  const errorClass = CREDENTIAL_ERRORS.has(code)
    ? 'unauthorized'
    : code === 'invalid_scope'
      ? 'forbidden'
      : failure.class
  return new ConnectorError({
    class: errorClass,
    status: failure.status,
    message: `The token endpoint refused the client (${code})`,
    detail: failure.detail,
  })
}

function oauthErrorCode(body: string): string | undefined {
  const parsed = safeJson(body)
  const code = parsed?.error
  return typeof code === 'string' ? code : undefined
}

function parseTokenResponse(text: string): Result<IssuedToken, ConnectorError> {
  const parsed = safeJson(text)
  const token = parsed?.access_token
  const type = parsed?.token_type
  if (typeof token !== 'string' || token === '') return err(badTokenResponse('no access_token'))
  if (typeof type === 'string' && type.toLowerCase() !== 'bearer') {
    return err(badTokenResponse(`unsupported token_type ${type}`))
  }
  const expiresIn = parsed?.expires_in
  // RFC 6749 §5.1: expires_in is only RECOMMENDED; without it, keep the token until a 401.
  const lifetimeMs = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn * 1000 : 3_600_000
  return ok({ token: Secret.of(token), lifetimeMs })
}

function badTokenResponse(what: string): ConnectorError {
  return new ConnectorError({
    class: 'permanent',
    code: CONNECTOR_ERROR_CODES.badResponse,
    message: `The token endpoint answered without a usable token (${what})`,
  })
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return isRecord(value) ? value : undefined
  } catch {
    return undefined
  }
}
