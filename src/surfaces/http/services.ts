import { createAccountImports, createAppsService } from '../../access/apps/index.js'
import { createAutoOffboardWorker, createPersonLifecycle } from '../../access/lifecycle/index.js'
import { checkMappings } from '../../access/reconcile/index.js'
import { createDepartureGate } from '../../access/safety/index.js'
import { createTaskService } from '../../access/tasks/index.js'
import {
  createDirectoryReader,
  createDirectoryService,
  createScimService,
} from '../../identity/directory/index.js'
import {
  createConsoleSessionService,
  createMemberService,
  createSessionAuthenticator,
  createSessionCookie,
} from '../../identity/members/index.js'
import { createOAuthServices } from '../../identity/oauth/index.js'
import { type BackgroundSettings, createPeopleDomain } from '../../identity/people/index.js'
import { createSamlService } from '../../identity/saml/index.js'
import {
  createApiTokenService,
  createManagementAuth,
  createWorkspaceService,
} from '../../identity/workspace/index.js'
import {
  createConnectorRegistry,
  type FetchLike,
  type Sleep,
  systemSleep,
} from '../../integrations/connectors/index.js'
import { createAuditLog } from '../../platform/audit/index.js'
import type { ResolvedConfig } from '../../platform/config/index.js'
import { resolveSecretKey } from '../../platform/config/index.js'
import { createEventLog } from '../../platform/events/index.js'
import { openStore, type Store } from '../../platform/store/index.js'
import { type Clock, systemClock } from '../../shared/clock.js'
import { createSecretBox, type SecretBox } from '../../shared/crypto/secret-box.js'
import { deriveKey } from '../../shared/crypto/tokens.js'
import { type IdGenerator, uuidGenerator } from '../../shared/ids.js'
import { createLogger, type Logger } from '../../shared/logger.js'
import { createApplyServices } from './apply-services.js'
import { createLifecycleServices } from './lifecycle-services.js'

export type ServiceOverrides = {
  clock?: Clock
  ids?: IdGenerator
  log?: Logger
  /** An already open store (tests pass one per dialect). */
  store?: Store
  /** Waiting and outbound HTTP of connectors (tests drive rate limits with a fake clock). */
  sleep?: Sleep
  fetch?: FetchLike
}

/**
 * Builds every service on one store: the server and the CLI share this, so both see the same
 * database with the same rules (DESIGN: the CLI works on the database while the server runs).
 */
