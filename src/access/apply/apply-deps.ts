import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { JobQueue, RetryPolicy } from '../../platform/jobs/index.js'
import type { Db, Dialect, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Logger } from '../../shared/logger.js'
import type { AppsService } from '../apps/index.js'
import type { GraphService } from '../graph/index.js'
import type { ReconcileService } from '../reconcile/index.js'

export type ApplySettings = {
  /** How long a job (and, on SQLite, the worker lease) is held before another may take it. */
  readonly leaseMs: number
  readonly pollMs: number
  readonly concurrency: number
  readonly concurrencyPerApp: number
  readonly retry: RetryPolicy
}

export type ApplyDeps = {
  readonly db: Db
  readonly dialect: Dialect
  readonly transact: Transact
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly log: Logger
  readonly random: () => number
  readonly audit: AuditLog
  readonly events: EventLog
  readonly apps: Pick<AppsService, 'connector' | 'get'>
  readonly graph: Pick<GraphService, 'refreshApp'>
  readonly reconcile: Pick<ReconcileService, 'getPlan' | 'reconcile'>
  readonly queue: JobQueue
  readonly settings: ApplySettings
}

/** Who the worker's audit entries name. */
export const WORKER: Actor = { type: 'system', id: 'apply-worker' }

/** Priorities within an app's queue: offboarding first, bulk work after, refreshes last. */
export const PRIORITY = { offboard: 20, removal: 10, change: 5, create: 0, refresh: -10 } as const
