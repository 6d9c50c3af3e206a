import { err, ok, type Result } from '../../../shared/result.js'
import { CONNECTOR_ERROR_CODES, ConnectorError, classifyNetworkError } from '../connector-errors.js'

/** The injected `fetch`: the global one in production, a scripted one in some tests. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export type HttpRequest = {
  method: HttpMethod
  url: string
  headers?: Record<string, string>
  /** A raw body; use `json` for a JSON one. */
  body?: string
  json?: unknown
  /** Per-attempt timeout; defaults to the client's. */
  timeoutMs?: number
  /** Sent as `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header); makes POST retryable. */
  idempotencyKey?: string
  signal?: AbortSignal
}

export type HttpResponse = {
  status: number
  headers: Headers
  body: string
  /** How many attempts it took (1 when the first one answered). */
  attempts: number
}

/**
 * One HTTP exchange with a per-attempt timeout: no retries, no rate limiting, no logging. A caller
 * abort and a timeout both end it, and are told apart: only the timeout is worth another attempt.
 */
export async function send(
  fetch: FetchLike,
  request: HttpRequest,
  authHeaders: Record<string, string>,
  timeoutMs: number,
): Promise<Result<HttpResponse, ConnectorError>> {
  const controller = new AbortController()
  const onAbort = () => controller.abort()
  request.signal?.addEventListener('abort', onAbort, { once: true })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeoutMs)
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: requestHeaders(request, authHeaders),
      ...bodyOf(request),
      signal: controller.signal,
      // Credentials must not follow a redirect to another host; provisioning APIs do not redirect.
      redirect: 'manual',
    })
    const body = await response.text()
    return ok({ status: response.status, headers: response.headers, body, attempts: 1 })
  } catch (error) {
    if (request.signal?.aborted) return err(abortedError())
    return err(timedOut ? timeoutError(timeoutMs, error) : classifyNetworkError(error))
  } finally {
    clearTimeout(timer)
    request.signal?.removeEventListener('abort', onAbort)
  }
}

function requestHeaders(
  request: HttpRequest,
  auth: Record<string, string>,
): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (request.json !== undefined) headers['content-type'] = 'application/json'
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    headers[name.toLowerCase()] = value
  }
  if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey
  return { ...headers, ...auth }
}

function bodyOf(request: HttpRequest): { body?: string } {
  if (request.json !== undefined) return { body: JSON.stringify(request.json) }
  return request.body === undefined ? {} : { body: request.body }
}

/** Origin and path only: queries carry filters with people's emails, sometimes API keys. */
export function loggableUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.origin}${parsed.pathname}`
  } catch {
    return '[unparsable url]'
  }
}

/** Every credential value and every long word of it (a bearer token without its scheme). */
export function secretValues(headers: Record<string, string>): string[] {
  return Object.values(headers).flatMap((value) => [
    value,
    ...value.split(/\s+/).filter((part) => part.length >= 8),
  ])
}

/** Strips credentials from the private detail, in case an app echoes the request back. */
export function scrub(error: ConnectorError, values: string[]): ConnectorError {
  const detail = error.detail
  // Longest first, so a whole header goes before the token inside it; tiny values would shred text.
  const secrets = values.filter((value) => value.length >= 4).sort((a, b) => b.length - a.length)
  if (detail === undefined || !secrets.some((secret) => detail.includes(secret))) return error
  const clean = secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), detail)
  return new ConnectorError({
    class: error.class,
    code: error.code,
    message: error.message,
    detail: clean,
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  })
}

export function abortedError(): ConnectorError {
  return new ConnectorError({
    class: 'transient',
    code: CONNECTOR_ERROR_CODES.aborted,
    message: 'The request was cancelled',
  })
}

function timeoutError(timeoutMs: number, cause: unknown): ConnectorError {
  return new ConnectorError({
    class: 'transient',
    code: CONNECTOR_ERROR_CODES.timeout,
    message: `The app did not answer within ${timeoutMs} ms`,
    detail: classifyNetworkError(cause).detail,
  })
}
