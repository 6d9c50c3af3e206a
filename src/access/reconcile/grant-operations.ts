import { createHash } from 'node:crypto'
import type { AppRules } from './app-rules.js'
import { approvalReason } from './approval-policy.js'
import type { Subject } from './operations.js'
import type { FindingKind, GrantTarget, OperationDraft } from './types.js'

/**
 * A grant finding's subject: unique per app (findings' key is (app_id, subject_key)) and one per
 * (holder, entitlement): `grant:<accountId>:<entitlementId>`, or `grant:person:<personId>:…` for
 * a person without an account.
 */
export function grantSubjectKey(
  holder: { readonly accountId: string | null; readonly personId: string | null },
  entitlementId: string,
): string {
  const who = holder.accountId ?? `person:${holder.personId}`
  return `grant:${who}:${entitlementId}`
}

/**
 * The add_grant / remove_grant operation for one grant of an existing account, or undefined when
 * the app cannot change it (connector without `manage_grants`, or the catalog says grants of
 * that kind never change). The manual connector claims `manage_grants` and opens a task itself.
 *
 * `epoch` makes the intent a new one when the grant's history changed: for an add, when the
 * listing last showed the grant removed (`never` if it never held it), for a removal, since when
 * it holds it. The same grant in the same state gives the same key across plans, so apply never
 * adds or removes it twice.
 */
export function grantOperation(
  rules: AppRules,
  findingKind: FindingKind,
  subject: Subject,
  grant: { readonly target: GrantTarget; readonly add: boolean; readonly epoch: string },
): OperationDraft | undefined {
  if (!rules.grantsChange(grant.target) || subject.accountId === null) return undefined
  const kind = grant.add ? 'add_grant' : 'remove_grant'
  const payload = { kind, entitlement: grant.target } as const
  const approval = approvalReason(rules, kind, payload)
  const text = JSON.stringify([
    rules.app.id,
    subject.accountId,
    kind,
    grant.target.entitlementId,
    grant.epoch,
  ])
  return {
    appId: rules.app.id,
    kind,
    capability: 'manage_grants',
    findingKind,
    personId: subject.personId,
    personEmail: subject.email,
    accountId: subject.accountId,
    remoteId: subject.remoteId,
    payload,
    idempotencyKey: `rg-${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`,
    ...(approval ? { needsApproval: approval } : {}),
  }
}
