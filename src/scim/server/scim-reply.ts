import type { FastifyReply } from 'fastify'
import { ScimError } from '../scim-errors.js'

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8'

/** Sends a SCIM JSON body (RFC 7644 §3.1: application/scim+json). */
export function sendScim(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return sendScimText(reply, status, JSON.stringify(body))
}

/** Sends a SCIM body that is already JSON text. */
export function sendScimText(reply: FastifyReply, status: number, json: string): FastifyReply {
  return reply.code(status).header('content-type', SCIM_CONTENT_TYPE).send(json)
}

/**
 * Maps anything thrown while serving SCIM to an RFC 7644 §3.12 error. Client mistakes that
 * Fastify detects before our code runs (malformed JSON, oversized or unsupported bodies) get the
 * same format. Anything else is a bug or an outage: a bare 500 whose details stay in the log.
 */
export function toScimError(error: unknown): { error: ScimError; isServerFault: boolean } {
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
      return {
        error: new ScimError(413, undefined, 'The request body is too large.'),
        isServerFault: false,
      }
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
