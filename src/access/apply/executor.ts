import {
  type AccountChanges,
  CONNECTOR_ERROR_CODES,
  type Connector,
  ConnectorError,
  canCreateAccount,
  canDeactivateAccount,
  canDeleteAccount,
  canManageGrants,
  canReactivateAccount,
  canUpdateAccount,
  createsTasks,
  type MutationMarker,
  type NewAccount,
} from '../../integrations/connectors/index.js'
import { err, ok, type Result } from '../../shared/result.js'
import type { Operation, OperationPayload } from '../reconcile/index.js'
import {
  bundledGrants,
  changeGrant,
  changeGrants,
  type GrantApplied,
  type GrantDirection,
  grantPowers,
} from './grant-steps.js'

/**
 * What applying one operation did: the app's id for the account, or the task opened. A grant
 * operation names its entitlement; an account operation that carried grants lists what each did.
 */
export type Applied = {
  readonly marker?: MutationMarker | 'task_opened'
  readonly remoteId?: string
  readonly taskId?: string
  readonly entitlementId?: string
  readonly grants?: readonly GrantApplied[]
}

type R = Promise<Result<Applied, ConnectorError>>
type Options = { readonly signal?: AbortSignal }

/** Finds the connector of an operation's app (the apps service, through the registry). */
export type ConnectorLookup = (appId: string) => Promise<Result<Connector, ConnectorError>>

/**
 * Carries one plan operation out through its app's connector (or opens its task), idempotently
 * with `operation.idempotencyKey`. Apply's own port: reconcile only plans, it never changes an
 * app.
 */
export type OperationExecutor = {
  apply(operation: Operation, options: Options): R
}

/**
 * The executor over the connectors: the operation's idempotency key on every mutation. A create
 * goes through the connector's `createAccount`, which looks the account up by
 * userName/externalId first and adopts it (`already_exists`) instead of creating it twice, so a
 * job repeated after a crash converges. Tasks (apps without an API) open once per key through
 * the tasks domain's sink.
 */
export function createOperationExecutor(connectorOf: ConnectorLookup): OperationExecutor {
  return {
    async apply(operation, options) {
      const connector = await connectorOf(operation.appId)
      if (!connector.ok) return connector
      return dispatch(connector.value, operation, {
        idempotencyKey: operation.idempotencyKey,
        ...(options.signal ? { signal: options.signal } : {}),
      })
    },
  }
}

type Mutation = { readonly idempotencyKey: string; readonly signal?: AbortSignal }

async function dispatch(connector: Connector, op: Operation, opts: Mutation): R {
  const payload = op.payload
  switch (payload.kind) {
    case 'create':
      return create(connector, op, payload.account, opts)
    case 'update':
      if (!canUpdateAccount(connector) || !op.remoteId) return unable(op)
      return account(await connector.updateAccount(op.remoteId, payload.changes, opts))
    case 'reactivate':
      return reactivate(connector, op, payload.changes, opts)
    case 'deactivate':
    case 'delete':
      return remove(connector, op, opts)
    case 'task':
      return openTask(connector, op, payload, opts)
    case 'add_grant':
    case 'remove_grant':
      return grant(connector, op, payload.kind === 'add_grant' ? 'add' : 'remove', opts)
  }
}

/**
 * Creates (or adopts) the account, then adds the grants it carries to the app's id of it. If a
 * grant fails the job fails with the grant's class; its retry adopts the account
 * (`already_exists`) and adds only what is still missing.
 */
async function create(connector: Connector, op: Operation, input: NewAccount, opts: Mutation): R {
  const powers = grantPowers(connector, bundledGrants(op))
  if (!canCreateAccount(connector) || powers === false) return unable(op)
  const created = account(await connector.createAccount(input, opts))
  if (!created.ok || !powers || !created.value.remoteId) return created
  const added = await changeGrants(powers, op, 'add', created.value.remoteId, opts)
  return withGrants(created, added)
}

/**
 * A deactivation or deletion removes the grants it carries first: an app that keeps grants on
 * a deactivated account would otherwise hand the roles back on reactivation (issue 15).
 */
