import { createApplyService } from '../../access/apply/index.js'
import type { AppsService } from '../../access/apps/index.js'
import type { GraphService } from '../../access/graph/index.js'
import type { ReconcileService } from '../../access/reconcile/index.js'
import type { AuditLog } from '../../platform/audit/index.js'
import type { ResolvedConfig } from '../../platform/config/index.js'
import type { EventLog } from '../../platform/events/index.js'
import { createJobQueue, DEFAULT_RETRY_POLICY } from '../../platform/jobs/index.js'
import type { Store } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Logger } from '../../shared/logger.js'

export type ApplyServicesDeps = {
  readonly config: ResolvedConfig
  readonly store: Store
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly log: Logger
  readonly audit: AuditLog
  readonly events: EventLog
  readonly apps: AppsService
  readonly graph: GraphService
  readonly reconcile: ReconcileService
}

/**
 * The durable job queue for the store's dialect and the apply service on it (a part of the
 * composition root). The queue starts on first use; `stopJobs` ends pg-boss before the store
 * closes.
 */
export function createApplyServices(deps: ApplyServicesDeps) {
  const { config, store, clock, ids, log } = deps
  const queue = createJobQueue({ store, clock, ids, log, leaseMs: config.jobs.leaseMs })
  const apply = createApplyService({
    db: store.db,
    dialect: store.dialect,
    transact: store.transact,
    clock,
    ids,
    log,
    random: Math.random,
    audit: deps.audit,
    events: deps.events,
    apps: deps.apps,
    graph: deps.graph,
    reconcile: deps.reconcile,
    queue,
    settings: {
      leaseMs: config.jobs.leaseMs,
      pollMs: config.jobs.pollMs,
      concurrency: config.jobs.concurrency,
      concurrencyPerApp: config.jobs.concurrencyPerApp,
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: config.jobs.maxAttempts },
    },
  })
  return { apply, stopJobs: () => queue.stop() }
}
