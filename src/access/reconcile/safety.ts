import type { SafetyThresholds } from '../apps/index.js'

/** One app's removals in a plan, and what it looked like at the last reconcile. */
export type AppRemovals = {
  readonly appId: string
  readonly name: string
  /** Deactivations and deletions the plan holds for this app. */
  readonly removals: number
  /** Live active accounts the app has in the graph. */
  readonly accounts: number
  /** Active people its assignment selects now. */
  readonly entitled: number
  readonly assignment: unknown
  readonly thresholds: SafetyThresholds
  /** Live grants the app's accounts hold (issue 15). */
  readonly grants?: number
  /** Grant removals the plan holds: remove_grant operations and grants deactivations take. */
  readonly grantRemovals?: number
  /** The last full reconcile of this app, if any. */
  readonly previous?: { readonly entitled: number; readonly assignment: unknown }
}

export type SafetyInput = {
  readonly apps: readonly AppRemovals[]
  /** The workspace-wide thresholds (config `reconcile.safety`). */
  readonly workspace: SafetyThresholds
  /** What the sources of people say happened, in words ("Okta returned 0 people, …"). */
  readonly sourceNotes: readonly string[]
}

/** App id → why its removals are held; empty when the plan may go ahead. */
export type SafetyDecision = ReadonlyMap<string, string>

const percent = (share: number) => `${Math.round(share * 100)}%`

function overLimit(removals: number, total: number, t: SafetyThresholds): boolean {
  if (removals > t.maxCount) return true
  return removals > t.minCount && total > 0 && removals / total > t.maxShare
}

/**
 * The safety rule (DESIGN: "a source that suddenly returns no people must never wipe an app"):
 * a plan whose deactivations and deletions exceed a threshold, per app or across the
 * workspace, or that would remove accounts of an app whose assignment now selects nobody, is
 * held for approval, with the reason in words. Pure.
 */
export function checkSafety(input: SafetyInput): SafetyDecision {
  const held = new Map<string, string>()
  for (const app of input.apps) {
    const trigger = appTrigger(app)
    if (trigger) held.set(app.appId, [trigger, ...explain(app, input.sourceNotes)].join(' '))
  }
  const removals = input.apps.reduce((sum, a) => sum + a.removals, 0)
  const accounts = input.apps.reduce((sum, a) => sum + a.accounts, 0)
  if (removals > 0 && overLimit(removals, accounts, input.workspace)) {
    const share = accounts > 0 ? ` (${percent(removals / accounts)})` : ''
    const base = `The plan would deactivate or delete ${removals} of ${accounts} accounts across the workspace${share}; the workspace limit is ${input.workspace.maxCount} accounts or ${percent(input.workspace.maxShare)}.`
    for (const app of input.apps.filter((a) => a.removals > 0)) {
      const own = held.get(app.appId)
      held.set(
        app.appId,
        own ? `${own} ${base}` : [base, ...explain(app, input.sourceNotes)].join(' '),
      )
    }
  }
  return held
}

/**
 * The safety rule for grants (issue 15): a plan that would take away more of an app's grants
 * than its thresholds allow (the same maxShare / maxCount / minCount, against the grants its
 * accounts hold) is held. An IdP group that comes back empty makes a grant rule's filter
 * select nobody, and every grant it gave would be removed at once: this is what stops it. Pure.
 */
export function checkGrantSafety(apps: readonly AppRemovals[]): SafetyDecision {
  const held = new Map<string, string>()
  for (const app of apps) {
    const removals = app.grantRemovals ?? 0
    const grants = app.grants ?? 0
    if (removals === 0 || !overLimit(removals, grants, app.thresholds)) continue
    const share = grants > 0 ? ` (${percent(removals / grants)})` : ''
    held.set(
      app.appId,
      `${app.name}: ${removals} of ${grants} grants${share} would be removed; the limit is ${app.thresholds.maxCount} grants or ${percent(app.thresholds.maxShare)}. A grant rule whose filter suddenly selects nobody (an empty IdP group) looks like this.`,
    )
  }
  return held
}

function appTrigger(app: AppRemovals): string | undefined {
  if (app.removals === 0) return undefined
  const before = app.previous?.entitled ?? 0
  if (app.entitled === 0 && (before > 0 || app.accounts > 0)) {
    return `${app.name}: its assignment selects nobody now, so ${app.removals} account(s) would be deactivated or deleted.`
  }
  if (!overLimit(app.removals, app.accounts, app.thresholds)) return undefined
  const share = app.accounts > 0 ? ` (${percent(app.removals / app.accounts)})` : ''
  return `${app.name}: ${app.removals} of ${app.accounts} accounts${share} would be deactivated or deleted; the limit is ${app.thresholds.maxCount} accounts or ${percent(app.thresholds.maxShare)}.`
}

/** The likely causes, from what changed since the last reconcile and from the sources. */
function explain(app: AppRemovals, sourceNotes: readonly string[]): string[] {
  const notes: string[] = []
  const previous = app.previous
  if (previous && JSON.stringify(previous.assignment) !== JSON.stringify(app.assignment)) {
    notes.push(
      `The assignment rule changed since the last reconcile (was ${JSON.stringify(previous.assignment)}, now ${JSON.stringify(app.assignment)}).`,
    )
  }
  if (previous && previous.entitled > 0 && app.entitled < previous.entitled / 2) {
    notes.push(
      `The rule selects ${app.entitled} people now; the last reconcile selected ${previous.entitled}.`,
    )
  }
  return [...notes, ...sourceNotes]
}

/**
 * The mass-change rule counts tasks too (issue 19): a plan that would hand more than the
 * workspace's `maxCount` tasks for one app to people (an app without an API assigned to
 * everyone) is held, whatever the tasks ask for. Pure.
 */
export function taskFloodReason(
  app: { readonly name: string; readonly tasks: number },
  thresholds: SafetyThresholds,
): string | undefined {
  if (app.tasks <= thresholds.maxCount) return undefined
  return `${app.name}: the plan would create ${app.tasks} tasks for people to carry out by hand, more than the limit of ${thresholds.maxCount}; held so nobody's queue floods by mistake.`
}
