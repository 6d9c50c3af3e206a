import type { AppResponse } from './trace-types.js'

/**
 * The trace in words (pure): each entry says what happened with names, not ids. `{app}` stands
 * for the app's name, filled in once per page (trace-service.ts).
 */

type ActorLike = { readonly type?: unknown; readonly id?: unknown } | null | undefined

/** Who did it, as an admin reads it. */
export function actorWords(actor: ActorLike): string {
  switch (actor?.type) {
    case 'system':
      return 'Rollcall'
    case 'user':
      return 'an admin'
    case 'cli':
      return 'the CLI'
    case 'api_token':
      return 'an API token'
    case 'oauth_client':
      return 'an API client'
    case 'scim_directory':
      return 'the identity provider'
    default:
      return 'someone'
  }
}

const PERSON_EVENTS: Readonly<Record<string, string>> = {
  'person.created': 'A source added the person',
  'person.updated': 'A source changed the person’s attributes',
  'person.deactivated': 'A source deactivated the person',
  'person.reactivated': 'A source reactivated the person',
  'person.gone': 'The person left every source',
  'person.reinstated': 'An admin reversed the person’s offboarding',
  'person.offboard_planned': 'Offboarding planned (a dry run, nothing changed)',
  'person.offboard_started': 'Offboarding started in every app',
  'person.onboard_planned': 'Onboarding planned (a dry run, nothing changed)',
  'person.onboard_started': 'Onboarding started in every app',
  'person.on_demand_planned': 'On-demand run planned (a dry run, nothing changed)',
  'person.on_demand_started': 'On-demand run started',
}

/** A person event: a source's change, or a lifecycle action taken on the person. */
export function personEventWords(type: string, data: Record<string, unknown>): string {
  const base = PERSON_EVENTS[type] ?? `Person event ${type}`
  const source = typeof data.sourceKind === 'string' ? ` (${data.sourceKind})` : ''
  const reason = typeof data.reason === 'string' ? `: ${data.reason}` : ''
  const trigger = typeof data.trigger === 'string' ? ` (${data.trigger})` : ''
  if (type.includes('_')) return `${base}${trigger}${reason}`
  return `${base}${source}${reason}`
}

/** Whether a person event is a source's record (sync) or a lifecycle step (departure). */
export function personEventKind(type: string): 'sync' | 'departure' {
  return /^person\.(created|updated|deactivated|reactivated|gone)$/.test(type)
    ? 'sync'
    : 'departure'
}

const ACCOUNT_CHANGES: Readonly<Record<string, string>> = {
  created: 'A refresh of {app} listed a new account',
  updated: 'A refresh of {app} showed the account changed',
  removed: 'A refresh of {app} no longer lists the account',
  restored: 'A refresh of {app} lists the account again',
  linked: 'Linked the {app} account to the person',
  unlinked: 'Unlinked the {app} account from the person',
  ambiguous: 'Could not decide whose the {app} account is (several people match)',
  orphaned: 'The {app} account matches nobody now (orphan)',
}

/** Account changes that are a link decision rather than what a refresh saw. */
export function isLinkChange(change: string): boolean {
  return ['linked', 'unlinked', 'ambiguous', 'orphaned'].includes(change)
}

/** An account event: a refresh's observation or a link decision, with the rule that linked it. */
export function accountEventWords(change: string, data: Record<string, unknown>): string {
  const base = ACCOUNT_CHANGES[change] ?? `{app} account ${change}`
  const name = accountName(data)
  const rule = ruleWords(data)
  const state = activeWords(data)
  return `${base}${name ? ` ${name}` : ''}${change === 'linked' ? rule : ''}${state}`
}

/** " by email" (the correlation rule that linked it) or " by hand". */
function ruleWords(data: Record<string, unknown>): string {
  if (data.by === 'hand') return ' by hand'
  const after = (data.after ?? {}) as Record<string, unknown>
  const rule = data.rule ?? after.rule
  return typeof rule === 'string' ? ` by ${rule}` : ''
}

function accountName(data: Record<string, unknown>): string {
  const after = (data.after ?? {}) as Record<string, unknown>
  const userName = after.userName ?? data.userName
  return typeof userName === 'string' ? `(${userName})` : ''
}

function activeWords(data: Record<string, unknown>): string {
  const after = data.after as Record<string, unknown> | undefined
  if (after?.active === false) return ': inactive'
  if (after?.active === true && (data.before as Record<string, unknown>)?.active === false)
    return ': active again'
  return ''
}

const FINDING_KINDS: Readonly<Record<string, string>> = {
  missing: 'should have an account but has none',
  drifted: 'account differs from what the mappings say',
  residual: 'has left but the account is still active',
  orphan: 'account matches nobody',
  ambiguous: 'account matches several people',
  missing_grant: 'lacks an entitlement a rule grants',
  excess_grant: 'holds an entitlement no rule grants',
  privileged_grant: 'holds a privileged entitlement no rule grants',
  residual_grant: 'an entitlement stays with an account that should go',
}

/** A finding opened or resolved by a reconcile run. */
export function findingWords(opened: boolean, kind: string): string {
  const what = FINDING_KINDS[kind] ?? kind
  return `${opened ? 'Finding in {app}' : 'Resolved in {app}'}: ${what} (${kind})`
}

