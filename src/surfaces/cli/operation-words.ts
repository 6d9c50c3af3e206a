import type { Operation } from '../../access/reconcile/index.js'

type Payload = Operation['payload']
/** The entitlement a grant operation names (reconcile's `GrantTarget`). */
type GrantTarget = Extract<Payload, { kind: 'add_grant' | 'remove_grant' }>['entitlement']

/**
 * One operation as a plan line: "add_grant  alice@acme.test to role Editors in Stensul —
 * automated; planned", or "create  bob@acme.test in Stensul, with role Editors — …".
 */
export function operationLine(op: Operation, apps: ReadonlyMap<string, string>): string {
  const how =
    op.kind === 'task'
      ? `manual: a task (${op.payload.kind === 'task' ? op.payload.action : ''})`
      : 'automated'
  const who = op.personEmail ?? op.accountId ?? ''
  const flag = op.status === 'held' ? 'needs approval' : op.status
  const app = apps.get(op.appId) ?? op.appId
  return `${op.kind.padEnd(10)} ${who}${targetWords(op.payload)} in ${app}${bundleWords(op.payload)} — ${how}; ${flag}`
}

/** "role Admin (privileged)": an entitlement by kind and name, privileged ones marked. */
export function grantTargetWords(target: GrantTarget): string {
  return `${target.kind} ${target.displayName}${target.privileged ? ' (privileged)' : ''}`
}

/** " to role Editors" / " from group sales" for a grant operation; empty for the others. */
function targetWords(payload: Payload): string {
  if (payload.kind === 'add_grant') return ` to ${grantTargetWords(payload.entitlement)}`
  if (payload.kind === 'remove_grant') return ` from ${grantTargetWords(payload.entitlement)}`
  return ''
}

/** ", with role Editors" / ", removing role Admin first": the grants an account step carries. */
function bundleWords(payload: Payload): string {
  const grants = bundledGrants(payload)
  if (grants.length === 0) return ''
  const names = grants.map(grantTargetWords).join(', ')
  const removing =
    payload.kind === 'deactivate' ||
    payload.kind === 'delete' ||
    (payload.kind === 'task' && /deactivate|delete/.test(payload.action))
  return removing ? `, removing ${names} first` : `, with ${names}`
}

/** The grants a create, reactivation, deactivation, deletion or task carries. */
export function bundledGrants(payload: Payload): readonly GrantTarget[] {
  return 'grants' in payload ? (payload.grants ?? []) : []
}
