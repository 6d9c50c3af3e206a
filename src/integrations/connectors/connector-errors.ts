import { describeError, errorCode } from '../../shared/errors.js'
import {
  type ClassifiedFailure,
  FAILURE_CLASSES,
  type FailureClass,
  isRetryableClass,
} from '../../shared/failure.js'
import { parseRateLimitHeaders } from './http/rate-limit-headers.js'

/** A connector failure's class: the shared retry vocabulary (shared/failure.ts). */
export const CONNECTOR_ERROR_CLASSES = FAILURE_CLASSES
export type ConnectorErrorClass = FailureClass
export { isRetryableClass }

/** Stable codes, one per class plus the few special cases the HTTP client produces. */
export const CONNECTOR_ERROR_CODES = {
  transient: 'CONNECTOR_TRANSIENT',
  rate_limited: 'CONNECTOR_RATE_LIMITED',
  unauthorized: 'CONNECTOR_UNAUTHORIZED',
  forbidden: 'CONNECTOR_FORBIDDEN',
  not_found: 'CONNECTOR_NOT_FOUND',
  conflict: 'CONNECTOR_CONFLICT',
  invalid: 'CONNECTOR_INVALID',
  permanent: 'CONNECTOR_PERMANENT',
  timeout: 'CONNECTOR_TIMEOUT',
  aborted: 'CONNECTOR_ABORTED',
  quarantined: 'CONNECTOR_QUARANTINED',
  network: 'CONNECTOR_NETWORK',
  tls: 'CONNECTOR_TLS',
  redirect: 'CONNECTOR_UNEXPECTED_REDIRECT',
  badResponse: 'CONNECTOR_BAD_RESPONSE',
  badCursor: 'CONNECTOR_BAD_CURSOR',
} as const

export type ConnectorErrorCode = (typeof CONNECTOR_ERROR_CODES)[keyof typeof CONNECTOR_ERROR_CODES]

export type ConnectorErrorInit = {
  class: ConnectorErrorClass
  /** Public text: safe to show an admin; never contains response bodies or credentials. */
  message: string
  code?: ConnectorErrorCode
  status?: number
  retryAfterMs?: number
  /** Private detail (vendor message, network error): for logs and the audit trail only. */
  detail?: string
  cause?: unknown
}

/**
 * A classified connector failure, returned (never thrown) by connector calls. `message` is public,
 * `detail` is private, as oidc-provider separates `error_description` from `error_detail`.
 */
export class ConnectorError extends Error implements ClassifiedFailure {
  readonly class: ConnectorErrorClass
  readonly code: ConnectorErrorCode
  readonly status: number | undefined
  readonly retryAfterMs: number | undefined
  readonly detail: string | undefined

  constructor(init: ConnectorErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause })
    this.name = 'ConnectorError'
    this.class = init.class
    this.code = init.code ?? CONNECTOR_ERROR_CODES[init.class]
    this.status = init.status
    this.retryAfterMs = init.retryAfterMs
    this.detail = init.detail
  }

  /** Whether a later attempt of the same call can succeed (transient or rate limited). */
  get retryable(): boolean {
    return isRetryableClass(this.class)
  }

  /** An open circuit (the app's breaker): the job queue waits for the cool-down. */
  get coolingDown(): boolean {
    return this.code === CONNECTOR_ERROR_CODES.quarantined
  }

  /** The public form: no detail, no cause. */
  toJSON(): Record<string, unknown> {
    return {
      class: this.class,
      code: this.code,
      message: this.message,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
    }
  }
}

export function isConnectorError(value: unknown): value is ConnectorError {
  return value instanceof ConnectorError
}

const PUBLIC_TEXT: Record<ConnectorErrorClass, string> = {
  transient: 'The app is temporarily unavailable',
  rate_limited: 'The app is rate limiting requests',
  unauthorized: 'The app rejected the credentials',
  forbidden: 'The credentials lack permission for this operation',
  not_found: 'The app has no such resource',
  conflict: 'The app reports a conflict with an existing resource',
  invalid: 'The app rejected the request as invalid',
  permanent: 'The app refused the request',
}

const DETAIL_LIMIT = 500

/** Phrases vendors put in a 403 that is really throttling (GitHub, Google, Salesforce). */
const RATE_LIMIT_BODY = /rate.?limit|REQUEST_LIMIT_EXCEEDED|too many requests/i

/**
 * Classifies a non-2xx HTTP answer; `undefined` means success. The status decides first and the
 * headers second, because several vendors signal throttling with a 403 (GitHub's primary and
 * secondary limits, Google's `userRateLimitExceeded`, Salesforce's `REQUEST_LIMIT_EXCEEDED`).
 */
