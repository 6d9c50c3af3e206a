import { isRecord } from '../../../shared/json.js'
import { err, ok, type Result } from '../../../shared/result.js'
import type {
  ListOptions,
  Membership,
  MembershipReceipt,
  MutationOptions,
  NewGroup,
  Page,
  RemoteGroup,
} from '../connector.js'
import type { ConnectorError } from '../connector-errors.js'
import { badResponse, type OktaHttp, segment } from './okta-http.js'
import { readOktaGroup } from './okta-mapping.js'
import { signalOf } from './okta-users.js'

type R<T> = Promise<Result<T, ConnectorError>>

/** Groups pages hold up to 10000 (developer.okta.com/docs/reference/api/groups); we ask 200. */
const PAGE = 200

export type OktaGroupQuery = ListOptions & {
  /** e.g. `lastMembershipUpdated gt "2026-01-01T00:00:00.000Z"` (incremental syncs). */
  readonly filter?: string
}

/** Groups and memberships (developer.okta.com/docs/reference/api/groups). */
export class OktaGroups {
  constructor(private readonly http: OktaHttp) {}

  async listGroups(query: OktaGroupQuery): R<Page<RemoteGroup>> {
    const limit = String(Math.max(1, Math.min(query.pageSize ?? PAGE, PAGE)))
    const page = await this.http.page(
      {
        method: 'GET',
        path: '/groups',
        query: { limit, ...(query.filter ? { filter: query.filter } : {}) },
        ...signalOf(query),
      },
      query.cursor,
    )
    if (!page.ok) return page
    const groups: RemoteGroup[] = []
    for (const item of page.value.items) {
      const group = readOktaGroup(item)
      if (!group.ok) return group
      groups.push(group.value)
    }
    return ok({
      items: groups,
      ...(page.value.nextCursor ? { nextCursor: page.value.nextCursor } : {}),
    })
  }

  /** Creates a group unless one with this name exists (Okta group names are unique per org). */
  async createGroup(input: NewGroup, opts: MutationOptions): R<RemoteGroup> {
    const existing = await this.findByName(input.displayName, opts)
    if (!existing.ok) return existing
    if (existing.value) return ok({ ...existing.value, marker: 'already_exists' })
    const reply = await this.http.send({
      method: 'POST',
      path: '/groups',
      json: { profile: profileOf(input) },
      ...signalOf(opts),
    })
    return reply.ok ? readOktaGroup(reply.value.body) : reply
  }

  async updateGroup(id: string, changes: Partial<NewGroup>, opts: MutationOptions): R<RemoteGroup> {
    const reply = await this.http.send({
      method: 'GET',
      path: `/groups/${segment(id)}`,
      ...signalOf(opts),
    })
    if (!reply.ok) return reply
    const current = readOktaGroup(reply.value.body)
    if (!current.ok) return current
    const profile = isRecord(current.value.raw.profile) ? current.value.raw.profile : {}
    const wanted = {
      ...profile,
      ...profileOf({ displayName: current.value.displayName, ...changes }),
    }
    if (wanted.name === profile.name && wanted.description === profile.description) {
      return ok({ ...current.value, marker: 'no_change' })
    }
    // PUT replaces the group's profile: the same body twice is the same group.
    const put = await this.http.send({
      method: 'PUT',
      path: `/groups/${segment(id)}`,
      json: { profile: wanted },
      idempotencyKey: opts.idempotencyKey,
      ...signalOf(opts),
    })
    return put.ok ? readOktaGroup(put.value.body) : put
  }

  /** GET /api/v1/groups/{id}/users: the members, as memberships. */
  async listMemberships(query: ListOptions & { readonly groupId: string }): R<Page<Membership>> {
    const limit = String(Math.max(1, Math.min(query.pageSize ?? PAGE, PAGE)))
    const page = await this.http.page(
      {
        method: 'GET',
        path: `/groups/${segment(query.groupId)}/users`,
        query: { limit },
        ...signalOf(query),
      },
      query.cursor,
    )
    if (!page.ok) return page
    const items: Membership[] = []
    for (const user of page.value.items) {
      if (!isRecord(user) || typeof user.id !== 'string')
        return err(badResponse('a member without id'))
      items.push({ groupId: query.groupId, accountId: user.id })
    }
    return ok({ items, ...(page.value.nextCursor ? { nextCursor: page.value.nextCursor } : {}) })
  }

  /** PUT is idempotent in Okta; the user's groups are read first to tell "already a member". */
  async addMember(membership: Membership, opts: MutationOptions): R<MembershipReceipt> {
    return this.changeMember(membership, opts, 'PUT')
  }

  async removeMember(membership: Membership, opts: MutationOptions): R<MembershipReceipt> {
    return this.changeMember(membership, opts, 'DELETE')
  }

  private async changeMember(
    membership: Membership,
    opts: MutationOptions,
    method: 'PUT' | 'DELETE',
  ): R<MembershipReceipt> {
    const member = await this.isMember(membership, opts)
    if (!member.ok) return member
    if (member.value === (method === 'PUT')) {
      return ok({ ...membership, marker: method === 'PUT' ? 'already_exists' : 'already_gone' })
    }
    const reply = await this.http.send({
      method,
      path: `/groups/${segment(membership.groupId)}/users/${segment(membership.accountId)}`,
      idempotencyKey: opts.idempotencyKey,
      ...signalOf(opts),
    })
    return reply.ok ? ok({ ...membership }) : reply
  }

  /** GET /api/v1/users/{id}/groups: a user is in few groups, a group may hold thousands. */
  private async isMember(membership: Membership, opts: MutationOptions): R<boolean> {
    let cursor: string | undefined
    do {
      const page = await this.http.page(
        {
          method: 'GET',
          path: `/users/${segment(membership.accountId)}/groups`,
          ...signalOf(opts),
        },
        cursor,
      )
      if (!page.ok) return page
      if (page.value.items.some((g) => isRecord(g) && g.id === membership.groupId)) return ok(true)
      cursor = page.value.nextCursor
    } while (cursor)
    return ok(false)
  }

  private async findByName(name: string, opts: MutationOptions): R<RemoteGroup | undefined> {
    const escaped = name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')
    const page = await this.http.page(
      {
        method: 'GET',
        path: '/groups',
        query: { search: `profile.name eq "${escaped}"` },
        ...signalOf(opts),
      },
      undefined,
    )
    if (!page.ok) return page
    for (const item of page.value.items) {
      const group = readOktaGroup(item)
      if (group.ok && group.value.displayName === name) return ok(group.value)
    }
    return ok(undefined)
  }
}

function profileOf(group: Partial<NewGroup>): Record<string, unknown> {
  const description = group.attributes?.description
  return {
    ...(group.displayName === undefined ? {} : { name: group.displayName }),
    ...(typeof description === 'string' ? { description } : {}),
  }
}