export async function createServices(config: ResolvedConfig, overrides: ServiceOverrides = {}) {
  const log = overrides.log ?? createLogger({ level: config.log.level })
  const clock = overrides.clock ?? systemClock
  const ids = overrides.ids ?? uuidGenerator
  const secret = resolveSecretKey(config.secretKey, config.dataDir)
  if (secret.generated) {
    log.warn(
      { file: secret.file },
      'generated a secret key for encrypting secrets at rest; back it up, or set ROLLCALL_SECRET_KEY',
    )
  }
  const secretBox: SecretBox = createSecretBox(secret.key)
  const store =
    overrides.store ??
    (await openStore({ url: config.database.url, poolSize: config.database.poolSize }))
  const { db, dialect, transact } = store
  const audit = createAuditLog({ clock, ids })
  const events = createEventLog({ clock, ids, dialect })
  const workspaces = createWorkspaceService({ db, transact, clock, ids, audit })
  const apiTokens = createApiTokenService({ db, transact, clock, ids, audit })
  const directories = createDirectoryService({ db, transact, clock, ids, audit, events })
  const scim = createScimService({
    db,
    transact: store.transact,
    dialect,
    clock,
    ids,
    audit,
    events,
    log,
  })
  const members = createMemberService({ db, transact, clock, ids, audit })
  const sessionCookie = createSessionCookie({
    secure: config.server.publicUrl.startsWith('https:'),
  })
  const csrfKey = deriveKey(secret.key, 'console-csrf')
  const sessions = createConsoleSessionService({ db, clock, ids, members, csrfKey })
  const oauth = createOAuthServices(
    {
      issuer: config.server.publicUrl,
      trustProxy: config.server.trustProxy,
      cookieKey: deriveKey(secret.key, 'oauth-cookies'),
    },
    {
      ...{ db, transact, clock, ids, audit, log, secretBox },
      ...{ workspaces, members, sessions, cookie: sessionCookie },
    },
  )
  const managementAuth = createManagementAuth({
    apiTokens,
    workspaces,
    authenticators: [
      oauth.tokenAuthenticator,
      createSessionAuthenticator({ sessions, cookie: sessionCookie }),
    ],
  })
  const saml = createSamlService(
    { publicUrl: config.server.publicUrl },
    { db, transact, clock, ids, audit, log, members, sessions, workspaces },
  )
  const tasks = createTaskService({
    ...{ db, transact: store.transact, clock, ids, audit, events },
    // Due times follow the app's SLA (its policy); `apps` is built below, called only later.
    sla: async (workspaceId, appId) => (await apps.get(workspaceId, appId)).policy.tasks,
  })
  const accountImports = createAccountImports({ db, transact: store.transact, clock, ids, audit })
  const connectors = createConnectorRegistry({
    fetch: overrides.fetch ?? globalThis.fetch,
    clock,
    random: Math.random,
    sleep: overrides.sleep ?? systemSleep,
    log,
    secretBox,
    tasks,
    imports: accountImports.source,
  })
  const apps = createAppsService({
    db,
    transact: store.transact,
    clock,
    ids,
    audit,
    secretBox,
    connectors,
    checkMappings,
  })
  const directoryReader = createDirectoryReader()
  const peopleDomain = createPeopleDomain({
    ...{ db, transact, dialect, clock, ids, audit, events, secretBox, connectors, log },
    directories: directoryReader,
  })
  // The one safety gate every departure-driven deactivation passes (issue 13).
  const departureGate = createDepartureGate({
    ...{ db, transact: store.transact, clock, ids, audit, events },
    thresholds: config.lifecycle.departures,
  })
  const lifecycle = createLifecycleServices({
    ...{ config, store, clock, ids, log, audit, events, apps, connectors, departureGate },
    ...{ secretBox, members, sessions, artifacts: oauth.artifacts, fetch: overrides.fetch },
  })
  const applying = createApplyServices({
    ...{ config, store, clock, ids, log, audit, events, apps },
    ...{ graph: lifecycle.graph, reconcile: lifecycle.reconcile },
  })
  const personLifecycle = createPersonLifecycle({
    ...{ db, transact: store.transact, clock, ids, audit, events, apply: applying.apply },
    ...{ graph: lifecycle.graph, reconcile: lifecycle.reconcile },
    revokeAccessOf: lifecycle.revokeAccessOf,
    departureHeld: async (workspaceId, personId) =>
      (await departureGate.holds(workspaceId, [personId])).get(personId)?.reason,
  })
  // People who leave a source are offboarded at once (lifecycle.autoOffboard).
  const autoOffboard = () =>
    config.lifecycle.autoOffboard
      ? [
          createAutoOffboardWorker({
            ...{ db, clock, log, lifecycle: personLifecycle },
            holder: `${process.pid}-${ids.next()}`,
            intervalMs: config.lifecycle.offboardPollMs,
            settleMs: config.lifecycle.departures.settleSeconds * 1000,
          }),
        ]
      : []
  return {
    config,
    log,
    clock,
    ids,
    secretBox,
    store,
    audit,
    events,
    workspaces,
    apiTokens,
    directories,
    scim,
    managementAuth,
    members,
    sessions,
    sessionCookie,
    oauth,
    tasks,
    connectors,
    apps,
    accountImports,
    people: peopleDomain.people,
    sources: peopleDomain.sources,
    sync: peopleDomain.sync,
    /** The SCIM-event follower and the sync scheduler: the server starts them, the CLI never. */
    backgroundWorkers: (settings: BackgroundSettings) => [
      ...peopleDomain.background(settings),
      ...lifecycle.background(),
      ...autoOffboard(),
    ],
    graph: lifecycle.graph,
    reconcile: lifecycle.reconcile,
    /** Applying plans: durable jobs, progress, quarantines; `createWorker` runs them. */
    apply: applying.apply,
    /** Stops the job queue (pg-boss) before the store closes. */
    stopJobs: applying.stopJobs,
    webhooks: lifecycle.webhooks,
    /** Webhook deliveries, reminders, verification, residual windows, approval expiry. */
    lifecycleWork: lifecycle.work,
    /** Revokes the hub's own sessions and tokens of a leaving person (offboarding). */
    revokeAccessOf: lifecycle.revokeAccessOf,
    /** Onboarding and offboarding a person in one action (`rollcall onboard|offboard`). */
    personLifecycle,
    /** The departure safety gate: bursts of people leaving one source wait for an admin. */
    departureGate,
    saml,
  }
}

export type Services = Awaited<ReturnType<typeof createServices>>
