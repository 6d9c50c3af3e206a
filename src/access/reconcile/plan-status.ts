import { OPERATION_KINDS } from '../apps/index.js'
/**
 * A plan's status follows its operations, so it never says `held` or "a dry run" once things
 * changed (issue 19): `ready` (nothing applied yet, nothing waits), `held` (nothing applied yet,
 * some operations wait for approval), `applying` (jobs are carrying operations out), then
 * `applied` (everything it will do is done), `partly_applied` (some applied, some still held,
 * not yet applied or failed) or `failed` (nothing applied, some failed).
 */
export type PlanStatus = 'ready' | 'held' | 'applying' | 'partly_applied' | 'applied' | 'failed'

export const PLAN_STATUSES: readonly PlanStatus[] = [
  'ready',
  'held',
  'applying',
  'partly_applied',
  'applied',
  'failed',
]

type Counts = Readonly<Record<string, number>>

const n = (counts: Counts, key: string) => counts[key] ?? 0

/** Operations an earlier plan already carried out count as done. */
const doneOf = (counts: Counts) => n(counts, 'applied') + n(counts, 'skipped')
/** Operations that could still be applied (held ones once approved). */
const leftOf = (counts: Counts) => n(counts, 'planned') + n(counts, 'approved') + n(counts, 'held')

export function planStatusOf(counts: Counts): PlanStatus {
  if (n(counts, 'running') > 0) return 'applying'
  const done = doneOf(counts)
  const failed = n(counts, 'failed')
  if (done === 0 && failed === 0) return n(counts, 'held') > 0 ? 'held' : 'ready'
  if (done === 0) return 'failed'
  return leftOf(counts) > 0 || failed > 0 ? 'partly_applied' : 'applied'
}

/**
 * The plan in words, from its counts: "72 of 77 applied; 5 held for approval".
 * `counts` are the plan's counts by kind and status (`PlanSummary.counts`).
 */
export function planHeadline(counts: Counts): string {
  const status = planStatusOf(counts)
  const total = OPERATION_KINDS.reduce((sum, kind) => sum + n(counts, kind), 0)
  if (total === 0) return 'Nothing to change: every app already matches.'
  const done = doneOf(counts)
  const rest = tails(counts)
  if (status === 'ready')
    return `A dry run: nothing applied yet; ${total} ${ops(total)} ready to apply${rest}.`
  if (status === 'held') return `Nothing applied yet: ${total} ${ops(total)}${rest}.`
  if (status === 'applying')
    return `Applying: ${done} of ${total} applied so far, ${n(counts, 'running')} in progress${rest}.`
  if (status === 'applied' && done === total) return `All ${total} ${ops(total)} applied.`
  return `${done} of ${total} applied${rest}.`
}

const ops = (count: number) => (count === 1 ? 'operation' : 'operations')

/** "; 5 held for approval; 2 failed": what is left, and what was decided against. */
function tails(counts: Counts): string {
  const parts: Array<[string, string]> = [
    ['held', 'held for approval'],
    ['approved', 'approved, not applied yet'],
    ['failed', 'failed'],
    ['rejected', 'rejected'],
    ['expired', 'expired undecided'],
  ]
  const notYet = n(counts, 'planned')
  const said = parts
    .filter(([key]) => n(counts, key) > 0)
    .map(([key, words]) => `${n(counts, key)} ${words}`)
  const planned = doneOf(counts) + n(counts, 'failed') > 0 && notYet > 0
  return [...(planned ? [`${notYet} not applied yet`] : []), ...said]
    .map((part) => `; ${part}`)
    .join('')
}
