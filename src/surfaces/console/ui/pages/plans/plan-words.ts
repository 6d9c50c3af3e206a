import type { App, Operation, PlanSummary } from '../../api/types.js'
import type { Tone } from '../../components/badge.js'
import { appName } from '../shared/app-names.js'
import { operationSentence } from './operation-words.js'

export { describeCounts, grantName, operationWords } from './operation-words.js'

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

/** "Add alice@acme.test to role Editors in Stensul": what an operation does, as one sentence. */
export function describeOperation(op: Operation, apps: ReadonlyMap<string, App>): string {
  return operationSentence(op, appName(apps, op.appId))
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
