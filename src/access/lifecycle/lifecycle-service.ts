import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Db, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { ApplyService } from '../apply/index.js'
import type { GraphService } from '../graph/index.js'
import type { ReconcileService, RunOptions } from '../reconcile/index.js'
import type { Revocation } from '../windows/index.js'
import { lifecycleErrors } from './lifecycle-errors.js'
import { buildReport, type LifecycleAction, type LifecycleReport } from './lifecycle-report.js'
import { refuseIfOffboarded, rememberOffboarding, reverseOffboarding } from './offboarding-state.js'
import { personEmail } from './people-reads-store.js'

export type PersonLifecycleDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly audit: AuditLog
  readonly events: EventLog
  readonly graph: Pick<GraphService, 'resolvePerson'>
  readonly reconcile: Pick<ReconcileService, 'createPlan' | 'getPlan'>
  readonly apply: Pick<ApplyService, 'apply' | 'progress' | 'waitFor'>
  /** The hub's own sessions and tokens of a leaving person (src/access/windows). */
  readonly revokeAccessOf: (
    workspaceId: string,
    personEmail: string,
    actor?: Actor,
  ) => Promise<Revocation>
  /**
   * Why the departure gate holds this person's removals, if it does (src/access/safety): the hub's own
   * sessions stay until an admin approves the burst (a wrong tenant must not lock admins out).
   */
  readonly departureHeld?: (workspaceId: string, personId: string) => Promise<string | undefined>
}

export type LifecycleOptions = {
  readonly actor: Actor
  readonly trigger: RunOptions['trigger']
  /** Apply the plan now (its held steps wait for approval); otherwise a dry run. */
  readonly apply?: boolean
  /** Why (an offboarding is remembered with who, when and why: issue 19). */
  readonly reason?: string
}

export type PersonLifecycle = ReturnType<typeof createPersonLifecycle>

/**
 * A person's onboarding or offboarding in one action (DESIGN: `rollcall onboard|offboard`):
 * the plan across every app (reconcile, scoped to the person; offboarding plans as if they left
 * every app), applied through the durable jobs when asked, the hub's own sessions and tokens
 * revoked on offboarding, audited, and reported until every step is applied and every manual
 * task verified by an account import.
 * @example
 * const report = await lifecycle.offboard(workspaceId, 'bob@acme.com', { actor, trigger: 'cli', apply: true })
 * const later = await lifecycle.status(workspaceId, report.planId)
 */
export function createPersonLifecycle(deps: PersonLifecycleDeps) {
  async function run(
    action: LifecycleAction,
    workspaceId: string,
    ref: string,
    options: LifecycleOptions,
  ): Promise<LifecycleReport> {
    const found = await deps.graph.resolvePerson(workspaceId, ref)
    const person = { id: found.id, email: found.email }
    const label = found.email ?? found.userName
    if (action === 'onboard')
      await refuseIfOffboarded(deps.db, workspaceId, { id: found.id, label })
    const plan = await deps.reconcile.createPlan(
      workspaceId,
      { person: found.id, ...(action === 'offboard' ? { offboard: true } : {}) },
      { trigger: options.trigger, actor: options.actor },
    )
    const progress = options.apply
      ? await deps.apply.apply(workspaceId, plan.id, { actor: options.actor })
      : await deps.apply.progress(workspaceId, plan.id)
    if (options.apply && action === 'offboard')
      await rememberOffboarding(deps, {
        ...{ workspaceId, personId: found.id, planId: plan.id, actor: options.actor },
        reason: options.reason ?? `offboarded (${options.trigger})`,
      })
    const held = await deps.departureHeld?.(workspaceId, found.id)
    const revocation =
      options.apply && action === 'offboard' && held === undefined
        ? await deps.revokeAccessOf(workspaceId, label, options.actor)
        : undefined
    await record(deps, { workspaceId, action, person, planId: plan.id, options })
    return buildReport(deps, {
      ...{ workspaceId, action, person, plan, progress },
      ...(revocation ? { revocation } : {}),
    })
  }

  return {
    onboard: (workspaceId: string, ref: string, options: LifecycleOptions) =>
      run('onboard', workspaceId, ref, options),
    offboard: (workspaceId: string, ref: string, options: LifecycleOptions) =>
      run('offboard', workspaceId, ref, options),

    /** Reverses an admin's standing offboarding, with a reason; the next plan may restore access. */
    async reinstate(workspaceId: string, ref: string, r: { actor: Actor; reason: string }) {
      const found = await deps.graph.resolvePerson(workspaceId, ref)
      const person = { id: found.id, label: found.email ?? found.userName }
      return reverseOffboarding(deps, { workspaceId, person, ...r })
    },

    /** Where a person plan stands now: applied steps, held ones, open and verified tasks. */
    async status(workspaceId: string, planId: string): Promise<LifecycleReport> {
      const plan = await deps.reconcile.getPlan(workspaceId, planId).catch(() => undefined)
      const personId = plan?.scope.personId
      if (!plan || !personId)
        throw lifecycleErrors.error(
          'LIFECYCLE_PLAN_NOT_FOUND',
          `No onboarding or offboarding plan '${planId}' in this workspace.`,
        )
      const row = await personEmail(deps.db, workspaceId, personId)
      return buildReport(deps, {
        workspaceId,
        action: plan.scope.offboard ? 'offboard' : 'onboard',
        person: { id: personId, email: row?.primary_email ?? null },
        plan,
        progress: await deps.apply.progress(workspaceId, planId),
      })
    },

    /** Resolves when the apply is done (or blocked); the report then says what remains. */
    async waitFor(
      workspaceId: string,
      planId: string,
      options: { signal?: AbortSignal; pollMs?: number } = {},
    ): Promise<LifecycleReport> {
      await deps.apply.waitFor(workspaceId, planId, options)
      return this.status(workspaceId, planId)
    },
  }
}

/** The trail: who asked for what, for whom, and whether it was applied (audit and event). */
async function record(
  deps: Pick<PersonLifecycleDeps, 'transact' | 'audit' | 'events'>,
  r: {
    workspaceId: string
    action: LifecycleAction
    person: { id: string; email: string | null }
    planId: string
    options: LifecycleOptions
  },
): Promise<void> {
  const data = {
    planId: r.planId,
    personId: r.person.id,
    personEmail: r.person.email,
    applied: r.options.apply === true,
    trigger: r.options.trigger,
  }
  const type = r.options.apply ? `person.${r.action}_started` : `person.${r.action}_planned`
  await deps.transact(async (trx) => {
    await deps.audit.record(trx, {
      workspaceId: r.workspaceId,
      actor: r.options.actor,
      action: type,
      target: { type: 'person', id: r.person.id },
      after: data,
    })
    await deps.events.append(trx, {
      workspaceId: r.workspaceId,
      sourceId: null,
      type,
      subject: { type: 'person', id: r.person.id },
      data,
    })
  })
}
