import { err, ok, type Result } from '../../../shared/result.js'
import type { CatalogEntry } from '../../catalog/index.js'
import type {
  AccountChanges,
  AccountQuery,
  CallOptions,
  ListOptions,
  MutationOptions,
  NewAccount,
  Page,
  RemoteAccount,
  RemovalReceipt,
} from '../connector.js'
import { ConnectorError } from '../connector-errors.js'
import { createOnce } from '../idempotent.js'
import { type OktaHttp, segment } from './okta-http.js'
import {
  createProfile,
  EVERY_STATUS_SEARCH,
  isActiveStatus,
  type OktaUser,
  readOktaUser,
  toRemoteAccount,
  updateProfile,
} from './okta-mapping.js'

type R<T> = Promise<Result<T, ConnectorError>>

/** Okta documents at most 200 users per page of GET /api/v1/users. */
const MAX_PAGE = 200

/** A listing of Okta users: everyone, or a `search` / `filter` expression (SCIM-like syntax). */
export type OktaUserQuery = ListOptions & {
  /** Okta's recommended query parameter; any profile property, status, lastUpdated, ... */
  readonly search?: string
  /** Up-to-date data, a few properties only (status, lastUpdated, id, login, email, names). */
  readonly filter?: string
}

export type OktaUserPage = Page<OktaUser>

/** Users API operations (developer.okta.com/docs/reference/api/users). */
export class OktaUsers {
  constructor(
    private readonly http: OktaHttp,
    private readonly entry: CatalogEntry,
  ) {}

  /** One page of users; with neither search nor filter, every status (DEPROVISIONED too). */
  async listUsers(query: OktaUserQuery): R<OktaUserPage> {
    const limit = String(Math.max(1, Math.min(query.pageSize ?? MAX_PAGE, MAX_PAGE)))
    const expression: Record<string, string> = query.filter
      ? { filter: query.filter }
      : {
          search: query.search
            ? `(${query.search}) and (${EVERY_STATUS_SEARCH})`
            : EVERY_STATUS_SEARCH,
        }
    const page = await this.http.page(
      { method: 'GET', path: '/users', query: { limit, ...expression }, ...signalOf(query) },
      query.cursor,
    )
    if (!page.ok) return page
    const users: OktaUser[] = []
    for (const item of page.value.items) {
      const user = readOktaUser(item)
      if (!user.ok) return user
      users.push(user.value)
    }
    return ok({ items: users, ...next(page.value.nextCursor) })
  }

  async listAccounts(opts: ListOptions): R<Page<RemoteAccount>> {
    const page = await this.listUsers(opts)
    if (!page.ok) return page
    return ok({ items: page.value.items.map(toRemoteAccount), ...next(page.value.nextCursor) })
  }

  /** GET /api/v1/users/{id}; Okta also accepts the login in place of the id. */
  async getUser(id: string, opts: CallOptions): R<OktaUser> {
    const reply = await this.http.send({
      method: 'GET',
      path: `/users/${segment(id)}`,
      ...signalOf(opts),
    })
    return reply.ok ? readOktaUser(reply.value.body) : reply
  }

  async getAccount(id: string, opts: CallOptions): R<RemoteAccount> {
    const user = await this.getUser(id, opts)
    return user.ok ? ok(toRemoteAccount(user.value)) : user
  }

  /** By login or primary email (a search, which sees every status); externalId has no Okta home. */
  async findAccount(query: AccountQuery, opts: CallOptions): R<RemoteAccount | undefined> {
    const [property, value] = query.userName
      ? ['login', query.userName]
      : query.email
        ? ['email', query.email]
        : [undefined, undefined]
    if (!property || value === undefined) return ok(undefined)
    const page = await this.listUsers({
      search: `profile.${property} eq "${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
      pageSize: 10,
      ...signalOf(opts),
    })
    if (!page.ok) return page
    const wanted = value.toLowerCase()
    const found = page.value.items.find((u) => String(u.profile[property]).toLowerCase() === wanted)
    return ok(found ? toRemoteAccount(found) : undefined)
  }

  createAccount(input: NewAccount, opts: MutationOptions): R<RemoteAccount> {
    return createOnce(input, opts, {
      find: (query, options) => this.findAccount(query, options),
      create: (account, options) => this.post(account, options),
      lookupBy: ['userName', 'email'],
    })
  }

  /** Partial update (POST /api/v1/users/{id}) of the profile properties that differ. */
  async updateAccount(
    id: string,
    changes: AccountChanges,
    opts: MutationOptions,
  ): R<RemoteAccount> {
    const current = await this.getUser(id, opts)
    if (!current.ok) return current
    if (changes.active !== undefined && changes.active !== isActiveStatus(current.value.status)) {
      return err(lifecycleOnly(this.entry))
    }
    const profile = updateProfile(changes, current.value, this.entry)
    if (!profile.ok) return profile
    if (Object.keys(profile.value).length === 0) {
      return ok({ ...toRemoteAccount(current.value), marker: 'no_change' })
    }
    const reply = await this.http.send({
      method: 'POST',
      path: `/users/${segment(id)}`,
      json: { profile: profile.value },
      // Setting the same properties twice leaves the same user: safe to repeat.
      idempotencyKey: opts.idempotencyKey,
      ...signalOf(opts),
    })
    if (!reply.ok) return reply
    const user = readOktaUser(reply.value.body)
    return user.ok ? ok(toRemoteAccount(user.value)) : user
  }

  /** POST /api/v1/users?activate=…: never repeated blindly (createOnce looks first). */
  private async post(input: NewAccount, opts: MutationOptions): R<RemoteAccount> {
    const profile = createProfile(input, this.entry)
    if (!profile.ok) return profile
    const reply = await this.http.send({
      method: 'POST',
      path: '/users',
      // Without activation the user is STAGED (developer.okta.com/docs/reference/api/users/#create-user).
      query: { activate: String(input.active !== false) },
      json: { profile: profile.value },
      ...signalOf(opts),
    })
    if (!reply.ok) return reply
    const user = readOktaUser(reply.value.body)
    return user.ok ? ok(toRemoteAccount(user.value)) : user
  }

  /** DELETE /api/v1/users/{id} works on DEPROVISIONED users only; others are deactivated first. */
  async deleteAccount(
    id: string,
    opts: MutationOptions,
    deactivate: (id: string, opts: MutationOptions) => R<RemovalReceipt>,
  ): R<RemovalReceipt> {
    const down = await deactivate(id, opts)
    if (!down.ok || down.value.marker === 'already_gone') return down
    const reply = await this.http.send({
      method: 'DELETE',
      path: `/users/${segment(id)}`,
      idempotencyKey: opts.idempotencyKey,
      ...signalOf(opts),
    })
    if (reply.ok) return ok({ id })
    return reply.error.class === 'not_found' ? ok({ id, marker: 'already_gone' }) : reply
  }
}

function lifecycleOnly(entry: CatalogEntry): ConnectorError {
  return new ConnectorError({
    class: 'invalid',
    message: `${entry.name} changes a user's status through its lifecycle operations; use deactivate or reactivate`,
  })
}

export function signalOf(opts: CallOptions): { signal?: AbortSignal } {
  return opts.signal ? { signal: opts.signal } : {}
}

function next(cursor: string | undefined): { nextCursor?: string } {
  return cursor === undefined ? {} : { nextCursor: cursor }
}