async function remove(connector: Connector, op: Operation, opts: Mutation): R {
  const powers = grantPowers(connector, bundledGrants(op))
  const drop = dropperOf(connector, op.kind)
  if (!drop || powers === false || !op.remoteId) return unable(op)
  const removed = powers ? await changeGrants(powers, op, 'remove', op.remoteId, opts) : ok([])
  if (!removed.ok) return removed
  return withGrants(account(await drop(op.remoteId, opts)), removed)
}

type Dropper = (
  id: string,
  opts: Mutation,
) => Promise<Result<{ readonly id: string; readonly marker?: MutationMarker }, ConnectorError>>

/** The connector's deletion or deactivation, whichever the operation asks for, if it has it. */
function dropperOf(connector: Connector, kind: Operation['kind']): Dropper | undefined {
  if (kind === 'delete')
    return canDeleteAccount(connector) ? (id, o) => connector.deleteAccount(id, o) : undefined
  return canDeactivateAccount(connector) ? (id, o) => connector.deactivateAccount(id, o) : undefined
}

/** One grant of an account that exists and stays: added or removed under the operation's key. */
async function grant(
  connector: Connector,
  op: Operation,
  direction: GrantDirection,
  opts: Mutation,
): R {
  const payload = op.payload
  if (payload.kind !== 'add_grant' && payload.kind !== 'remove_grant') return unable(op)
  if (!canManageGrants(connector) || !op.remoteId) return unable(op)
  const step = { direction, target: payload.entitlement }
  const changed = await changeGrant(connector, op, step, op.remoteId, opts)
  if (!changed.ok) return changed
  const { entitlementId, marker, taskId } = changed.value
  return ok({
    remoteId: op.remoteId,
    entitlementId,
    ...(marker ? { marker } : {}),
    ...(taskId ? { taskId } : {}),
  })
}

/** The account's outcome with its grants', or the grants' failure. */
function withGrants(
  done: Result<Applied, ConnectorError>,
  grants: Result<readonly GrantApplied[], ConnectorError>,
): Result<Applied, ConnectorError> {
  if (!done.ok) return done
  if (!grants.ok) return grants
  return grants.value.length === 0 ? done : ok({ ...done.value, grants: grants.value })
}

/** Wakes the account, updates what drifted, then adds the grants the reactivation carries. */
async function reactivate(
  connector: Connector,
  op: Operation,
  changes: AccountChanges | undefined,
  opts: Mutation,
): R {
  const powers = grantPowers(connector, bundledGrants(op))
  if (!canReactivateAccount(connector) || powers === false || !op.remoteId) return unable(op)
  let woken = account(await connector.reactivateAccount(op.remoteId, opts))
  if (woken.ok && changes && Object.keys(changes).length > 0) {
    if (!canUpdateAccount(connector)) return unable(op)
    woken = account(await connector.updateAccount(op.remoteId, changes, opts))
  }
  if (!woken.ok || !powers) return woken
  return withGrants(woken, await changeGrants(powers, op, 'add', op.remoteId, opts))
}

async function openTask(
  connector: Connector,
  op: Operation,
  payload: Extract<OperationPayload, { kind: 'task' }>,
  opts: Mutation,
): R {
  if (!createsTasks(connector)) return unable(op)
  const receipt = await connector.createTask(
    {
      action: payload.action,
      appName: payload.appName,
      person: payload.person,
      ...(op.remoteId ? { accountId: op.remoteId } : {}),
      instructions: payload.instructions,
      // Empty: the manual connector gives the task to the app's owner.
      assignee: '',
    },
    opts,
  )
  if (!receipt.ok) return receipt
  return ok({ marker: 'task_opened', taskId: receipt.value.taskId })
}

function account(
  result: Result<{ readonly id: string; readonly marker?: MutationMarker }, ConnectorError>,
): Result<Applied, ConnectorError> {
  if (!result.ok) return result
  return ok({
    remoteId: result.value.id,
    ...(result.value.marker ? { marker: result.value.marker } : {}),
  })
}

function unable(op: Operation): Result<never, ConnectorError> {
  return err(
    new ConnectorError({
      class: 'permanent',
      code: CONNECTOR_ERROR_CODES.permanent,
      message:
        op.remoteId || op.kind === 'create' || op.kind === 'task'
          ? `The app's connector cannot carry out a ${op.kind} operation`
          : `The ${op.kind} operation names no account in the app`,
    }),
  )
}
