import type { App, Operation, PlanSummary } from '../../api/types.js'
import type { Tone } from '../../components/badge.js'
import { humanize } from '../../components/format.js'
import { appName } from '../shared/app-names.js'

const STATUS_TONES: Readonly<Record<string, Tone>> = {
  held: 'warn',
  ready: 'good',
  applying: 'neutral',
  partly_applied: 'warn',
  running: 'neutral',
  skipped: 'neutral',
  planned: 'neutral',
  approved: 'good',
  rejected: 'bad',
  applied: 'good',
  failed: 'bad',
  expired: 'bad',
}

export const statusTone = (status: string): Tone => STATUS_TONES[status] ?? 'neutral'

/** `partly_applied` → "partly applied". */
export const statusWords = (status: string): string => status.replaceAll('_', ' ')

/** "Deactivate carol@acme.test in Sana": what an operation does, as one sentence. */
export function describeOperation(op: Operation, apps: ReadonlyMap<string, App>): string {
  const who = op.personEmail ?? op.accountId ?? 'an account'
  const what =
    op.kind === 'task'
      ? `Task: ${humanize(String(op.payload.action ?? 'task'))}`
      : humanize(op.kind)
  return `${what} ${who} in ${appName(apps, op.appId)}`
}

/** "31 create, 12 deactivate, 32 task": a plan's operations by kind, without the zeros. */
export function describeCounts(plan: PlanSummary): string {
  const kinds = ['create', 'update', 'deactivate', 'reactivate', 'delete', 'task']
  const parts = kinds.filter((k) => (plan.counts[k] ?? 0) > 0).map((k) => `${plan.counts[k]} ${k}`)
  return parts.length > 0 ? parts.join(', ') : 'nothing to do'
}

/** What a plan covers: the workspace, some apps, or one person (leaving, for offboarding). */
export function describeScope(plan: PlanSummary, apps: ReadonlyMap<string, App>): string {
  const { scope } = plan
  const parts = [
    scope.appIds ? scope.appIds.map((id) => appName(apps, id)).join(', ') : 'every app',
    scope.personId ? (scope.offboard ? 'one person, leaving' : 'one person') : 'everyone',
  ]
  return parts.join(' · ')
}
