import type { AppsService } from '../../access/apps/index.js'
import { createGraphService } from '../../access/graph/index.js'
import {
  createGraphScheduler,
  createReconcileService,
  expireHeld,
} from '../../access/reconcile/index.js'
import type { DepartureGate } from '../../access/safety/index.js'
import { createTaskLifecycle } from '../../access/tasks/index.js'
import {
  followDepartures,
  recordClosedWindows,
  revokeAccessOf,
} from '../../access/windows/index.js'
import type { ConsoleSessionService, MemberService } from '../../identity/members/index.js'
import type { OAuthServices } from '../../identity/oauth/index.js'
import type { ConnectorRegistry } from '../../integrations/connectors/index.js'
import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { ResolvedConfig } from '../../platform/config/index.js'
import type { EventLog } from '../../platform/events/index.js'
import { type BackgroundWorker, intervalWorker } from '../../platform/jobs/index.js'
import type { Store } from '../../platform/store/index.js'
import { createWebhookDispatcher, createWebhookService } from '../../platform/webhooks/index.js'
import type { Clock } from '../../shared/clock.js'
import type { SecretBox } from '../../shared/crypto/secret-box.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Logger } from '../../shared/logger.js'

export type LifecycleDeps = {
  readonly config: ResolvedConfig
  readonly store: Store
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly log: Logger
  readonly audit: AuditLog
  readonly events: EventLog
  readonly apps: AppsService
  readonly connectors: ConnectorRegistry
  readonly secretBox: SecretBox
  /** Holds the removals of people who left in a burst, in every plan (issue 13). */
  readonly departureGate: Pick<DepartureGate, 'holds'>
  readonly members: Pick<MemberService, 'findById' | 'findByEmail' | 'removePassword'>
  readonly sessions: Pick<ConsoleSessionService, 'endAllOf'>
  readonly artifacts: Pick<OAuthServices['artifacts'], 'revokeAccount'>
  /** Outbound HTTP of webhook deliveries (default: the global fetch). */
  readonly fetch?: ((url: string, init: RequestInit) => Promise<Response>) | undefined
}

/** Events sent to one webhook per round before the others get their turn. */
const WEBHOOK_BATCH = 100

/**
 * The identity graph and reconciliation on one store (a part of the composition root, kept
 * apart so services.ts stays a list): the graph service, the reconcile service, and the
 * server's graph scheduler.
 */
export function createLifecycleServices(deps: LifecycleDeps) {
  const { store, clock, ids, log, audit, events, apps } = deps
  const common = { db: store.db, dialect: store.dialect, transact: store.transact, clock, ids }
  const graph = createGraphService({
    ...common,
    events,
    audit,
    apps,
    holder: `${process.pid}-${ids.next()}`,
  })
  const reconcile = createReconcileService({
    ...common,
    events,
    audit,
    apps,
    graph,
    connectors: deps.connectors,
    settings: {
      chunkSize: deps.config.reconcile.chunkSize,
      safety: deps.config.reconcile.safety,
      approvalExpiryHours: deps.config.lifecycle.approvalExpiryHours,
      rejectionMemoryDays: deps.config.lifecycle.rejectionMemoryDays,
    },
    departureHolds: async (workspaceId, personIds) =>
      new Map(
        [...(await deps.departureGate.holds(workspaceId, personIds))].map(([id, h]) => [
          id,
          h.reason,
        ]),
      ),
  })
  const webhooks = createWebhookService({ ...common, audit, secretBox: deps.secretBox })
  const dispatcher = createWebhookDispatcher({
    ...{ db: store.db, clock, ids, log, secretBox: deps.secretBox, random: Math.random },
    transact: store.transact,
    fetch: deps.fetch ?? globalThis.fetch,
    holder: `${process.pid}-${ids.next()}`,
    settings: { ...deps.config.webhooks, batch: WEBHOOK_BATCH },
  })
  const work = createLifecycleWork({ ...deps, dispatcher })
  return {
    graph,
    reconcile,
    webhooks,
    work,
    revokeAccessOf: (workspaceId: string, personEmail: string, actor?: Actor) =>
      revokeAccessOf(
        {
          db: store.db,
          transact: store.transact,
          audit,
          events,
          members: deps.members,
          sessions: deps.sessions,
          oauth: deps.artifacts,
        },
        workspaceId,
        personEmail,
        actor,
      ),
    /** The graph scheduler (refresh due apps, then reconcile them); the server runs it. */
    background(): BackgroundWorker[] {
      return [
        createGraphScheduler({
          db: store.db,
          clock,
          log,
          apps,
          graph,
          reconcile,
          intervalMs: deps.config.reconcile.schedulerMs,
        }),
        intervalWorker('webhooks', deps.config.webhooks.pollMs, log, async () => {
          await work.deliverWebhooks()
        }),
        intervalWorker('lifecycle', deps.config.lifecycle.workerMs, log, async () => {
          await work.runLifecycle()
        }),
      ]
    },
  }
}

/**
 * The lifecycle rounds the server runs (tests call them directly): webhook deliveries, and the
 * slower round that follows departures, verifies done tasks against the latest account
 * imports, records residual-access windows that closed, sends task reminders and expires
 * undecided approvals.
 */
function createLifecycleWork(
  deps: LifecycleDeps & { dispatcher: ReturnType<typeof createWebhookDispatcher> },
) {
  const { store, clock, ids, audit, events } = deps
  const tasks = createTaskLifecycle({
    db: store.db,
    transact: store.transact,
    clock,
    audit,
    events,
  })
  return {
    deliverWebhooks: () => deps.dispatcher.deliverDue(),
    async runLifecycle() {
      const departures = await followDepartures({
        db: store.db,
        transact: store.transact,
        clock,
        ids,
      })
      const verified = await tasks.verifyCompleted()
      const windows = await recordClosedWindows({ db: store.db, clock, ids })
      const reminders = await tasks.sendReminders()
      const expired = await expireHeld({
        db: store.db,
        transact: store.transact,
        clock,
        audit,
        events,
      })
      return { departures, verified, windows, reminders, expired }
    },
  }
}
