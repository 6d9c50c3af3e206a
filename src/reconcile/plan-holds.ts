import type { SafetyThresholds } from '../apps/index.js'
import type { Db, Transact } from '../store/index.js'
import type { AppRules } from './app-rules.js'
import { planStore } from './plan-store.js'
import { runsStore, sourceNotes } from './runs-store.js'
import { checkSafety } from './safety.js'
import type { AppRunSummary } from './types.js'

/** Operations per transaction when a plan's holds and expiry dates are written. */
const HOLD_BATCH = 5_000

/** What holding needs of reconcile's dependencies. */
export type HoldDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly settings: { readonly safety: SafetyThresholds }
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
  const held = plan.personId === undefined ? await safetyHolds(deps, plan) : new Map()
  const last = await lastPosition(deps.db, plan.planId)
  for (let from = 0; from <= last; from += HOLD_BATCH) {
    const range = { from, to: from + HOLD_BATCH }
    await deps.transact(async (trx) => {
      const store = planStore(trx)
      for (const [appId, reason] of held)
        await store.holdRemovals(trx, plan.planId, appId, reason, range)
      await store.dateExpiry(trx, plan.planId, plan.expiresAt, range)
    })
  }
}

async function safetyHolds(
  deps: HoldDeps,
  plan: HoldContext,
): Promise<ReadonlyMap<string, string>> {
  const previous = await runsStore(deps.db).previous(
    plan.workspaceId,
    plan.summaries.map((s) => s.appId),
  )
  return checkSafety({
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
    workspace: deps.settings.safety,
    sourceNotes: await sourceNotes(deps.db, plan.workspaceId),
  })
}

async function lastPosition(db: Db, planId: string): Promise<number> {
  const row = await db
    .selectFrom('plan_operations')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('plan_id', '=', planId)
    .executeTakeFirst()
  return Number(row?.last ?? -1)
}
