import { isRecord } from '../../../shared/json.js'
import { err, ok, type Result } from '../../../shared/result.js'
import {
  CONNECTOR_ERROR_CODES,
  ConnectorError,
  type ConnectorErrorClass,
} from '../connector-errors.js'
import type { HttpClient, HttpMethod } from '../http/http-client.js'
import { linkStart, nextLinkCursor } from '../http/pagination.js'

export type OktaCall = {
  readonly method: HttpMethod
  /** Under `/api/v1`: `/users`, `/users/<id>/lifecycle/deactivate`; ids escaped by the caller. */
  readonly path: string
  readonly query?: Readonly<Record<string, string>>
  readonly json?: unknown
  /** Marks a request safe to repeat after a reset or a 5xx (never a create). */
  readonly idempotencyKey?: string
  readonly signal?: AbortSignal
}

export type OktaReply = {
  readonly status: number
  readonly body: unknown
  readonly headers: Headers
}

export type OktaPage = { readonly items: readonly unknown[]; readonly nextCursor?: string }

export type OktaHttp = {
  send(call: OktaCall): Promise<Result<OktaReply, ConnectorError>>
  /** One page of a collection: the first URL, or the `Link: rel="next"` one a cursor carries. */
  page(call: OktaCall, cursor: string | undefined): Promise<Result<OktaPage, ConnectorError>>
}

/**
 * JSON over the connection's HTTP client (bucket, breaker, retries), plus what is Okta's own:
 * collections page with `Link: <...>; rel="next"` carrying an opaque `after` cursor
 * (developer.okta.com/docs/api/#pagination), and errors carry `errorCode`/`errorSummary`, which
 * refine the class the status gives.
 */
export function createOktaHttp(http: HttpClient, orgUrl: string): OktaHttp {
  const api = `${new URL(orgUrl).origin}/api/v1`
  const urlOf = (call: OktaCall) => {
    const url = new URL(`${api}${call.path}`)
    for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value)
    return url.toString()
  }
  const exchange = async (call: OktaCall, url: string) => {
    const response = await http.request({
      method: call.method,
      url,
      ...(call.json === undefined ? {} : { json: call.json }),
      ...(call.idempotencyKey === undefined ? {} : { idempotencyKey: call.idempotencyKey }),
      ...(call.signal ? { signal: call.signal } : {}),
    })
    if (!response.ok) return err(refine(response.error))
    const body = parseJson(response.value.body)
    if (!body.ok) return body
    return ok({ status: response.value.status, body: body.value, headers: response.value.headers })
  }
  return {
    send: (call) => exchange(call, urlOf(call)),
    async page(call, cursor) {
      const first = urlOf(call)
      const url = linkStart(cursor, first)
      if (!url.ok) return url
      const reply = await exchange(call, url.value)
      if (!reply.ok) return reply
      if (!Array.isArray(reply.value.body))
        return err(badResponse('a collection that is not a list'))
      const next = nextLinkCursor(reply.value.headers, url.value)
      if (!next.ok) return next
      const items: readonly unknown[] = reply.value.body
      return ok(next.value === undefined ? { items } : { items, nextCursor: next.value })
    },
  }
}

function parseJson(text: string): Result<unknown, ConnectorError> {
  if (text.trim() === '') return ok(undefined)
  try {
    return ok(JSON.parse(text) as unknown)
  } catch {
    return err(badResponse('the answer is not JSON'))
  }
}

/**
 * Okta error codes that say more than the status (developer.okta.com/docs/reference/error-codes):
 * E0000001 with "already exists" is a duplicate login (a 400), E0000038/E0000016 are lifecycle
 * transitions the user's current status does not allow (a state conflict, not a bad request).
 */
const BY_CODE: Readonly<Record<string, ConnectorErrorClass>> = {
  E0000007: 'not_found',
  E0000011: 'unauthorized',
  E0000006: 'forbidden',
  E0000038: 'conflict',
  E0000016: 'conflict',
  E0000047: 'rate_limited',
}

function refine(error: ConnectorError): ConnectorError {
  const okta = oktaError(error.detail)
  if (!okta) return error
  const duplicate = okta.code === 'E0000001' && /already exists/i.test(error.detail ?? '')
  const errorClass = duplicate ? 'conflict' : (BY_CODE[okta.code] ?? error.class)
  if (errorClass === error.class && error.message.includes(okta.code)) return error
  return new ConnectorError({
    class: errorClass,
    code: errorClass === error.class ? error.code : CONNECTOR_ERROR_CODES[errorClass],
    message: `${error.message.replace(/ \(HTTP \d+\)$/, '')} (HTTP ${error.status ?? '?'}, Okta ${okta.code})`,
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(error.detail === undefined ? {} : { detail: error.detail }),
  })
}

/** The `errorCode` of an Okta error body inside a classified error's private detail. */
function oktaError(detail: string | undefined): { code: string } | undefined {
  const start = detail?.indexOf('{') ?? -1
  if (detail === undefined || start < 0) return undefined
  try {
    const body: unknown = JSON.parse(detail.slice(start))
    return isRecord(body) && typeof body.errorCode === 'string'
      ? { code: body.errorCode }
      : undefined
  } catch {
    const match = /"errorCode"\s*:\s*"(E\d+)"/.exec(detail)
    return match?.[1] ? { code: match[1] } : undefined
  }
}

export function badResponse(what: string): ConnectorError {
  return new ConnectorError({
    class: 'permanent',
    code: CONNECTOR_ERROR_CODES.badResponse,
    message: `Okta answered with something unexpected: ${what}`,
  })
}

/** `/users/<id>` with the id escaped: ids and logins come from elsewhere and may hold anything. */
export function segment(id: string): string {
  return encodeURIComponent(id)
}
