import { randomBytes } from 'node:crypto'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify'
import { applyRoutes } from '../../access/apply/index.js'
import { appsRoutes } from '../../access/apps/index.js'
import { graphRoutes } from '../../access/graph/index.js'
import { departureRoutes, lifecycleRoutes } from '../../access/lifecycle/index.js'
import { reconcileRoutes } from '../../access/reconcile/index.js'
import { tasksRoutes } from '../../access/tasks/index.js'
import { accessRoutes } from '../../access/windows/index.js'
import { directoryRoutes, scimRoutes } from '../../identity/directory/index.js'
import { authRoutes, membersRoutes } from '../../identity/members/index.js'
import { oauthRoutes } from '../../identity/oauth/index.js'
import { peopleRoutes } from '../../identity/people/index.js'
import { samlRoutes } from '../../identity/saml/index.js'
import { auditRoutes } from '../../platform/audit/index.js'
import type { ResolvedConfig } from '../../platform/config/index.js'
import { eventsRoutes } from '../../platform/events/index.js'
import { webhooksRoutes } from '../../platform/webhooks/index.js'
import { webRoutes } from '../console/index.js'
import { auditNames } from './audit-names.js'
import { installErrorHandler } from './http/error-handler.js'
import { installHealth } from './http/health.js'
import { installMetrics } from './http/metrics.js'
import { createServices, type ServiceOverrides, type Services } from './services.js'

export type App = {
  readonly app: FastifyInstance
  readonly services: Services
  /** Stops taking requests, waits for those in flight, then closes the database. */
  close(): Promise<void>
}

const REQUEST_ID = /^[\w.:-]{1,128}$/

/** Request ids: a random per-app prefix and a counter; unique, and cheap on the hot path. */
function createRequestIds(): () => string {
  const prefix = randomBytes(6).toString('base64url')
  let counter = 0
  return () => {
    counter = (counter + 1) % Number.MAX_SAFE_INTEGER
    return `${prefix}-${counter.toString(36)}`
  }
}

/**
 * The composition root (STYLE §4.6): opens the store, builds the services and mounts the routers.
 * `main` only listens; tests call createApp with their own store, clock and ids.
 */
export async function createApp(
  config: ResolvedConfig,
  overrides: ServiceOverrides = {},
): Promise<App> {
  const services = await createServices(config, overrides)
  const nextRequestId = createRequestIds()
  const app: FastifyInstance = Fastify({
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
  let shuttingDown = false
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, url: request.url, status: reply.statusCode, ms: reply.elapsedTime },
      'request',
    )
  })
  installErrorHandler(app)
  installMetrics(app, {
    openDepartureBursts: async () => {
      const row = await services.store.db
        .selectFrom('departure_bursts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'open')
        .executeTakeFirst()
      return Number(row?.n ?? 0)
    },
  })
  installHealth(app, {
    db: services.store.db,
    dialect: services.store.dialect,
    isShuttingDown: () => shuttingDown,
  })
  await mountRoutes(app, services, config)
  await app.ready()
  // The SCIM-event follower and the sync scheduler run here, in the server, and stop with it.
  const workers = config.sources.background
    ? services.backgroundWorkers({
        eventPollMs: config.sources.eventPollMs,
        schedulerMs: config.sources.schedulerMs,
      })
    : []
  for (const worker of workers) worker.start()
  // The apply worker: carries out applied plans' jobs; on shutdown its jobs in flight return to
  // the queue (the next worker, here or in another process, resumes them).
  const applyWorker = config.jobs.background
    ? services.apply.createWorker(`server-${process.pid}-${services.ids.next()}`)
    : undefined
  applyWorker?.start()
  return {
    app,
    services,
    async close() {
      shuttingDown = true
      await Promise.all([...workers, ...(applyWorker ? [applyWorker] : [])].map((w) => w.stop()))
      await app.close()
      await services.stopJobs()
      await services.store.close()
    },
  }
}

async function mountRoutes(
  app: FastifyInstance,
  services: Services,
  config: ResolvedConfig,
): Promise<void> {
  const scimBaseUrl = `${config.server.publicUrl}/scim/v2`
  await app.register(directoryRoutes, {
    directories: services.directories,
    auth: services.managementAuth,
    scimBaseUrl,
  })
  await app.register(appsRoutes, { apps: services.apps, auth: services.managementAuth })
  await app.register(tasksRoutes, {
    tasks: services.tasks,
    auth: services.managementAuth,
    clock: services.clock,
  })
  await app.register(auditRoutes, {
    db: services.store.db,
    auth: services.managementAuth,
    clock: services.clock,
    names: (workspaceId) => auditNames(services, workspaceId),
  })
  await app.register(membersRoutes, { members: services.members, auth: services.managementAuth })
  await app.register(graphRoutes, { graph: services.graph, auth: services.managementAuth })
  await app.register(applyRoutes, { apply: services.apply, auth: services.managementAuth })
  await app.register(lifecycleRoutes, {
    lifecycle: services.personLifecycle,
    auth: services.managementAuth,
  })
  await app.register(departureRoutes, {
    ...{ db: services.store.db, gate: services.departureGate, auth: services.managementAuth },
    ...{ reconcile: services.reconcile, apply: services.apply },
    revokeAccessOf: services.revokeAccessOf,
  })
  await app.register(reconcileRoutes, {
    reconcile: services.reconcile,
    auth: services.managementAuth,
    applyProgress: (workspaceId, planId) => services.apply.progress(workspaceId, planId),
    approvers: { members: services.members, apps: services.apps },
  })
  await app.register(eventsRoutes, { db: services.store.db, auth: services.managementAuth })
  await app.register(webhooksRoutes, {
    webhooks: services.webhooks,
    auth: services.managementAuth,
  })
  await app.register(accessRoutes, {
    db: services.store.db,
    clock: services.clock,
    auth: services.managementAuth,
  })
  await app.register(peopleRoutes, {
    people: services.people,
    sources: services.sources,
    sync: services.sync,
    auth: services.managementAuth,
  })
  const session = { sessions: services.sessions, cookie: services.sessionCookie }
  await app.register(authRoutes, {
    ...session,
    members: services.members,
    workspaces: services.workspaces,
    passwordPolicy: services.saml.passwordPolicy,
  })
  await app.register(samlRoutes, {
    saml: services.saml,
    auth: services.managementAuth,
    cookie: services.sessionCookie,
    sessionTtlSeconds: services.sessions.ttlSeconds,
    fetchMetadata: { fetch: globalThis.fetch },
  })
  await app.register(oauthRoutes, {
    ...session,
    oauth: services.oauth,
    db: services.store.db,
    auth: services.managementAuth,
    workspaces: services.workspaces,
  })
  await app.register(webRoutes, { log: services.log })
  await app.register(scimRoutes, {
    prefix: '/scim/v2',
    directories: services.directories,
    scim: services.scim,
    log: services.log,
    options: {
      baseUrl: scimBaseUrl,
      maxResults: config.scim.maxPageSize,
      defaultCount: config.scim.defaultPageSize,
      bulkMaxOperations: config.scim.bulkMaxOperations,
      bulkMaxPayloadBytes: config.scim.bulkMaxPayloadBytes,
    },
  })
}
