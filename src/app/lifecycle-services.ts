import type { AppsService } from '../apps/index.js'
import type { AuditLog } from '../audit/index.js'
import type { ResolvedConfig } from '../config/index.js'
import type { ConnectorRegistry } from '../connectors/index.js'
import type { EventLog } from '../events/index.js'
import { createGraphService } from '../graph/index.js'
import type { BackgroundWorker } from '../people/index.js'
import { createGraphScheduler, createReconcileService } from '../reconcile/index.js'
import type { Clock } from '../shared/clock.js'
import type { IdGenerator } from '../shared/ids.js'
import type { Logger } from '../shared/logger.js'
import type { Store } from '../store/index.js'

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
}

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
    },
  })
  return {
    graph,
    reconcile,
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
      ]
    },
  }
}
