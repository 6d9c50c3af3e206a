import { createApplyService } from '../../access/apply/index.js'
import { createAccountImports, createAppsService } from '../../access/apps/index.js'
import { createGraphService, entitlementRefsOf, liveGrantOf } from '../../access/graph/index.js'
import { createPersonLifecycle } from '../../access/lifecycle/index.js'
import {
  checkMappings,
  createGrantExceptions,
  createReconcileService,
} from '../../access/reconcile/index.js'
import { createReviewsService } from '../../access/reviews/index.js'
import { createDepartureGate } from '../../access/safety/index.js'
import { createTaskService } from '../../access/tasks/index.js'
import { createOnDemand, createPersonTrace } from '../../access/trace/index.js'
import { revokeAccessOf } from '../../access/windows/index.js'
import type { Actor } from '../../platform/audit/index.js'
import { DEFAULT_RETRY_POLICY } from '../../platform/jobs/index.js'
import type { IdentityServices } from './identity-services.js'
import type { IntegrationServices } from './integration-services.js'
import { createLifecycleRounds } from './lifecycle-rounds.js'
import type { PlatformServices } from './platform-services.js'
import { createRequestServices } from './request-services.js'

type Identity = Pick<IdentityServices, 'members' | 'sessions' | 'oauth' | 'people'>

/**
 * The access tier, on the tiers below: connected apps and their account imports, tasks, the
 * departure gate, the identity graph, reconciliation, applying plans through the job queue,
 * residual-access windows and onboarding/offboarding, plus the lifecycle rounds the server runs.
 */
export function createAccessServices(
  platform: PlatformServices,
  integrations: IntegrationServices,
  identity: Identity,
) {
  const apps = createApps(platform, integrations)
  const departureGate = createDepartureGate({
    ...{ db: platform.store.db, transact: platform.store.transact },
    ...{ clock: platform.clock, ids: platform.ids, audit: platform.audit, events: platform.events },
    thresholds: platform.config.lifecycle.departures,
  })
  const planning = createPlanning(platform, {
    ...{ apps: apps.apps, connectors: integrations.connectors, departureGate },
  })
  const apply = createApply(platform, { apps: apps.apps, ...planning })
  const revoke = createRevocation(platform, identity)
  const personLifecycle = createPersonLifecycle({
    ...{ db: platform.store.db, transact: platform.store.transact, clock: platform.clock },
    ...{ ids: platform.ids, audit: platform.audit, events: platform.events, apply, ...planning },
    revokeAccessOf: revoke,
    departureHeld: async (workspaceId, personId) =>
      (await departureGate.holds(workspaceId, [personId])).get(personId)?.reason,
  })
  const requests = createRequestServices(platform, {
    ...{ apps: apps.apps, graph: planning.graph, reconcile: planning.reconcile, apply },
    members: identity.members,
  })
  return {
    ...apps,
    ...planning,
    ...requests,
    /** Applying plans: durable jobs, progress, quarantines; `createWorker` runs them. */
    apply,
    /** Revokes the hub's own sessions and tokens of a leaving person (offboarding). */
    revokeAccessOf: revoke,
    /** Onboarding and offboarding a person in one action (`rollcall onboard|offboard`). */
    personLifecycle,
    /** The departure safety gate: bursts of people leaving one source wait for an admin. */
    departureGate,
    /** Webhook deliveries, reminders, verification, residual windows, approval expiry. */
    lifecycleWork: createLifecycleRounds(platform, {
      expireRequests: () => requests.requests.expireDue(),
    }),
    /** A person's trace and on-demand runs for one person (issue 17). */
    ...createTracing(platform, { apps: apps.apps, apply, ...planning }),
    /** Access reviews (issue 18): campaigns, decisions, revocations verified by listings. */
    reviews: createReviews(platform, identity, { apps: apps.apps, ...planning, apply }),
  }
}

/** The person trace (reads) and on-demand runs (a scoped plan through the normal apply). */
function createTracing(
  platform: PlatformServices,
  deps: Pick<ReturnType<typeof createApps>, 'apps'> &
    ReturnType<typeof createPlanning> & { apply: ReturnType<typeof createApply> },
) {
  const { store, audit, events } = platform
  const personTrace = createPersonTrace({ db: store.db, apps: deps.apps, graph: deps.graph })
  const onDemand = createOnDemand({
    ...{ db: store.db, transact: store.transact, audit, events },
    ...{ apps: deps.apps, graph: deps.graph, reconcile: deps.reconcile, apply: deps.apply },
  })
  return { personTrace, onDemand }
}

