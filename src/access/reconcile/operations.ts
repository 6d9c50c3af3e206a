import { createHash } from 'node:crypto'
import { manualInstructions, type NewAccount } from '../../integrations/connectors/index.js'
import { type AppRules, carryOut, type Intent } from './app-rules.js'
import { approvalReason } from './approval-policy.js'
import type { FindingKind, GrantTarget, OperationDraft, OperationPayload } from './types.js'

/** Who an operation is for, and which account it touches. */
export type Subject = {
  readonly personId: string | null
  readonly email: string | null
  readonly displayName: string | null
  readonly accountId: string | null
  readonly remoteId: string | null
  /** What makes the intent a new one: the account's fingerprint, or the person's version. */
  readonly version: string
}

/**
 * `grants`: what a new account gets right after it exists, or what a leaving account loses
 * first (issue 15); one step with the account, approved and retried together.
 */
type Detail =
  | {
      readonly intent: 'create'
      readonly account: NewAccount
      readonly grants?: readonly GrantTarget[]
    }
  | { readonly intent: 'update' | 'reactivate'; readonly payload: OperationPayload }
  | { readonly intent: 'deactivate' | 'delete'; readonly grants?: readonly GrantTarget[] }

const withGrants = (grants: readonly GrantTarget[] | undefined) =>
  grants && grants.length > 0 ? { grants } : {}

function grantsOf(detail: Detail): readonly GrantTarget[] | undefined {
  if ('grants' in detail) return detail.grants
  if ('payload' in detail && detail.payload.kind === 'reactivate') return detail.payload.grants
  return undefined
}

/**
 * The operation for an intent on one subject, or undefined when the app cannot carry it out.
 * Apps without an API get a task for their owner, with the catalog's instructions.
 */
export function operationFor(
  rules: AppRules,
  findingKind: FindingKind,
  subject: Subject,
  detail: Detail,
): OperationDraft | undefined {
  const way = carryOut(detail.intent, rules.capabilities)
  if (!way) return undefined
  const payload = way.action
    ? taskPayload(rules, subject, way.action, detail)
    : directPayload(detail)
  const approval = approvalReason(rules, way.kind, payload)
  return {
    appId: rules.app.id,
    kind: way.kind,
    capability: way.capability,
    findingKind,
    personId: subject.personId,
    personEmail: subject.email,
    accountId: subject.accountId,
    remoteId: subject.remoteId,
    payload,
    idempotencyKey: keyOf(rules.app.id, subject, detail.intent, payload),
    ...(approval ? { needsApproval: approval } : {}),
  }
}

function directPayload(detail: Detail): OperationPayload {
  if (detail.intent === 'create')
    return { kind: 'create', account: detail.account, ...withGrants(detail.grants) }
  if ('payload' in detail) return detail.payload
  return { kind: detail.intent, ...withGrants(detail.grants) }
}

function taskPayload(
  rules: AppRules,
  subject: Subject,
  action: NonNullable<ReturnType<typeof carryOut>>['action'] & string,
  detail: Detail,
): OperationPayload {
  const person = {
    email: subject.email ?? '',
    ...(subject.displayName ? { displayName: subject.displayName } : {}),
  }
  const instructions = rules.entry
    ? manualInstructions(rules.entry, action, person)
    : `${action.replace('_', ' ')} for ${person.email} in ${rules.app.name}.`
  return {
    kind: 'task',
    action,
    appName: rules.app.name,
    person,
    instructions,
    ...(detail.intent === 'create' ? { account: detail.account } : {}),
    ...withGrants(grantsOf(detail)),
  }
}

function keyOf(appId: string, subject: Subject, intent: Intent, payload: OperationPayload): string {
  const identity = subject.accountId ?? `person:${subject.personId}`
  const text = JSON.stringify([appId, identity, intent, subject.version, payload])
  return `rc-${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`
}
