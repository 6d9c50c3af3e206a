import {
  type AccountChanges,
  CONNECTOR_ERROR_CODES,
  type Connector,
  ConnectorError,
  canCreateAccount,
  canDeactivateAccount,
  canDeleteAccount,
  canReactivateAccount,
  canUpdateAccount,
  createsTasks,
  type MutationMarker,
} from '../../integrations/connectors/index.js'
import { err, ok, type Result } from '../../shared/result.js'
import type { Operation, OperationPayload } from '../reconcile/index.js'

/** What applying one operation did: the app's id for the account, or the task opened. */
export type Applied = {
  readonly marker?: MutationMarker | 'task_opened'
  readonly remoteId?: string
  readonly taskId?: string
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
      if (!canCreateAccount(connector)) return unable(op)
      return account(await connector.createAccount(payload.account, opts))
    case 'update':
      if (!canUpdateAccount(connector) || !op.remoteId) return unable(op)
      return account(await connector.updateAccount(op.remoteId, payload.changes, opts))
    case 'reactivate':
      return reactivate(connector, op, payload.changes, opts)
    case 'deactivate':
      if (!canDeactivateAccount(connector) || !op.remoteId) return unable(op)
      return account(await connector.deactivateAccount(op.remoteId, opts))
    case 'delete':
      if (!canDeleteAccount(connector) || !op.remoteId) return unable(op)
      return account(await connector.deleteAccount(op.remoteId, opts))
    case 'task':
      return openTask(connector, op, payload, opts)
    case 'add_grant':
    case 'remove_grant':
      return unable(op)
  }
}

async function reactivate(
  connector: Connector,
  op: Operation,
  changes: AccountChanges | undefined,
  opts: Mutation,
): R {
  if (!canReactivateAccount(connector) || !op.remoteId) return unable(op)
  const woken = await connector.reactivateAccount(op.remoteId, opts)
  if (!woken.ok || !changes || Object.keys(changes).length === 0) return account(woken)
  if (!canUpdateAccount(connector)) return unable(op)
  return account(await connector.updateAccount(op.remoteId, changes, opts))
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
