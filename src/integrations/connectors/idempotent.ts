import { ok, type Result } from '../../shared/result.js'
import type {
  AccountQuery,
  CallOptions,
  MutationOptions,
  NewAccount,
  RemoteAccount,
  RemovalReceipt,
} from './connector.js'
import type { ConnectorError } from './connector-errors.js'

/**
 * The rules every connector follows for "already there" and "already gone", written once.
 * Connectors supply the raw steps; these helpers turn duplicates and missing accounts into
 * success with a marker, so a retried job (or one that crashed after the app answered) converges
 * instead of failing.
 */

export type LookupAttribute = 'userName' | 'externalId' | 'email'

type Find = (
  query: AccountQuery,
  opts: CallOptions,
) => Promise<Result<RemoteAccount | undefined, ConnectorError>>

type Get = (id: string, opts: CallOptions) => Promise<Result<RemoteAccount, ConnectorError>>

export type CreateSteps = {
  find: Find
  create: (
    input: NewAccount,
    opts: MutationOptions,
  ) => Promise<Result<RemoteAccount, ConnectorError>>
  /** The filters the app supports, in the order to try them (from the catalog profile). */
  lookupBy: readonly LookupAttribute[]
}

/** Creates an account unless one already matches; a lost race (409) is resolved by looking again. */
export async function createOnce(
  input: NewAccount,
  opts: MutationOptions,
  steps: CreateSteps,
): Promise<Result<RemoteAccount, ConnectorError>> {
  const existing = await findExisting(input, opts, steps)
  if (!existing.ok) return existing
  if (existing.value) return ok({ ...existing.value, marker: 'already_exists' })
  const created = await steps.create(input, opts)
  if (created.ok || created.error.class !== 'conflict') return created
  const winner = await findExisting(input, opts, steps)
  if (!winner.ok || !winner.value) return created
  return ok({ ...winner.value, marker: 'already_exists' })
}

/** The lookups for an account about to be created, strongest identifier the app supports first. */
export function lookupQueries(
  input: NewAccount,
  lookupBy: readonly LookupAttribute[],
): AccountQuery[] {
  const primaryEmail = input.emails.find((e) => e.primary)?.value ?? input.emails[0]?.value
  const values: Record<LookupAttribute, string | undefined> = {
    userName: input.userName,
    externalId: input.externalId,
    email: primaryEmail,
  }
  return lookupBy.flatMap((attribute) => {
    const value = values[attribute]
    return value ? [{ [attribute]: value }] : []
  })
}

async function findExisting(
  input: NewAccount,
  opts: CallOptions,
  steps: CreateSteps,
): Promise<Result<RemoteAccount | undefined, ConnectorError>> {
  for (const query of lookupQueries(input, steps.lookupBy)) {
    const found = await steps.find(query, opts)
    if (!found.ok || found.value) return found
  }
  return ok(undefined)
}

export type DeactivateSteps = {
  get: Get
  /** Returns the account when the app answers with it, undefined on an empty 204. */
  deactivate: (
    id: string,
    opts: MutationOptions,
  ) => Promise<Result<RemoteAccount | undefined, ConnectorError>>
}

/** Deactivating an inactive account is a no-op; a missing one is already gone. */
export async function deactivateOnce(
  id: string,
  opts: MutationOptions,
  steps: DeactivateSteps,
): Promise<Result<RemovalReceipt, ConnectorError>> {
  const current = await steps.get(id, opts)
  if (!current.ok) return goneOr(id, current)
  if (!current.value.active) return ok({ id, account: current.value, marker: 'no_change' })
  const done = await steps.deactivate(id, opts)
  if (!done.ok) return goneOr(id, done)
  return ok(done.value ? { id, account: done.value } : { id })
}

/** Deleting a missing account succeeds with `already_gone`. */
export async function deleteOnce(
  id: string,
  opts: MutationOptions,
  remove: (id: string, opts: MutationOptions) => Promise<Result<void, ConnectorError>>,
): Promise<Result<RemovalReceipt, ConnectorError>> {
  const done = await remove(id, opts)
  return done.ok ? ok({ id }) : goneOr(id, done)
}

export type ReactivateSteps = {
  get: Get
  reactivate: (id: string, opts: MutationOptions) => Promise<Result<RemoteAccount, ConnectorError>>
}

/** Reactivating an active account is a no-op. A missing account stays an error: it cannot wake. */
export async function reactivateOnce(
  id: string,
  opts: MutationOptions,
  steps: ReactivateSteps,
): Promise<Result<RemoteAccount, ConnectorError>> {
  const current = await steps.get(id, opts)
  if (!current.ok) return current
  if (current.value.active) return ok({ ...current.value, marker: 'no_change' })
  return steps.reactivate(id, opts)
}

function goneOr(
  id: string,
  failed: { readonly ok: false; readonly error: ConnectorError },
): Result<RemovalReceipt, ConnectorError> {
  return failed.error.class === 'not_found' ? ok({ id, marker: 'already_gone' }) : failed
}
