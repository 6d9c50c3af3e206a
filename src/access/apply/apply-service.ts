import { setTimeout as delay } from 'node:timers/promises'
import type { Actor } from '../../platform/audit/index.js'
import { type JobWorker, quarantineStore } from '../../platform/jobs/index.js'
import { reconcileErrors, workspaceOfPlan } from '../reconcile/index.js'
import type { ApplyDeps } from './apply-deps.js'
import { enqueueApplyable } from './apply-enqueue.js'
import { applyErrors } from './apply-errors.js'
import { type ApplyProgress, progressOf } from './apply-progress.js'
import { requestApply } from './apply-store.js'
import { createApplyWorker } from './apply-worker.js'

export type ApplyOptions = {
  readonly actor: Actor
}

export type ApplyService = ReturnType<typeof createApplyService>

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
        await requestApply(trx, { planId, workspaceId, actor: options.actor, now })
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
      const workspaceId = await workspaceOfPlan(deps.db, planId)
      if (!workspaceId) throw applyErrors.error('APPLY_PLAN_NOT_FOUND', `No plan '${planId}'.`)
      return workspaceId
    },

    async progress(workspaceId: string, planId: string): Promise<ApplyProgress> {
      // Polled every 200 ms by `--wait` and the console: only the plan's workspace, not its view
      // (counts and holds of every operation).
      if ((await workspaceOfPlan(deps.db, planId)) !== workspaceId)
        throw reconcileErrors.error('PLAN_NOT_FOUND', `No plan '${planId}' in this workspace.`)
      return progressOf(deps.db, quarantines, planId)
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
      return createApplyWorker(deps, quarantines, owner)
    },
  }
}
