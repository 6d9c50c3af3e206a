import { err, ok, type Result } from '../../../shared/result.js'
import { CONNECTOR_ERROR_CODES, ConnectorError } from '../connector-errors.js'
import type { HttpClient, HttpMethod } from '../http/http-client.js'

/** One SCIM exchange: the status and the parsed JSON body (undefined for an empty 204). */
export type ScimReply = { readonly status: number; readonly body: unknown }

export type ScimCall = {
  readonly method: HttpMethod
  /** Under the base URL: `/Users`, `/Users/<id>`; ids are escaped by the caller. */
  readonly path: string
  readonly query?: Readonly<Record<string, string>>
  readonly json?: unknown
  /**
   * Marks the request as safe to repeat (the HTTP client then retries it after a reset or a
   * 5xx). Only for calls whose repetition cannot do the work twice: never for a create.
   */
  readonly idempotencyKey?: string
  readonly signal?: AbortSignal
}

export type ScimHttp = {
  readonly baseUrl: string
  send(call: ScimCall): Promise<Result<ScimReply, ConnectorError>>
}

/** SCIM over the connection's shared HTTP client: JSON in, JSON out, the profile's media type. */
export function createScimHttp(
  http: HttpClient,
  baseUrl: string,
  contentType: 'application/scim+json' | 'application/json',
): ScimHttp {
  const base = baseUrl.replace(/\/+$/, '')
  return {
    baseUrl: base,
    async send(call) {
      const url = new URL(`${base}${call.path}`)
      for (const [name, value] of Object.entries(call.query ?? {})) {
        url.searchParams.set(name, value)
      }
      const response = await http.request({
        method: call.method,
        url: url.toString(),
        // RFC 7644 §3.1 and §3.8: SCIM's media type, with plain JSON accepted back.
        headers: {
          accept: 'application/scim+json, application/json',
          ...(call.json === undefined ? {} : { 'content-type': contentType }),
        },
        ...(call.json === undefined ? {} : { json: call.json }),
        ...(call.idempotencyKey === undefined ? {} : { idempotencyKey: call.idempotencyKey }),
        ...(call.signal ? { signal: call.signal } : {}),
      })
      if (!response.ok) return response
      return parseBody(response.value.status, response.value.body)
    },
  }
}

function parseBody(status: number, text: string): Result<ScimReply, ConnectorError> {
  if (text.trim() === '') return ok({ status, body: undefined })
  try {
    return ok({ status, body: JSON.parse(text) as unknown })
  } catch {
    return err(badResponse('the answer is not JSON', text))
  }
}

/** A 2xx answer that does not say what SCIM says it must: the app's bug, not worth a retry. */
export function badResponse(what: string, detail?: string): ConnectorError {
  return new ConnectorError({
    class: 'permanent',
    code: CONNECTOR_ERROR_CODES.badResponse,
    message: `The app answered with something SCIM does not allow: ${what}`,
    ...(detail === undefined ? {} : { detail: detail.slice(0, 300) }),
  })
}

/** `/Users/<id>` with the id escaped: ids come from the app and may hold anything. */
export function resourcePath(endpoint: '/Users' | '/Groups', id: string): string {
  return `${endpoint}/${encodeURIComponent(id)}`
}
