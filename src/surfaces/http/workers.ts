import { createAutoOffboardWorker } from '../../access/lifecycle/index.js'
import { createGraphScheduler } from '../../access/reconcile/index.js'
import { type BackgroundWorker, intervalWorker } from '../../platform/jobs/index.js'
import type { CommitSignal } from '../../platform/store/index.js'
import type { Services } from './services.js'

/** Something that runs in the background until stopped; `stop` waits for its work in flight. */
export type Worker = { start(): void; stop(): Promise<void> }

export type NamedWorker = {
  readonly name: string
  readonly worker: Worker
  /** Called after each write of this process commits: work may be waiting for it (issue 16). */
  readonly wake?: () => void
}

/** A process's background workers, started and stopped together. */
export type Workers = {
  /** Which workers run, in start order (tests and logs). */
  readonly names: readonly string[]
  startAll(): void
  /** Stops them one by one in reverse start order, each after its round in flight ends. */
  stopAll(): Promise<void>
}

/**
 * The one place background workers are started and stopped. Stopping goes in reverse order, so
 * the apply worker (started last) returns its jobs to the queue before the loops that feed it
 * end; a worker that fails to stop does not keep the others running.
 */
export function runWorkers(list: readonly NamedWorker[], commits?: CommitSignal): Workers {
  const unsubscribes: Array<() => void> = []
  return {
    names: list.map((entry) => entry.name),
    startAll() {
      for (const { worker, wake } of list) {
        worker.start()
        if (wake && commits) unsubscribes.push(commits.subscribe(wake))
      }
    },
    async stopAll() {
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe()
      const failures: unknown[] = []
      for (const { worker } of [...list].reverse()) {
        try {
          await worker.stop()
        } catch (error) {
          failures.push(error)
        }
      }
      if (failures.length === 1) throw failures[0]
      if (failures.length > 1)
        throw new AggregateError(failures, 'background workers failed to stop')
    },
  }
}

/**
 * The workers of the server (`rollcall serve`): with `sources.background`, the people's loops
 * (SCIM-event follower, sync scheduler), the graph scheduler (refresh due apps, then reconcile),
 * webhook deliveries, the lifecycle round and, with `lifecycle.autoOffboard`, automatic
 * offboarding; with `jobs.background`, the apply worker (its housekeeping follows approvals and
 * settles lost operations). The CLI runs none of these, except the apply worker while it waits.
 */
export function serverWorkers(services: Services): Workers {
  const { config } = services
  return runWorkers(
    [
      ...(config.sources.background ? backgroundLoops(services) : []),
      ...(config.jobs.background ? [applyWorker(services, 'server')] : []),
    ],
    services.store.commits,
  )
}

/**
 * The workers of `rollcall apply --wait` and `rollcall onboard|offboard --apply --wait`: the apply
 * worker only (on SQLite it works only while no server holds the queue's lease).
 */
export function waitingWorkers(services: Services): Workers {
  return runWorkers([applyWorker(services, 'cli')], services.store.commits)
}

/** The apply worker; `role-pid-id` names this process in the queue's leases. */
function applyWorker(services: Services, role: 'server' | 'cli'): NamedWorker {
  const owner = `${role}-${process.pid}-${services.ids.next()}`
  const worker = services.apply.createWorker(owner)
  return { name: 'apply', worker, wake: () => worker.nudge() }
}

function backgroundLoops(services: Services): NamedWorker[] {
  const { config, log } = services
  const people = services.peopleWorkers({
    eventPollMs: config.sources.eventPollMs,
    schedulerMs: config.sources.schedulerMs,
  })
  // The SCIM event follower (the first) wakes on writes; the sync scheduler keeps its clock.
  return [
    ...people.map((worker, i) => ({
      name: 'people',
      worker,
      ...(i === 0 ? { wake: () => worker.wake() } : {}),
    })),
    { name: 'graph-scheduler', worker: graphScheduler(services) },
    wakeable(
      'webhooks',
      intervalWorker('webhooks', config.webhooks.pollMs, log, async () => {
        await services.lifecycleWork.deliverWebhooks()
      }),
    ),
    {
      name: 'lifecycle',
      worker: intervalWorker('lifecycle', config.lifecycle.workerMs, log, async () => {
        await services.lifecycleWork.runLifecycle()
        await services.reviews.runRound()
      }),
    },
    ...(config.lifecycle.autoOffboard ? [autoOffboard(services)] : []),
  ]
}

function graphScheduler(services: Services): Worker {
  return createGraphScheduler({
    ...{ db: services.store.db, clock: services.clock, log: services.log },
    ...{ apps: services.apps, graph: services.graph, reconcile: services.reconcile },
    intervalMs: services.config.reconcile.schedulerMs,
  })
}

/** People who leave a source are offboarded at once (`lifecycle.autoOffboard`). */
function autoOffboard(services: Services): NamedWorker {
  const { config } = services
  const worker = createAutoOffboardWorker({
    ...{ db: services.store.db, clock: services.clock, log: services.log },
    lifecycle: services.personLifecycle,
    holder: `${process.pid}-${services.ids.next()}`,
    intervalMs: config.lifecycle.offboardPollMs,
    settleMs: config.lifecycle.departures.settleSeconds * 1000,
  })
  return wakeable('auto-offboard', worker)
}

const wakeable = (name: string, worker: BackgroundWorker): NamedWorker => ({
  name,
  worker,
  wake: () => worker.wake(),
})