/** Access reviews on the apps, people, members, reconciliation and apply. */
function createReviews(
  platform: PlatformServices,
  identity: Identity,
  deps: Pick<ReturnType<typeof createApps>, 'apps'> &
    ReturnType<typeof createPlanning> & { apply: ReturnType<typeof createApply> },
) {
  const { store, clock, ids, audit, events } = platform
  return createReviewsService({
    ...{
      db: store.db,
      dialect: store.dialect,
      transact: store.transact,
      clock,
      ids,
      audit,
      events,
    },
    ...{ apps: deps.apps, people: identity.people, members: identity.members },
    ...{ reconcile: deps.reconcile, apply: deps.apply, exceptions: deps.grantExceptions },
    graph: deps.graph,
  })
}

export type AccessServices = ReturnType<typeof createAccessServices>

/**
 * Connected apps, their uploaded account lists and the tasks of apps without an API; the last
 * two are what the connector registry's manual connector was waiting for.
 */
function createApps(platform: PlatformServices, integrations: IntegrationServices) {
  const { store, clock, ids, audit, events, secretBox } = platform
  const accountImports = createAccountImports({
    db: store.db,
    transact: store.transact,
    clock,
    ids,
    audit,
  })
  const tasks = createTaskService({
    ...{ db: store.db, transact: store.transact, clock, ids, audit, events },
    // Due times follow the app's SLA (its policy); `apps` is built below, called only later.
    sla: async (workspaceId, appId) => (await apps.get(workspaceId, appId)).policy.tasks,
  })
  integrations.plugAccess({ tasks, imports: accountImports.source })
  const { connectors } = integrations
  const apps = createAppsService({
    ...{ db: store.db, transact: store.transact, clock, ids, audit, secretBox },
    ...{ connectors, checkMappings },
    entitlements: (workspaceId, appId) => entitlementRefsOf(store.db, workspaceId, appId),
  })
  return { accountImports, tasks, apps }
}

type PlanningDeps = {
  readonly apps: ReturnType<typeof createApps>['apps']
  readonly connectors: IntegrationServices['connectors']
  readonly departureGate: ReturnType<typeof createDepartureGate>
}

/** The identity graph and reconciliation (plans hold the removals of a departure burst). */
function createPlanning(platform: PlatformServices, deps: PlanningDeps) {
  const { config, store, clock, ids, audit, events } = platform
  const common = { db: store.db, dialect: store.dialect, transact: store.transact, clock, ids }
  const { apps } = deps
  const holder = `${process.pid}-${ids.next()}`
  const graph = createGraphService({ ...common, events, audit, apps, holder })
  const reconcile = createReconcileService({
    ...{ ...common, events, audit, apps, graph },
    connectors: deps.connectors,
    settings: {
      chunkSize: config.reconcile.chunkSize,
      safety: config.reconcile.safety,
      approvalExpiryHours: config.lifecycle.approvalExpiryHours,
      rejectionMemoryDays: config.lifecycle.rejectionMemoryDays,
    },
    departureHolds: async (workspaceId, personIds) =>
      new Map(
        [...(await deps.departureGate.holds(workspaceId, personIds))].map(([id, h]) => [
          id,
          h.reason,
        ]),
      ),
  })
  const grantExceptions = createGrantExceptions({
    ...{ db: store.db, transact: store.transact, clock, ids, audit, events },
    requireApp: (workspaceId, appId) => apps.get(workspaceId, appId),
    liveGrant: (workspaceId, appId, grant) => liveGrantOf(store.db, workspaceId, appId, grant),
  })
  return { graph, reconcile, grantExceptions }
}

/** The apply service on the platform's job queue (its worker is started by workers.ts). */
function createApply(
  platform: PlatformServices,
  deps: Pick<ReturnType<typeof createApps>, 'apps'> & ReturnType<typeof createPlanning>,
) {
  const { config, store, clock, ids, log } = platform
  return createApplyService({
    ...{ db: store.db, dialect: store.dialect, transact: store.transact, clock, ids, log },
    ...{ random: Math.random, audit: platform.audit, events: platform.events },
    ...{ apps: deps.apps, graph: deps.graph, reconcile: deps.reconcile, queue: platform.jobs },
    settings: {
      leaseMs: config.jobs.leaseMs,
      pollMs: config.jobs.pollMs,
      concurrency: config.jobs.concurrency,
      concurrencyPerApp: config.jobs.concurrencyPerApp,
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: config.jobs.maxAttempts },
    },
  })
}

/** Revoking the hub's own console sessions and OAuth grants of a person who leaves. */
function createRevocation(platform: PlatformServices, identity: Identity) {
  const deps = {
    ...{ db: platform.store.db, transact: platform.store.transact },
    ...{ audit: platform.audit, events: platform.events },
    ...{ members: identity.members, sessions: identity.sessions, oauth: identity.oauth.artifacts },
  }
  return (workspaceId: string, personEmail: string, actor?: Actor) =>
    revokeAccessOf(deps, workspaceId, personEmail, actor)
}
