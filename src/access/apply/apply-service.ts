import { setTimeout as delay } from 'node:timers/promises'
import type { Actor } from '../../platform/audit/index.js'
import {
  createJobWorker,
  createLeases,
  type JobWorker,
  quarantineStore,
} from '../../platform/jobs/index.js'
import type { ApplyDeps } from './apply-deps.js'
import { enqueueApplyable } from './apply-enqueue.js'
import { applyErrors } from './apply-errors.js'
import { applyHandlers, sweepApplies } from './apply-jobs.js'
import { type ApplyProgress, progressOf } from './apply-progress.js'
import { applyStore } from './apply-store.js'
import { followApprovals } from './approval-follower.js'
import { settleLost } from './settle-lost.js'

export type ApplyOptions = {
  readonly actor: Actor
}

export type ApplyService = ReturnType<typeof createApplyService>

/** On SQLite one process works the queue: the holder of this lease. */
const WORKER_LEASE = 'jobs:worker'
/** How often a worker sweeps unfinished applies (refreshes a race left unqueued). */
const SWEEP_MS = 1000

/**
 * Applying plans: `apply` enqueues one job per planned or approved operation (held and
 * rejected ones never), keyed by the operation's idempotency key, in one transaction with the
 * operations' move to `running`; `progress` and `waitFor` report `{status, applied, failed,
 * tasks}`; `createWorker` builds the worker that carries the jobs out (the server runs it; the
 * CLI runs one with `--wait` when no server does).
 * @example
 * await apply.apply(workspaceId, planId, { actor })
 * const result = await apply.waitFor(workspaceId, planId)
 */
export function createApplyService(deps: ApplyDeps) {
  const store = applyStore(deps.db)
  const quarantines = quarantineStore(deps.db, deps.clock)

  async function requirePlan(workspaceId: string, planId: string) {
    // Throws PLAN_NOT_FOUND (404) for another workspace's plan or one still being built.
    return deps.reconcile.getPlan(workspaceId, planId, { limit: 1 })
  }

  return {
    async apply(
      workspaceId: string,
      planId: string,
      options: ApplyOptions,
    ): Promise<ApplyProgress> {
      const plan = await requirePlan(workspaceId, planId)
      const offboard = plan.scope.offboard === true
      const now = deps.clock.now().toISOString()
      await deps.transact(async (trx) => {
        await trx
          .insertInto('plan_applies')
          .values({
            plan_id: planId,
            workspace_id: workspaceId,
            requested_by: JSON.stringify(options.actor),
            requested_at: now,
            finished_at: null,
          })
          // Applying again: the operations still planned (a crash between pages) are queued now.
          .onConflict((oc) =>
            oc.column('plan_id').doUpdateSet({ finished_at: null, enqueued_at: null }),
          )
          .execute()
        await deps.audit.record(trx, {
          workspaceId,
          actor: options.actor,
          action: 'plan.apply_requested',
          target: { type: 'plan', id: planId },
          after: { counts: plan.counts },
        })
        await deps.events.append(trx, {
          workspaceId,
          sourceId: null,
          type: 'plan.apply_requested',
          subject: { type: 'plan', id: planId },
          data: { counts: plan.counts },
        })
      })
      await enqueueApplyable(deps, { workspaceId, planId, offboard })
      return this.progress(workspaceId, planId)
    },

    /** The workspace a plan belongs to (plan ids are unique; the CLI takes just the id). */
    async workspaceOf(planId: string): Promise<string> {
      const row = await deps.db
        .selectFrom('plans')
        .select('workspace_id')
        .where('id', '=', planId)
        .where('status', '!=', 'building')
        .executeTakeFirst()
      if (!row) throw applyErrors.error('APPLY_PLAN_NOT_FOUND', `No plan '${planId}'.`)
      return row.workspace_id
    },

    async progress(workspaceId: string, planId: string): Promise<ApplyProgress> {
      await requirePlan(workspaceId, planId)
      return progressOf(deps.db, store, quarantines, planId)
    },

    /** Resolves when the apply finished or cannot go on without a person (a quarantined app). */
    async waitFor(
      workspaceId: string,
      planId: string,
      options: {
        signal?: AbortSignal
        pollMs?: number
        /** Told where the apply stands after every poll (the CLI's progress line). */
        onProgress?: (progress: ApplyProgress) => void
      } = {},
    ): Promise<ApplyProgress> {
      for (;;) {
        const progress = await this.progress(workspaceId, planId)
        if (progress.status !== 'running') return progress
        options.onProgress?.(progress)
        options.signal?.throwIfAborted()
        await delay(
          options.pollMs ?? 200,
          undefined,
          options.signal ? { signal: options.signal } : {},
        )
      }
    },

    /** Apps quarantined in the workspace, with the reason (shown with the app and the plan). */
    quarantines: (workspaceId: string) => quarantines.list(workspaceId),

    /** An operator fixed the app (new credentials): its jobs run again. */
    async release(workspaceId: string, appId: string, actor: Actor): Promise<void> {
      const app = await deps.apps.get(workspaceId, appId)
      await deps.transact(async (trx) => {
        if (!(await quarantines.lift(trx, app.id)))
          throw applyErrors.error('APP_NOT_QUARANTINED', `${app.name} is not quarantined.`)
        await deps.audit.record(trx, {
          workspaceId,
          actor,
          action: 'app.quarantine_released',
          target: { type: 'app', id: app.id },
        })
        await deps.events.append(trx, {
          workspaceId,
          sourceId: null,
          type: 'app.quarantine_released',
          subject: { type: 'app', id: app.id },
          data: {},
        })
      })
    },

    /** The worker that carries the jobs out; `owner` names this process in leases. */
    createWorker(owner: string): JobWorker {
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
