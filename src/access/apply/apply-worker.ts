import {
  createJobWorker,
  createLeases,
  type JobWorker,
  type QuarantineStore,
} from '../../platform/jobs/index.js'
import type { ApplyDeps } from './apply-deps.js'
import { applyHandlers } from './apply-jobs.js'
import { sweepApplies } from './apply-sweep.js'
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
  const leases = createLeases(deps.db, deps.clock)
  const gate =
    deps.dialect === 'sqlite'
      ? () => leases.acquire(WORKER_LEASE, owner, deps.settings.leaseMs)
      : undefined
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
      if (gate) await leases.release(WORKER_LEASE, owner)
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
  return async () => {
    await followApprovals(deps)
    const now = deps.clock.now().getTime()
    if (now - lastLost >= deps.settings.leaseMs / 2) {
      lastLost = now
      await settleLost(deps)
    }
    await sweepApplies(deps)
  }
}
