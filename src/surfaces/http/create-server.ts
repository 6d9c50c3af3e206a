import { randomBytes } from 'node:crypto'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify'
import { countOpenBursts } from '../../access/safety/index.js'
import type { ResolvedConfig } from '../../platform/config/index.js'
import { installErrorHandler } from './http/error-handler.js'
import { installHealth } from './http/health.js'
import { installMetrics } from './http/metrics.js'
import { mountRoutes } from './routes.js'
import { createServices, type ServiceOverrides, type Services } from './services.js'
import { serverWorkers } from './workers.js'

/** The hub's HTTP server with its services and background workers, ready to listen. */
export type Server = {
  /** The Fastify instance: `listen` it, or `inject` requests. */
  readonly http: FastifyInstance
  readonly services: Services
  /** Stops the workers, then taking requests (waiting for those in flight), then the database. */
  close(): Promise<void>
}

const REQUEST_ID = /^[\w.:-]{1,128}$/

/** Request ids: a random per-server prefix and a counter; unique, and cheap on the hot path. */
function createRequestIds(): () => string {
  const prefix = randomBytes(6).toString('base64url')
  let counter = 0
  return () => {
    counter = (counter + 1) % Number.MAX_SAFE_INTEGER
    return `${prefix}-${counter.toString(36)}`
  }
}

/**
 * The composition root (STYLE §4.6): builds the services tier by tier (services.ts), mounts the
 * routers and starts the background workers (workers.ts). `main` only listens; tests call
 * createServer with their own store, clock and ids.
 */
export async function createServer(
  config: ResolvedConfig,
  overrides: ServiceOverrides = {},
): Promise<Server> {
  const services = await createServices(config, overrides)
  const http = createFastify(services, config)
  let shuttingDown = false
  installErrorHandler(http)
  installMetrics(http, { openDepartureBursts: () => countOpenBursts(services.store.db) })
  installHealth(http, {
    db: services.store.db,
    dialect: services.store.dialect,
    isShuttingDown: () => shuttingDown,
  })
  await mountRoutes(http, services, config)
  await http.ready()
  const workers = serverWorkers(services)
  workers.startAll()
  return {
    http,
    services,
    async close() {
      shuttingDown = true
      await workers.stopAll()
      await http.close()
      await services.stopJobs()
      await services.store.close()
    },
  }
}

/** Fastify with our logger, limits and request ids; requests are logged at debug. */
function createFastify(services: Services, config: ResolvedConfig): FastifyInstance {
  const nextRequestId = createRequestIds()
  const http: FastifyInstance = Fastify({
    // pino's Logger is Fastify's logger; only the generic parameters differ.
    loggerInstance: services.log as FastifyBaseLogger,
    // Per-request info lines would cost the hot path; requests are logged at debug (below).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.server.bodyLimitBytes,
    trustProxy: config.server.trustProxy,
    forceCloseConnections: 'idle',
    genReqId: (request) => {
      const incoming = request.headers['x-request-id']
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : nextRequestId()
    },
  })
  http.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  http.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, url: request.url, status: reply.statusCode, ms: reply.elapsedTime },
      'request',
    )
  })
  return http
}
