import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Db, Transact } from '../../platform/store/index.js'
import type { ApplyProgress, ApplyService } from '../apply/index.js'
import type { AppsService } from '../apps/index.js'
import type { GraphService } from '../graph/index.js'
import type { ReconcileService, RunOptions } from '../reconcile/index.js'
import { type OnDemandStep, type RunState, runState, stepOf } from './on-demand-report.js'
import { planOfRun, stepsOf } from './on-demand-store.js'
import { findApp } from './trace-apps.js'
import { traceErrors } from './trace-errors.js'

export type OnDemandDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly audit: AuditLog
  readonly events: EventLog
  readonly apps: Pick<AppsService, 'list'>
  readonly graph: Pick<GraphService, 'resolvePerson'>
  readonly reconcile: Pick<ReconcileService, 'createPlan'>
  readonly apply: Pick<ApplyService, 'apply' | 'progress'>
}

export type OnDemandOptions = {
  readonly actor: Actor
  readonly trigger: RunOptions['trigger']
  /** Apps by id or name; every app when absent. */
  readonly apps?: readonly string[]
  /** Plan only: show what would happen, change nothing. */
  readonly dryRun?: boolean
}

/** An on-demand run: its plan's steps, each as far as it got, and the run as a whole. */
export type OnDemandReport = {
  readonly runId: string
  readonly planId: string
  readonly dryRun: boolean
  readonly person: { readonly id: string; readonly email: string | null; readonly userName: string }
  readonly state: RunState
  /** The plan in words: "1 of 2 applied; 1 held for approval." */
  readonly headline: string
  readonly steps: readonly OnDemandStep[]
  readonly held: ReadonlyArray<{ readonly operationId: string; readonly reason: string }>
  readonly progress: ApplyProgress
}

export type OnDemand = ReturnType<typeof createOnDemand>

/**
 * "Reconcile and apply just Ada now" (Entra's provision on demand): a reconcile run scoped to
 * one person (and some apps), its plan, and the plan applied through the same durable jobs as
 * every plan, so the safety rule and approvals hold (a held step says so and waits). The run id
 * is the handle; `status` follows each step until it is verified by the app's refresh.
 * @example const report = await onDemand.run(workspaceId, 'ada@acme.com', { actor, trigger: 'api' })
 */
export function createOnDemand(deps: OnDemandDeps) {
  async function report(
    workspaceId: string,
    person: OnDemandReport['person'],
    plan: { id: string; runId: string; headline: string; held: OnDemandReport['held'] },
  ): Promise<OnDemandReport> {
    const progress = await deps.apply.progress(workspaceId, plan.id)
    const dryRun = progress.status === 'not_started'
    const names = new Map((await deps.apps.list(workspaceId)).map((a) => [a.id, a.name]))
    const steps = (await stepsOf(deps.db, workspaceId, plan.id)).map((row) =>
      stepOf(row, names, dryRun),
    )
    return {
      ...{ runId: plan.runId, planId: plan.id, dryRun, person },
      state: runState(
        steps.map((s) => s.state),
        dryRun,
      ),
      ...{ headline: plan.headline, steps, held: plan.held, progress },
    }
  }

  return {
    async run(workspaceId: string, personRef: string, options: OnDemandOptions) {
      const person = await deps.graph.resolvePerson(workspaceId, personRef)
      const appIds = options.apps ? await appIdsOf(deps, workspaceId, options.apps) : undefined
      const plan = await deps.reconcile.createPlan(
        workspaceId,
        { person: person.id, ...(appIds ? { appIds } : {}) },
        { trigger: options.trigger, actor: options.actor },
      )
      if (!options.dryRun) await deps.apply.apply(workspaceId, plan.id, { actor: options.actor })
      await record(deps, workspaceId, person.id, {
        ...{ runId: plan.runId, planId: plan.id, apps: appIds ?? null },
        ...{ dryRun: options.dryRun === true, trigger: options.trigger, actor: options.actor },
      })
      return report(workspaceId, person, plan)
    },

    /** Where a run stands now (the console polls this until the state is no longer `running`). */
    async status(workspaceId: string, personRef: string, runId: string) {
      const person = await deps.graph.resolvePerson(workspaceId, personRef)
      const plan = await planOfRun(deps.db, workspaceId, runId)
      if (!plan || plan.personId !== person.id)
        throw traceErrors.error(
          'ON_DEMAND_RUN_NOT_FOUND',
          `No on-demand run '${runId}' for this person in this workspace.`,
        )
      const steps = await stepsOf(deps.db, workspaceId, plan.id)
      const held = steps
        .filter((s) => s.status === 'held')
        .map((s) => ({ operationId: s.id, reason: s.holdReason ?? 'needs approval' }))
      const headline = `${steps.length} step${steps.length === 1 ? '' : 's'}`
      return report(workspaceId, person, { id: plan.id, runId, headline, held })
    },
  }
}

async function appIdsOf(
  deps: Pick<OnDemandDeps, 'apps'>,
  workspaceId: string,
  refs: readonly string[],
): Promise<string[]> {
  const apps = await deps.apps.list(workspaceId)
  return [...new Set(refs.map((ref) => findApp(apps, ref).id))]
}

/** The trail: who ran whom on demand, which apps, applied or only planned (audit and event). */
async function record(
  deps: Pick<OnDemandDeps, 'transact' | 'audit' | 'events'>,
  workspaceId: string,
  personId: string,
  r: {
    runId: string
    planId: string
    apps: string[] | null
    dryRun: boolean
    trigger: string
    actor: Actor
  },
): Promise<void> {
  const type = r.dryRun ? 'person.on_demand_planned' : 'person.on_demand_started'
  const { actor, ...data } = r
  await deps.transact(async (trx) => {
    await deps.audit.record(trx, {
      workspaceId,
      actor,
      action: type,
      target: { type: 'person', id: personId },
      after: data,
    })
    await deps.events.append(trx, {
      workspaceId,
      sourceId: null,
      type,
      subject: { type: 'person', id: personId },
      data: { personId, ...data },
    })
  })
}
