import type { FastifyInstance } from 'fastify'
import { applyRoutes } from '../../access/apply/index.js'
import { appsRoutes } from '../../access/apps/index.js'
import { createEntitlementReads, entitlementRoutes, graphRoutes } from '../../access/graph/index.js'
import { departureRoutes, lifecycleRoutes } from '../../access/lifecycle/index.js'
import {
  createPersonAccess,
  grantExceptionRoutes,
  personAccessRoutes,
  reconcileRoutes,
} from '../../access/reconcile/index.js'
import { requestsRoutes } from '../../access/requests/index.js'
import { reviewsRoutes } from '../../access/reviews/index.js'
import { tasksRoutes } from '../../access/tasks/index.js'
import { traceRoutes } from '../../access/trace/index.js'
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
import type { Services } from './services.js'

/**
 * Mounts every domain's routes on the server, in one fixed order: the management API under
 * /api, sign-in (/auth, /saml, /oauth), the console and SCIM at /scim/v2.
 */
export async function mountRoutes(
  server: FastifyInstance,
  services: Services,
  config: ResolvedConfig,
): Promise<void> {
  await mountDirectoriesAndApps(server, services, config)
  await mountPlansAndLifecycle(server, services)
  await mountActivityAndPeople(server, services)
  await mountSignIn(server, services)
  await mountConsoleAndScim(server, services, config)
}

const scimBaseUrlOf = (config: ResolvedConfig) => `${config.server.publicUrl}/scim/v2`

async function mountDirectoriesAndApps(
  server: FastifyInstance,
  services: Services,
  config: ResolvedConfig,
): Promise<void> {
  const auth = services.managementAuth
  await server.register(directoryRoutes, {
    ...{ directories: services.directories, auth },
    scimBaseUrl: scimBaseUrlOf(config),
  })
  await server.register(appsRoutes, { apps: services.apps, auth })
  await server.register(tasksRoutes, { tasks: services.tasks, auth, clock: services.clock })
  await server.register(auditRoutes, {
    ...{ db: services.store.db, auth, clock: services.clock },
    names: (workspaceId) => auditNames(services, workspaceId),
  })
  await server.register(membersRoutes, { members: services.members, auth })
}

async function mountPlansAndLifecycle(server: FastifyInstance, services: Services): Promise<void> {
  const auth = services.managementAuth
  await server.register(graphRoutes, { graph: services.graph, auth })
  const entitlements = createEntitlementReads({ db: services.store.db, apps: services.apps })
  await server.register(entitlementRoutes, { entitlements, auth })
  await server.register(applyRoutes, { apply: services.apply, auth })
  await server.register(lifecycleRoutes, { lifecycle: services.personLifecycle, auth })
  await server.register(departureRoutes, {
    ...{ db: services.store.db, gate: services.departureGate, auth },
    ...{ reconcile: services.reconcile, apply: services.apply },
    revokeAccessOf: services.revokeAccessOf,
  })
  await server.register(reconcileRoutes, {
    ...{ reconcile: services.reconcile, auth },
    applyProgress: (workspaceId, planId) => services.apply.progress(workspaceId, planId),
    approvers: { members: services.members, apps: services.apps },
  })
  await server.register(grantExceptionRoutes, { exceptions: services.grantExceptions, auth })
  await server.register(requestsRoutes, {
    ...{ requests: services.requests, policies: services.requestPolicies, auth },
    members: services.members,
  })
  await server.register(reviewsRoutes, { reviews: services.reviews, auth })
}

async function mountActivityAndPeople(server: FastifyInstance, services: Services): Promise<void> {
  const auth = services.managementAuth
  await server.register(eventsRoutes, { db: services.store.db, auth })
  await server.register(webhooksRoutes, { webhooks: services.webhooks, auth })
  await server.register(accessRoutes, { db: services.store.db, clock: services.clock, auth })
  await server.register(peopleRoutes, {
    ...{ people: services.people, sources: services.sources, sync: services.sync },
    auth,
  })
  const { db, dialect } = services.store
  const access = createPersonAccess({
    ...{ db, dialect, clock: services.clock },
    ...{ apps: services.apps, people: services.people },
  })
  await server.register(personAccessRoutes, { access, auth })
  await server.register(traceRoutes, {
    ...{ trace: services.personTrace, onDemand: services.onDemand, auth },
  })
}

async function mountSignIn(server: FastifyInstance, services: Services): Promise<void> {
  const session = { sessions: services.sessions, cookie: services.sessionCookie }
  await server.register(authRoutes, {
    ...session,
    ...{ members: services.members, workspaces: services.workspaces },
    passwordPolicy: services.saml.passwordPolicy,
  })
  await server.register(samlRoutes, {
    ...{ saml: services.saml, auth: services.managementAuth, cookie: services.sessionCookie },
    sessionTtlSeconds: services.sessions.ttlSeconds,
    fetchMetadata: { fetch: globalThis.fetch },
  })
  await server.register(oauthRoutes, {
    ...session,
    ...{ oauth: services.oauth, db: services.store.db, auth: services.managementAuth },
    workspaces: services.workspaces,
  })
}

async function mountConsoleAndScim(
  server: FastifyInstance,
  services: Services,
  config: ResolvedConfig,
): Promise<void> {
  await server.register(webRoutes, { log: services.log })
  await server.register(scimRoutes, {
    ...{ prefix: '/scim/v2', directories: services.directories, scim: services.scim },
    log: services.log,
    options: {
      baseUrl: scimBaseUrlOf(config),
      maxResults: config.scim.maxPageSize,
      defaultCount: config.scim.defaultPageSize,
      bulkMaxOperations: config.scim.bulkMaxOperations,
      bulkMaxPayloadBytes: config.scim.bulkMaxPayloadBytes,
    },
  })
}
