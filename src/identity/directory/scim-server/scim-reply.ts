import type { FastifyReply } from 'fastify'
import { ScimError, scimErrors } from '../../../protocol/scim/scim-errors.js'

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8'

/** Sends a SCIM JSON body (RFC 7644 §3.1: application/scim+json). */
export function sendScim(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return sendScimText(reply, status, JSON.stringify(body))
}

/** Above this many UTF-16 units, a body is encoded once up front (see sendScimText). */
const ENCODE_ONCE_FROM = 4096

/**
 * Sends a SCIM body that is already JSON text. A large one (a page of users) is encoded to bytes
 * once: sent as text, it would be scanned once for its Content-Length and again to be written.
 */
export function sendScimText(reply: FastifyReply, status: number, json: string): FastifyReply {
  const body = json.length > ENCODE_ONCE_FROM ? Buffer.from(json) : json
  return reply.code(status).header('content-type', SCIM_CONTENT_TYPE).send(body)
}

/** The byte limit of the route that refused a body, and the name clients know it by. */
export type BodyLimit = { readonly bytes?: number; readonly name?: string }

/**
 * Maps anything thrown while serving SCIM to an RFC 7644 §3.12 error. Client mistakes that
 * Fastify detects before our code runs (malformed JSON, oversized or unsupported bodies) get the
 * same format. Anything else is a bug or an outage: a bare 500 whose details stay in the log.
 */
export function toScimError(
  error: unknown,
  body: BodyLimit = {},
): { error: ScimError; isServerFault: boolean } {
  if (error instanceof ScimError) return { error, isServerFault: false }
  const fastifyCode =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
  switch (fastifyCode) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        error: new ScimError(400, 'invalidSyntax', 'The request body is not valid JSON.'),
        isServerFault: false,
      }
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { error: bodyTooLarge(body), isServerFault: false }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        error: new ScimError(
          415,
          undefined,
          'Send SCIM requests as application/scim+json or application/json.',
        ),
        isServerFault: false,
      }
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        error: new ScimError(400, 'invalidSyntax', 'The Content-Length does not match the body.'),
        isServerFault: false,
      }
    default:
      return { error: new ScimError(500, undefined, 'Internal server error.'), isServerFault: true }
  }
}

/**
 * RFC 7644 §3.7.4: a bulk body over `maxPayloadSize` is 413, and the error says the limit, so a
 * client can split its request; other routes name their byte limit the same way.
 */
function bodyTooLarge(limit: BodyLimit): ScimError {
  if (limit.bytes === undefined) return scimErrors.payloadTooLarge('The request body is too large.')
  const name = limit.name ?? 'the body limit'
  return scimErrors.payloadTooLarge(
    `The size of the request exceeds ${name} (${limit.bytes} bytes).`,
  )
}
