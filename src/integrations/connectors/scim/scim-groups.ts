import type { Filter } from '../../../protocol/scim/filter/index.js'
import type { PatchOperation } from '../../../protocol/scim/patch/index.js'
import {
  groupResourceSchema,
  normalizeResource,
  type ScimResource,
} from '../../../protocol/scim/schemas/index.js'
import { jsonEqual } from '../../../shared/json.js'
import { err, ok, type Result } from '../../../shared/result.js'
import type {
  CanListGroups,
  CanManageGroups,
  CanManageMemberships,
  ListOptions,
  Membership,
  MembershipReceipt,
  MutationOptions,
  NewGroup,
  Page,
  RemoteGroup,
} from '../connector.js'
import type { ConnectorError } from '../connector-errors.js'
import { listPage, readResource, type ScimContext, writeResource } from './scim-context.js'
import { badResponse } from './scim-http.js'
import { toGroupBody, toRemoteGroup } from './scim-mapping.js'
import { filterParameter } from './scim-requests.js'

type R<T> = Promise<Result<T, ConnectorError>>
type Read = { readonly group: RemoteGroup; readonly canonical: ScimResource }

/**
 * Groups and memberships over SCIM (RFC 7643 §4.2, RFC 7644 §3.5.2). Members are changed with
 * PATCH `add`/`remove` (or a PUT of the whole group), never by replacing the member list from a
 * stale read, so a concurrent change by the IdP is not undone.
 */
export class ScimGroups implements CanListGroups, CanManageGroups, CanManageMemberships {
  constructor(private readonly context: ScimContext) {}

  listGroups(opts: ListOptions): R<Page<RemoteGroup>> {
    return listPage(this.context, '/Groups', opts, toRemoteGroup)
  }

  /** Looks the displayName up first (unique per RFC 7644 §3.3), so a retry does not duplicate. */
  async createGroup(input: NewGroup, opts: MutationOptions): R<RemoteGroup> {
    const existing = await this.findByName(input.displayName, opts.signal)
    if (!existing.ok) return existing
    if (existing.value) return ok({ ...existing.value, marker: 'already_exists' })
    const reply = await this.context.http.send({
      method: 'POST',
      path: '/Groups',
      json: toGroupBody(input),
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    if (reply.ok) return toRemoteGroup(reply.value.body)
    if (reply.error.class !== 'conflict') return reply
    const winner = await this.findByName(input.displayName, opts.signal)
    return winner.ok && winner.value ? ok({ ...winner.value, marker: 'already_exists' }) : reply
  }

  async updateGroup(id: string, changes: Partial<NewGroup>, opts: MutationOptions): R<RemoteGroup> {
    const current = await this.read(id, opts.signal)
    if (!current.ok) return current
    const operations = groupChanges(current.value.canonical, changes)
    if (operations.length === 0) return ok({ ...current.value.group, marker: 'no_change' })
    return this.write(id, current.value.canonical, operations, opts)
  }

  /** Members are listed inline by SCIM servers: one page holds them all. */
  async listMemberships(opts: ListOptions & { readonly groupId: string }): R<Page<Membership>> {
    const current = await this.read(opts.groupId, opts.signal)
    if (!current.ok) return current
    const ids = current.value.group.memberIds ?? []
    return ok({ items: ids.map((accountId) => ({ groupId: opts.groupId, accountId })) })
  }

  async addMember(membership: Membership, opts: MutationOptions): R<MembershipReceipt> {
    const current = await this.read(membership.groupId, opts.signal)
    if (!current.ok) return current
    if (current.value.group.memberIds?.includes(membership.accountId)) {
      return ok({ ...membership, marker: 'already_exists' })
    }
    const add: PatchOperation = {
      op: 'add',
      path: { attrPath: { name: 'members' } },
      value: [{ value: membership.accountId }],
    }
    const written = await this.write(membership.groupId, current.value.canonical, [add], opts)
    return written.ok ? ok({ ...membership }) : written
  }

  async removeMember(membership: Membership, opts: MutationOptions): R<MembershipReceipt> {
    const current = await this.read(membership.groupId, opts.signal)
    if (!current.ok) return current
    if (!current.value.group.memberIds?.includes(membership.accountId)) {
      return ok({ ...membership, marker: 'already_gone' })
    }
    // RFC 7644 §3.5.2.2: remove one member by a value filter on the members path.
    const remove: PatchOperation = {
      op: 'remove',
      path: {
        attrPath: { name: 'members' },
        valueFilter: {
          kind: 'compare',
          path: { name: 'value' },
          op: 'eq',
          value: membership.accountId,
        },
      },
    }
    const written = await this.write(membership.groupId, current.value.canonical, [remove], opts)
    return written.ok ? ok({ ...membership }) : written
  }

  private async read(id: string, signal?: AbortSignal): R<Read> {
    const reply = await readResource(this.context, '/Groups', id, signal)
    if (!reply.ok) return reply
    const group = toRemoteGroup(reply.value.body)
    if (!group.ok) return group
    const canonical = normalizeResource(reply.value.body, groupResourceSchema, {
      tolerateUnknownSchemas: true,
    })
    if (!canonical.ok) return err(badResponse('an unreadable Group'))
    return ok({ group: group.value, canonical: canonical.value })
  }

  /** By filter when the app has filters, else by walking the listing. */
  private async findByName(displayName: string, signal?: AbortSignal): R<RemoteGroup | undefined> {
    const profile = await this.context.profile(signal)
    const filter: Filter = {
      kind: 'compare',
      path: { name: 'displayName' },
      op: 'eq',
      value: displayName,
    }
    const wanted = displayName.toLowerCase()
    let cursor: string | undefined
    for (let pages = 0; pages < 10_000; pages++) {
      const options = profile.filters
        ? { filter: filterParameter(filter), pageSize: 10 }
        : { ...(cursor ? { cursor } : {}) }
      const page = await listPage(
        this.context,
        '/Groups',
        { ...options, ...(signal ? { signal } : {}) },
        toRemoteGroup,
      )
      if (!page.ok) return page
      // Match here too: an app that ignores the filter must not hand back some other group.
      const found = page.value.items.find((group) => group.displayName.toLowerCase() === wanted)
      if (found || profile.filters || page.value.nextCursor === undefined) return ok(found)
      cursor = page.value.nextCursor
    }
    return err(badResponse('a listing that never ends'))
  }

  private async write(
    id: string,
    current: ScimResource,
    operations: readonly PatchOperation[],
    opts: MutationOptions,
  ): R<RemoteGroup> {
    const profile = await this.context.profile(opts.signal)
    const written = await writeResource(this.context, {
      endpoint: '/Groups',
      schema: groupResourceSchema,
      id,
      current,
      operations,
      method: profile.updateWith,
      idempotencyKey: opts.idempotencyKey,
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    return written.ok ? toRemoteGroup(written.value) : written
  }
}

function groupChanges(current: ScimResource, changes: Partial<NewGroup>): PatchOperation[] {
  const wanted: Record<string, unknown> = { ...(changes.attributes ?? {}) }
  if (changes.displayName !== undefined) wanted.displayName = changes.displayName
  if (changes.externalId !== undefined) wanted.externalId = changes.externalId
  return Object.entries(wanted)
    .filter(([name, value]) => !jsonEqual(value, current[name]))
    .map(([name, value]) => ({ op: 'replace', path: { attrPath: { name } }, value }))
}
