import { type Filter, matchesFilter } from '../../../protocol/scim/filter/index.js'
import type { PatchOperation } from '../../../protocol/scim/patch/index.js'
import { type ScimResource, userResourceSchema } from '../../../protocol/scim/schemas/index.js'
import { err, ok, type Result } from '../../../shared/result.js'
import type {
  AccountChanges,
  AccountQuery,
  CallOptions,
  CanCreateAccount,
  CanDeactivateAccount,
  CanDeleteAccount,
  CanGetAccount,
  CanReactivateAccount,
  CanUpdateAccount,
  ListOptions,
  MutationOptions,
  NewAccount,
  Page,
  RemoteAccount,
  RemovalReceipt,
} from '../connector.js'
import type { ConnectorError } from '../connector-errors.js'
import {
  createOnce,
  deactivateOnce,
  deleteOnce,
  type LookupAttribute,
  reactivateOnce,
} from '../idempotent.js'
import { listPage, readResource, type ScimContext, writeResource } from './scim-context.js'
import { badResponse, resourcePath } from './scim-http.js'
import { canonicalUser, keepDeclared, toRemoteAccount, toUserBody } from './scim-mapping.js'
import type { ScimConnectorProfile } from './scim-profile.js'
import { filterParameter, lookupFilter, replaceOperations, userChanges } from './scim-requests.js'

type Read = { readonly account: RemoteAccount; readonly canonical: ScimResource }
type R<T> = Promise<Result<T, ConnectorError>>

/** A scan without working filters stops here: an app that never ends its list is a bug. */
const MAX_SCAN_PAGES = 10_000

/**
 * User operations over SCIM (RFC 7644 §3.3–3.6), with the idempotency rules of `idempotent.ts`:
 * create looks up first, deactivating an inactive account is `no_change`, a missing one is
 * `already_gone`. Which methods a connector exposes is decided by its profile (scim-connector.ts).
 */