const VERBS: Readonly<Record<string, string>> = {
  create: 'create the account',
  update: 'update the account',
  deactivate: 'deactivate the account',
  reactivate: 'reactivate the account',
  delete: 'delete the account',
  task: 'open a task',
  add_grant: 'add an entitlement',
  remove_grant: 'remove an entitlement',
}

/** "deactivate the account" / "remove role Admin" for an operation. */
export function operationVerb(kind: string, payload: Record<string, unknown> = {}): string {
  const target = payload.entitlement as { kind?: string; displayName?: string } | undefined
  if ((kind === 'add_grant' || kind === 'remove_grant') && target?.displayName)
    return `${kind === 'add_grant' ? 'add' : 'remove'} ${target.kind ?? 'entitlement'} ${target.displayName}`
  if (kind === 'task' && typeof payload.action === 'string')
    return `open a task (${payload.action.replaceAll('_', ' ')})`
  return VERBS[kind] ?? kind
}

/** The plan step: planned, or held for approval with the reason. */
export function plannedWords(verb: string, status: string, holdReason: string | null): string {
  if (status === 'held' || holdReason)
    return `Planned to ${verb} in {app}; held for approval: ${holdReason ?? 'needs approval'}`
  return `Planned to ${verb} in {app}`
}

/** An approver's decision (or expiry) on a held step. */
export function decidedWords(
  verb: string,
  status: string,
  actor: ActorLike,
  reason: string | null,
): string {
  const why = reason ? `: ${reason}` : ''
  if (status === 'expired') return `Nobody approved the step to ${verb} in {app} in time (expired)`
  if (status === 'rejected')
    return `${capital(actorWords(actor))} rejected the step to ${verb} in {app}${why}`
  return `${capital(actorWords(actor))} approved the step to ${verb} in {app}${why}`
}

/** What apply did and what the app answered, with the number of attempts. */
export function settledWords(
  verb: string,
  status: string,
  response: AppResponse,
  attempts: number,
): string {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : ''
  if (status === 'skipped') return `Skipped the step to ${verb} in {app} (nothing left to do)`
  if (status === 'failed') {
    const code = response.status ? `HTTP ${response.status}` : (response.class ?? 'an error')
    return `Failed to ${verb} in {app}${tries}: the app answered ${code}${response.message ? ` (${response.message})` : ''}`
  }
  const marker = response.marker ? ` (${MARKERS[response.marker] ?? response.marker})` : ''
  return `Applied: ${verb} in {app}${tries}; the app accepted it${marker}`
}

const MARKERS: Readonly<Record<string, string>> = {
  already_exists: 'the account already existed: adopted',
  already_gone: 'the account was already gone',
  no_change: 'nothing to change',
  task_opened: 'a task was opened',
}

/** A job that ran out of attempts (the dead letter's reason). */
export function deadLetterWords(reason: string, attempts: number): string {
  return `The job for {app} gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}`
}

/** The refresh after apply that showed the step's result in the app. */
export function verifiedWords(verb: string, how: 'refresh' | 'task'): string {
  return how === 'task'
    ? `Verified in {app}: an account import showed the task done (${verb})`
    : `Verified in {app}: the refresh after apply showed the change (${verb})`
}

/** A task's steps: opened for an assignee, done, verified. */
export function taskWords(
  step: 'opened' | 'done' | 'verified',
  task: { action: string; assignee: string; by?: string | null },
): string {
  const action = task.action.replaceAll('_', ' ')
  if (step === 'opened') return `Task opened in {app} for ${task.assignee}: ${action}`
  if (step === 'done') return `Task done in {app} (${action})${task.by ? ` by ${task.by}` : ''}`
  return `Task verified in {app} (${action})${task.by ? ` by ${task.by}` : ''}`
}

/** An admin's standing offboarding: who and why, and when it ended. */
export function offboardingWords(ended: boolean, actor: ActorLike, reason: string | null): string {
  return ended
    ? `The standing offboarding ended${reason ? `: ${reason}` : ''}`
    : `${capital(actorWords(actor))} offboarded the person${reason ? `: ${reason}` : ''}`
}

/** How long a leaver kept an account: the residual-access window, closed. */
export function windowWords(seconds: number, evidence: string): string {
  return `Access in {app} ended ${durationWords(seconds)} after the person left (${evidence})`
}

/** "42 s", "3 min", "5 h", "2 d". */
export function durationWords(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`
  return `${Math.round(seconds / 86_400)} d`
}

/** The app's answer out of an operation's stored result and error (connector error JSON). */
export function responseOf(result: unknown, error: unknown, status: string): AppResponse {
  const e = (error ?? {}) as Record<string, unknown>
  const r = (result ?? {}) as Record<string, unknown>
  return {
    ok: status !== 'failed',
    status: typeof e.status === 'number' ? e.status : null,
    class: typeof e.class === 'string' ? e.class : null,
    code: typeof e.code === 'string' ? e.code : null,
    message: typeof e.message === 'string' ? e.message : null,
    marker: typeof r.marker === 'string' ? r.marker : null,
  }
}

/** Puts the app's name where the words say `{app}`. */
export function withApp(words: string, appName: string | null): string {
  return words.replaceAll('{app}', appName ?? 'the app')
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