export function classifyHttpResponse(
  status: number,
  headers: Headers,
  body: string,
  nowMs: number,
): ConnectorError | undefined {
  if (status >= 200 && status < 300) return undefined
  const observed = parseRateLimitHeaders(headers, nowMs)
  const waitMs = observed.retryAfterMs ?? waitUntilReset(observed, nowMs)
  const errorClass = classOfStatus(status, body, observed.retryAfterMs, observed.remaining)
  const code =
    status >= 300 && status < 400
      ? CONNECTOR_ERROR_CODES.redirect
      : CONNECTOR_ERROR_CODES[errorClass]
  return new ConnectorError({
    class: errorClass,
    code,
    status,
    message: `${PUBLIC_TEXT[errorClass]} (HTTP ${status})`,
    detail: vendorDetail(status, headers, body),
    ...(isRetryableClass(errorClass) && waitMs !== undefined ? { retryAfterMs: waitMs } : {}),
  })
}

function classOfStatus(
  status: number,
  body: string,
  retryAfterMs: number | undefined,
  remaining: number | undefined,
): ConnectorErrorClass {
  if (status === 429) return 'rate_limited'
  // RFC 9110 §15.5.9 (408) and RFC 8470 §5.2 (425): the server asks us to try again.
  if (status === 408 || status === 425) return 'transient'
  if (status === 401) return 'unauthorized'
  if (status === 403) {
    const throttled = remaining === 0 || retryAfterMs !== undefined || RATE_LIMIT_BODY.test(body)
    return throttled ? 'rate_limited' : 'forbidden'
  }
  if (status === 404 || status === 410) return 'not_found'
  if (status === 409 || status === 412) return 'conflict'
  if (status === 400 || status === 422) return isScimUniqueness(body) ? 'conflict' : 'invalid'
  if (status === 413 || status === 414 || status === 415) return 'invalid'
  // 501 Not Implemented and 505 will not change on retry; other 5xx are the server's trouble.
  if (status === 501 || status === 505) return 'permanent'
  if (status >= 500 && status < 600) return 'transient'
  return 'permanent'
}

/** RFC 7644 §3.12: some servers report a duplicate userName as 400 with scimType uniqueness. */
function isScimUniqueness(body: string): boolean {
  return /"scimType"\s*:\s*"uniqueness"/.test(body)
}

function waitUntilReset(
  observed: { remaining?: number; resetAtMs?: number },
  nowMs: number,
): number | undefined {
  if (observed.remaining !== 0 || observed.resetAtMs === undefined) return undefined
  return Math.max(0, observed.resetAtMs - nowMs)
}

function vendorDetail(status: number, headers: Headers, body: string): string {
  const location = status >= 300 && status < 400 ? headers.get('location') : null
  const text = body.trim().slice(0, DETAIL_LIMIT)
  const parts = [`HTTP ${status}`, location ? `location ${location}` : '', text]
  return parts.filter((part) => part !== '').join(': ')
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
])

const TLS_CODE = /^(CERT_|ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/
const NETWORK_MESSAGE = /socket hang up|other side closed|fetch failed|network|terminated/i

/**
 * Classifies what `fetch` threw. Connection resets, timeouts, DNS hiccups and aborts are
 * transient; a rejected TLS certificate or a malformed URL will not fix itself and is permanent.
 * undici wraps the socket error in `TypeError: fetch failed`, so the whole `cause` chain is read.
 */
export function classifyNetworkError(error: unknown): ConnectorError {
  const chain = causeChain(error)
  const detail = chain.map(describeLink).join(' <- ').slice(0, DETAIL_LIMIT)
  if (chain.some((link) => isAbort(link))) {
    return networkError('transient', CONNECTOR_ERROR_CODES.timeout, 'timed out or aborted', detail)
  }
  const codes = chain.map(errorCode).filter((code): code is string => code !== undefined)
  if (codes.some((code) => TLS_CODE.test(code))) {
    return networkError('permanent', CONNECTOR_ERROR_CODES.tls, 'TLS certificate rejected', detail)
  }
  if (codes.some((code) => TRANSIENT_CODES.has(code))) {
    return networkError('transient', CONNECTOR_ERROR_CODES.network, 'network failure', detail)
  }
  if (codes.includes('ERR_INVALID_URL')) {
    return networkError('permanent', CONNECTOR_ERROR_CODES.permanent, 'invalid URL', detail)
  }
  if (chain.some((link) => NETWORK_MESSAGE.test(describeError(link)))) {
    return networkError('transient', CONNECTOR_ERROR_CODES.network, 'network failure', detail)
  }
  return networkError('permanent', CONNECTOR_ERROR_CODES.permanent, 'request failed', detail)
}

function networkError(
  errorClass: ConnectorErrorClass,
  code: ConnectorErrorCode,
  what: string,
  detail: string,
): ConnectorError {
  return new ConnectorError({
    class: errorClass,
    code,
    message: `Could not reach the app: ${what}`,
    detail,
  })
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = []
  let current: unknown = error
  while (current !== undefined && current !== null && chain.length < 6) {
    chain.push(current)
    current = current instanceof Error ? current.cause : undefined
  }
  return chain
}

function isAbort(link: unknown): boolean {
  return link instanceof Error && (link.name === 'AbortError' || link.name === 'TimeoutError')
}

function describeLink(link: unknown): string {
  const code = errorCode(link)
  return code ? `${code} ${describeError(link)}` : describeError(link)
}