export class ScimUsers
  implements
    CanGetAccount,
    CanCreateAccount,
    CanUpdateAccount,
    CanDeactivateAccount,
    CanReactivateAccount,
    CanDeleteAccount
{
  constructor(private readonly context: ScimContext) {}

  listAccounts(opts: ListOptions): R<Page<RemoteAccount>> {
    return listPage(this.context, '/Users', opts, toRemoteAccount)
  }

  async getAccount(id: string, opts: CallOptions): R<RemoteAccount> {
    const found = await this.read(id, opts.signal)
    return found.ok ? ok(found.value.account) : found
  }

  /** The first account matching the query: by filter when the app has them, else by a scan. */
  async findAccount(query: AccountQuery, opts: CallOptions): R<RemoteAccount | undefined> {
    const filter = lookupFilter(query)
    if (!filter) return ok(undefined)
    const profile = await this.context.profile(opts.signal)
    if (profile.filters) {
      const filtered = await this.findFiltered(filter, opts.signal)
      if (!filtered.ok) return filtered
      if (filtered.value !== 'ignored') return ok(filtered.value)
      this.context.log.warn('the app ignored a SCIM filter; scanning the listing instead')
    }
    return this.scan(filter, opts.signal)
  }

  async createAccount(input: NewAccount, opts: MutationOptions): R<RemoteAccount> {
    const profile = await this.context.profile(opts.signal)
    return createOnce(input, opts, {
      find: (query, options) => this.findAccount(query, options),
      create: (account, options) => this.post(account, options),
      lookupBy: lookupsOf(profile),
    })
  }

  /** PATCHes (or PUTs) only the attributes whose value differs; nothing differs is `no_change`. */
  async updateAccount(
    id: string,
    changes: AccountChanges,
    opts: MutationOptions,
  ): R<RemoteAccount> {
    const current = await this.read(id, opts.signal)
    if (!current.ok) return current
    const profile = await this.context.profile(opts.signal)
    const diff = userChanges(current.value.canonical, declaredChanges(changes, profile))
    if (!diff.ok) return diff
    if (diff.value.length === 0) return ok({ ...current.value.account, marker: 'no_change' })
    const operations = replaceOperations(diff.value)
    return this.write(id, current.value.canonical, operations, profile.updateWith, opts)
  }

  async deactivateAccount(id: string, opts: MutationOptions): R<RemovalReceipt> {
    let current: Read | undefined
    return deactivateOnce(id, opts, {
      get: async (target, options) => {
        const found = await this.read(target, options.signal)
        current = found.ok ? found.value : undefined
        return found.ok ? ok(found.value.account) : found
      },
      deactivate: async (target, options) => {
        const profile = await this.context.profile(options.signal)
        if (profile.deactivateWith === 'delete') {
          const removed = await this.remove(target, options)
          return removed.ok ? ok(undefined) : removed
        }
        if (!current) return err(badResponse('no account was read before deactivation'))
        return this.setActive(target, false, current.canonical, options)
      },
    })
  }

  async reactivateAccount(id: string, opts: MutationOptions): R<RemoteAccount> {
    let current: Read | undefined
    return reactivateOnce(id, opts, {
      get: async (target, options) => {
        const found = await this.read(target, options.signal)
        current = found.ok ? found.value : undefined
        return found.ok ? ok(found.value.account) : found
      },
      reactivate: async (target, options) => {
        if (!current) return err(badResponse('no account was read before reactivation'))
        return this.setActive(target, true, current.canonical, options)
      },
    })
  }

  deleteAccount(id: string, opts: MutationOptions): R<RemovalReceipt> {
    return deleteOnce(id, opts, (target, options) => this.remove(target, options))
  }

  private async read(id: string, signal?: AbortSignal): R<Read> {
    const reply = await readResource(this.context, '/Users', id, signal)
    return reply.ok ? readBody(reply.value.body) : reply
  }

  /** `'ignored'` when the app answered with resources the filter does not match. */
  private async findFiltered(
    filter: Filter,
    signal?: AbortSignal,
  ): R<RemoteAccount | undefined | 'ignored'> {
    const page = await listPage(
      this.context,
      '/Users',
      { filter: filterParameter(filter), pageSize: 10, ...(signal ? { signal } : {}) },
      readBody,
    )
    if (!page.ok) return page
    const matching = page.value.items.filter((item) => isMatch(filter, item.canonical))
    if (matching.length < page.value.items.length) return ok('ignored')
    return ok(matching[0]?.account)
  }

  private async scan(filter: Filter, signal?: AbortSignal): R<RemoteAccount | undefined> {
    let cursor: string | undefined
    for (let pages = 0; pages < MAX_SCAN_PAGES; pages++) {
      const options = { ...(cursor ? { cursor } : {}), ...(signal ? { signal } : {}) }
      const page = await listPage(this.context, '/Users', options, readBody)
      if (!page.ok) return page
      const found = page.value.items.find((item) => isMatch(filter, item.canonical))
      if (found) return ok(found.account)
      if (page.value.nextCursor === undefined) return ok(undefined)
      cursor = page.value.nextCursor
    }
    return err(badResponse('a listing that never ends'))
  }

  private async post(input: NewAccount, opts: MutationOptions): R<RemoteAccount> {
    const profile = await this.context.profile(opts.signal)
    // No idempotency key: a POST whose answer was lost may have created the account, so it is
    // never repeated blindly; the caller's retry looks the account up first (createOnce).
    const reply = await this.context.http.send({
      method: 'POST',
      path: '/Users',
      json: keepDeclared(toUserBody(input), profile.userAttributes),
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    return reply.ok ? toRemoteAccount(reply.value.body) : reply
  }

  private async write(
    id: string,
    current: ScimResource,
    operations: readonly PatchOperation[],
    method: 'patch' | 'put',
    opts: MutationOptions,
  ): R<RemoteAccount> {
    const written = await writeResource(this.context, {
      endpoint: '/Users',
      schema: userResourceSchema,
      id,
      current,
      operations,
      method,
      idempotencyKey: opts.idempotencyKey,
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    return written.ok ? toRemoteAccount(written.value) : written
  }

  /** Sets `active` with the method the profile gives for (de)activation. */
  private async setActive(
    id: string,
    active: boolean,
    current: ScimResource,
    opts: MutationOptions,
  ): R<RemoteAccount> {
    const profile = await this.context.profile(opts.signal)
    const operations = replaceOperations([
      { path: { attrPath: { name: 'active' } }, value: active },
    ])
    return this.write(
      id,
      current,
      operations,
      profile.deactivateWith === 'put' ? 'put' : 'patch',
      opts,
    )
  }

  private async remove(id: string, opts: MutationOptions): R<void> {
    // DELETE is idempotent (RFC 9110 §9.2.2): a repeat after a lost answer gets 404, already gone.
    const reply = await this.context.http.send({
      method: 'DELETE',
      path: resourcePath('/Users', id),
      idempotencyKey: opts.idempotencyKey,
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    return reply.ok ? ok(undefined) : reply
  }
}

function readBody(body: unknown): Result<Read, ConnectorError> {
  const account = toRemoteAccount(body)
  if (!account.ok) return account
  const canonical = canonicalUser(body)
  return canonical
    ? ok({ account: account.value, canonical })
    : err(badResponse('an unreadable User'))
}

function isMatch(filter: Filter, user: ScimResource): boolean {
  return matchesFilter(filter, user, userResourceSchema)
}

function lookupsOf(profile: ScimConnectorProfile): LookupAttribute[] {
  return profile.lookupFilters.map((name) => (name === 'emails' ? 'email' : name))
}

/** Drops mapped attributes the app's schema does not declare, as create does. */
function declaredChanges(changes: AccountChanges, profile: ScimConnectorProfile): AccountChanges {
  if (!changes.attributes || !profile.userAttributes) return changes
  return { ...changes, attributes: keepDeclared({ ...changes.attributes }, profile.userAttributes) }
}
