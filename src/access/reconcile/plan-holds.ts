import type { Db, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { SafetyThresholds } from '../apps/index.js'
import type { AppRules } from './app-rules.js'
import { applyRememberedRejections, holdPeopleRemovals, holdTasks } from './decision-holds.js'
import {
  GRANT_REMOVALS,
  holdAppsOperations,
  lastPosition,
  REMOVALS,
  tasksPerApp,
} from './holds-store.js'
import { planStore } from './plan-store.js'
import { runsStore, sourceNotes } from './runs-store.js'
import { type AppRemovals, checkGrantSafety, checkSafety, taskFloodReason } from './safety.js'
import type { AppRunSummary } from './types.js'

/** Operations per transaction when a plan's holds and expiry dates are written. */
const HOLD_BATCH = 5_000

/** What holding needs of reconcile's dependencies. */
export type HoldDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly clock: Clock
  readonly settings: { readonly safety: SafetyThresholds }
  /**
   * The departure gate (src/access/safety, issue 13): who among these people (everyone when omitted)
   * left in a burst that waits for an admin, and why. Their removals are held, in every plan.
   */
  readonly departureHolds?: (
    workspaceId: string,
    personIds?: readonly string[],
  ) => Promise<ReadonlyMap<string, string>>
}

export type HoldContext = {
  readonly workspaceId: string
  readonly planId: string
  readonly personId?: string
  readonly summaries: readonly AppRunSummary[]
  readonly rules: readonly AppRules[]
  readonly expiresAt: string
}

/**
 * Holds what the safety rule stops and dates every held operation's expiry, while the plan is
 * still `building` (nobody can see or apply it). Written in batches of positions, each its own
 * transaction: one transaction over 270k rows made SQLite keep the savepoint's undo pages in
 * memory (2.4 GB at 1M people × 10 apps, bench/reconcile), where batches stay flat.
 * Not for one person's plan: thresholds and "the rule selects nobody" speak of whole apps.
 */
export async function holdPlan(deps: HoldDeps, plan: HoldContext): Promise<void> {
  const whole = plan.personId === undefined
  const apps = whole ? await safetyInput(deps, plan) : undefined
  const held = apps ? checkSafety({ ...apps, workspace: deps.settings.safety }) : new Map()
  const grantsHeld = apps ? checkGrantSafety(apps.apps) : new Map<string, string>()
  const departed = deps.departureHolds
    ? await deps.departureHolds(plan.workspaceId, plan.personId ? [plan.personId] : undefined)
    : new Map<string, string>()
  const floods = plan.personId === undefined ? await taskFloods(deps, plan) : new Map()
  const now = deps.clock.now().toISOString()
  const last = await lastPosition(deps.db, plan.planId)
  for (let from = 0; from <= last; from += HOLD_BATCH) {
    const range = { from, to: from + HOLD_BATCH }
    await deps.transact(async (trx) => {
      const store = planStore(trx)
      await holdAppsOperations(trx, { planId: plan.planId, range }, held, REMOVALS)
      await holdAppsOperations(trx, { planId: plan.planId, range }, grantsHeld, GRANT_REMOVALS)
      await holdPeopleRemovals(trx, plan.planId, departed, range)
      await holdTasks(trx, plan.planId, floods, range)
      // Last: an earlier rejection answers an operation whatever holds it now (issue 19).
      await applyRememberedRejections(trx, { ...plan, now }, range)
      await store.dateExpiry(trx, plan.planId, plan.expiresAt, range)
    })
  }
}

/** Each app's removals beside its last full reconcile, for the safety rules. */
async function safetyInput(
  deps: HoldDeps,
  plan: HoldContext,
): Promise<{ apps: AppRemovals[]; sourceNotes: string[] }> {
  const previous = await runsStore(deps.db).previous(
    plan.workspaceId,
    plan.summaries.map((s) => s.appId),
  )
  return {
    apps: plan.summaries.map((s) => {
      const before = previous.get(s.appId)
      const thresholds =
        plan.rules.find((r) => r.app.id === s.appId)?.policy.safety ?? deps.settings.safety
      return {
        ...s,
        thresholds,
        ...(before
          ? { previous: { entitled: before.entitled, assignment: before.assignment } }
          : {}),
      }
    }),
    sourceNotes: await sourceNotes(deps.db, plan.workspaceId),
  }
}

async function taskFloods(deps: HoldDeps, plan: HoldContext): Promise<Map<string, string>> {
  const floods = new Map<string, string>()
  for (const [appId, tasks] of await tasksPerApp(deps.db, plan.planId)) {
    const name = plan.summaries.find((s) => s.appId === appId)?.name ?? appId
    const reason = taskFloodReason({ name, tasks }, deps.settings.safety)
    if (reason) floods.set(appId, reason)
  }
  return floods
}
