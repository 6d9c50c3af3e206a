import type { FastifyInstance } from 'fastify'
import { type Db, pingDatabase } from '../../../platform/store/index.js'

/** `/healthz`: 200 when the process serves and the database answers, 503 otherwise. */
export function installHealth(
  server: FastifyInstance,
  deps: { db: Db; dialect: string; isShuttingDown: () => boolean },
): void {
  server.get('/healthz', async (request, reply) => {
    if (deps.isShuttingDown()) return reply.code(503).send({ status: 'shutting_down' })
    try {
      await pingDatabase(deps.db)
      return { status: 'ok', database: deps.dialect }
    } catch (error) {
      request.log.error({ err: error }, 'health check: database unreachable')
      return reply.code(503).send({ status: 'unavailable', database: deps.dialect })
    }
  })
}
