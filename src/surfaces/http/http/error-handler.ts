import type { FastifyError, FastifyInstance } from 'fastify'
import { ApiError } from '../../../shared/api-error.js'

/**
 * The management API's error format (DESIGN.md): `{"error":{"code","message"}}` with 400/401/403/
 * 404/409/422. Anything thrown that is not an ApiError and not a client mistake Fastify detected is
 * a bug or an outage: logged with the request id, answered with a bare 500.
 */
export function installErrorHandler(server: FastifyInstance): void {
  server.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof ApiError) return reply.code(error.status).send(error.toJSON())
    const client = clientError(error)
    if (client)
      return reply
        .code(client.status)
        .send({ error: { code: client.code, message: client.message } })
    request.log.error({ err: error }, 'request failed')
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'Internal server error.' } })
  })
  server.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url}.` },
    }),
  )
}

function clientError(error: Error): { status: number; code: string; message: string } | undefined {
  const code = (error as { code?: unknown }).code
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'INVALID_JSON', message: 'The request body is not valid JSON.' }
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'BODY_TOO_LARGE', message: 'The request body is too large.' }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send application/json.' }
    default: {
      const status = (error as { statusCode?: unknown }).statusCode
      // Other Fastify client errors (bad URL encoding, header problems) keep their 4xx.
      if (typeof status === 'number' && status >= 400 && status < 500) {
        return {
          status,
          code: typeof code === 'string' ? code : 'BAD_REQUEST',
          message: error.message,
        }
      }
      return undefined
    }
  }
}
