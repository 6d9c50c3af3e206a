import {
  type CanManageGrants,
  type Connector,
  type ConnectorError,
  canManageGrants,
  type GrantChange,
} from '../../integrations/connectors/index.js'
import { ok, type Result } from '../../shared/result.js'
import type { Operation, OperationPayload } from '../reconcile/index.js'

/** The entitlement a grant step names (reconcile's `GrantTarget`, not in its index). */
export type GrantTarget = Extract<
  OperationPayload,
  { kind: 'add_grant' | 'remove_grant' }
>['entitlement']

/**
 * What adding or removing one grant did: our entitlement's id, and `already_exists` /
 * `already_gone` when the app held it already (or no longer), `task_opened` with the task's id
 * when a person does it by hand (manual apps: the next import verifies it).
 */
export type GrantApplied = {
  readonly entitlementId: string
  readonly marker?: 'already_exists' | 'already_gone' | 'task_opened'
  readonly taskId?: string
}

export type GrantDirection = 'add' | 'remove'

type Mutation = { readonly idempotencyKey: string; readonly signal?: AbortSignal }
type GrantConnector = Connector & CanManageGrants

/** The connector's grant powers when the operation changes grants at all; `false` if it can't. */
export function grantPowers(
  connector: Connector,
  grants: readonly GrantTarget[] | undefined,
): GrantConnector | undefined | false {
  if (!grants || grants.length === 0) return undefined
  return canManageGrants(connector) ? connector : false
}

/**
 * Adds or removes one grant of the account `accountId` (the app's id), with the words a person
 * needs if the app has no API (the manual connector's task names the person and the role).
 */
export async function changeGrant(
  connector: GrantConnector,
  op: Operation,
  step: { readonly direction: GrantDirection; readonly target: GrantTarget },
  accountId: string,
  opts: Mutation,
): Promise<Result<GrantApplied, ConnectorError>> {
  const change: GrantChange = {
    entitlementId: step.target.remoteId,
    accountId,
    context: {
      ...(op.personEmail ? { person: personOf(op) } : {}),
      entitlement: { displayName: step.target.displayName, kind: step.target.kind },
    },
  }
  const receipt =
    step.direction === 'add'
      ? await connector.addGrant(change, opts)
      : await connector.removeGrant(change, opts)
  if (!receipt.ok) return receipt
  const entitlementId = step.target.entitlementId
  if (receipt.value.task) {
    return ok({ entitlementId, marker: 'task_opened', taskId: receipt.value.task.taskId })
  }
  const marker = receipt.value.marker
  return ok(marker ? { entitlementId, marker } : { entitlementId })
}

/**
 * The grants an account operation carries, one after another, each under its own key derived
 * from the operation's (`<key>:grant:<entitlement>`), so a job retried after a crash or a fault
 * repeats exactly the calls whose answers were lost and the app sees each grant once. The first
 * failure stops the walk and fails the job with the grant's own class: a retryable one runs the
 * whole operation again, whose earlier steps now answer `already_exists` / `already_gone`.
 */
export async function changeGrants(
  connector: GrantConnector,
  op: Operation,
  direction: GrantDirection,
  accountId: string,
  opts: Mutation,
): Promise<Result<GrantApplied[], ConnectorError>> {
  const done: GrantApplied[] = []
  for (const target of bundledGrants(op)) {
    const key = `${opts.idempotencyKey}:grant:${target.entitlementId}`
    const changed = await changeGrant(connector, op, { direction, target }, accountId, {
      ...opts,
      idempotencyKey: key,
    })
    if (!changed.ok) return changed
    done.push(changed.value)
  }
  return ok(done)
}

/** The grants a create, reactivation, deactivation or deletion carries (none for the others). */
export function bundledGrants(op: Operation): readonly GrantTarget[] {
  const payload = op.payload
  switch (payload.kind) {
    case 'create':
    case 'reactivate':
    case 'deactivate':
    case 'delete':
      return payload.grants ?? []
    default:
      return []
  }
}

/** The person, by email, and by name when the operation knows it (a create's display name). */
function personOf(op: Operation): { email: string; displayName?: string } {
  const email = op.personEmail ?? ''
  const displayName = op.payload.kind === 'create' ? op.payload.account.displayName : undefined
  return displayName ? { email, displayName } : { email }
}
