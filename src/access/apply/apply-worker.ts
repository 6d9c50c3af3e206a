import {
  createJobWorker,
  createLeases,
  type JobWorker,
  type QuarantineStore,
} from '../../platform/jobs/index.js'
import type { ApplyDeps } from './apply-deps.js'
import { applyHandlers } from './apply-jobs.js'
import { createApplySweep } from './apply-sweep.js'
import { followApprovals } from './approval-follower.js'
import { settleLost } from './settle-lost.js'

/** On SQLite one process works the queue: the holder of this lease. */
const WORKER_LEASE = 'jobs:worker'
/** How often a worker sweeps unfinished applies (refreshes a race left unqueued). */
const SWEEP_MS = 1000

/**
 * The worker that carries apply's jobs out (the server runs it; the CLI runs one with `--wait`
 * when no server does); `owner` names this process in leases.
 */
export function createApplyWorker(
  deps: ApplyDeps,
  quarantines: QuarantineStore,
  owner: string,
): JobWorker {
  const lease = deps.dialect === 'sqlite' ? workerLease(deps, owner) : undefined
  const gate = lease?.held
  const worker = createJobWorker({
    queue: deps.queue,
    transact: deps.transact,
    clock: deps.clock,
    log: deps.log,
    random: deps.random,
    quarantines,
    handlers: applyHandlers(deps),
    owner,
    settings: {
      concurrency: deps.settings.concurrency,
      concurrencyPerQueue: deps.settings.concurrencyPerApp,
      pollMs: deps.settings.pollMs,
      leaseMs: deps.settings.leaseMs,
      retry: deps.settings.retry,
    },
    ...(gate ? { gate } : {}),
    maintenance: { everyMs: SWEEP_MS, run: housekeeping(deps) },
  })
  return {
    ...worker,
    get running() {
      return worker.running
    },
    async stop() {
      await worker.stop()
      await lease?.release()
    },
  }
}

/**
 * The worker lease, renewed once a quarter of its time has passed rather than before every round:
 * each renewal is a write (an fsync on SQLite), and a round runs after every job. Held means
 * renewed less than `leaseMs` ago, so no other process can have taken it meanwhile.
 */
function workerLease(deps: ApplyDeps, owner: string) {
  const leases = createLeases(deps.db, deps.clock)
  const { leaseMs } = deps.settings
  let renewedAt = Number.NEGATIVE_INFINITY
  return {
    async held(): Promise<boolean> {
      const now = deps.clock.now().getTime()
      if (now - renewedAt < leaseMs / 4) return true
      const held = await leases.acquire(WORKER_LEASE, owner, leaseMs)
      renewedAt = held ? now : Number.NEGATIVE_INFINITY
      return held
    },
    async release(): Promise<void> {
      renewedAt = Number.NEGATIVE_INFINITY
      await leases.release(WORKER_LEASE, owner)
    },
  }
}

/**
 * The worker's housekeeping, every second: approved operations join their plan's apply, lost
 * operations are settled (every half lease: it asks the queue about every running key), and
 * unfinished applies get their refreshes and their end.
 */
function housekeeping(deps: ApplyDeps): () => Promise<void> {
  let lastLost = 0
  const sweepApplies = createApplySweep(deps)
  return async () => {
    await followApprovals(deps)
    const now = deps.clock.now().getTime()
    if (now - lastLost >= deps.settings.leaseMs / 2) {
      lastLost = now
      await settleLost(deps)
    }
    await sweepApplies()
  }
}
