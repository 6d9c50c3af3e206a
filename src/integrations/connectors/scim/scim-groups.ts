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

  /**
   * PATCH `add` of one member (RFC 7644 §3.5.2.1). A member the group already lists is
   * `already_exists` without a write; an app that answers the add with a conflict is asked again,
   * and a member it now lists is `already_exists` too.
   */
  async addMember(membership: Membership, opts: MutationOptions): R<MembershipReceipt> {
    const current = await this.read(membership.groupId, opts.signal)
    if (!current.ok) return current
    if (holds(current.value, membership)) {
      return ok({ ...membership, marker: 'already_exists' })
    }
    const written = await this.write(
      membership.groupId,
      current.value.canonical,
      [addMemberOperation(membership.accountId)],
      opts,
    )
    if (written.ok) return ok({ ...membership })
    if (written.error.class !== 'conflict') return written
    const again = await this.read(membership.groupId, opts.signal)
    const held = again.ok && holds(again.value, membership)
    return held ? ok({ ...membership, marker: 'already_exists' }) : written
  }

  /**
   * PATCH `remove` of one member, as the profile says: `members[value eq "id"]` (RFC 7644
   * §3.5.2.2) or a value array (Entra). A group that is gone (404), a member it does not list,
   * or a `noTarget` answer (the filter matched nobody) are all `already_gone`.
   */
  async removeMember(membership: Membership, opts: MutationOptions): R<MembershipReceipt> {
    const gone = ok({ ...membership, marker: 'already_gone' as const })
    const current = await this.read(membership.groupId, opts.signal)
    if (!current.ok) return current.error.class === 'not_found' ? gone : current
    if (!holds(current.value, membership)) return gone
    const profile = await this.context.profile(opts.signal)
    // A PUT applies the operation locally (putBody): the RFC filter form is the exact one.
    const style = profile.updateWith === 'put' ? 'filter' : profile.memberRemoval
    const remove = removeMemberOperation(membership.accountId, style)
    const written = await this.write(membership.groupId, current.value.canonical, [remove], opts)
    if (written.ok) return ok({ ...membership })
    return written.error.class === 'not_found' || isNoTarget(written.error) ? gone : written
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

/** Members come inline with the group (RFC 7643 §4.2); the member's id is in them or not. */
function holds(read: Read, membership: Membership): boolean {
  return read.group.memberIds?.includes(membership.accountId) ?? false
}

/** RFC 7644 §3.5.2.1: add one member to `members`. */
export function addMemberOperation(accountId: string): PatchOperation {
  return { op: 'add', path: { attrPath: { name: 'members' } }, value: [{ value: accountId }] }
}

/** RFC 7644 §3.5.2.2 (`filter`) or the Entra dialect (`value`): remove one member. */
export function removeMemberOperation(
  accountId: string,
  style: 'filter' | 'value',
): PatchOperation {
  if (style === 'value') {
    return { op: 'remove', path: { attrPath: { name: 'members' } }, value: [{ value: accountId }] }
  }
  return {
    op: 'remove',
    path: {
      attrPath: { name: 'members' },
      valueFilter: { kind: 'compare', path: { name: 'value' }, op: 'eq', value: accountId },
    },
  }
}

/** RFC 7644 §3.12 `noTarget`: the path's filter matched nothing, so the member is not there. */
function isNoTarget(error: ConnectorError): boolean {
  return error.class === 'invalid' && /"scimType"\s*:\s*"noTarget"/.test(error.detail ?? '')
}

function groupChanges(current: ScimResource, changes: Partial<NewGroup>): PatchOperation[] {
  const wanted: Record<string, unknown> = { ...(changes.attributes ?? {}) }
  if (changes.displayName !== undefined) wanted.displayName = changes.displayName
  if (changes.externalId !== undefined) wanted.externalId = changes.externalId
  return Object.entries(wanted)
    .filter(([name, value]) => !jsonEqual(value, current[name]))
    .map(([name, value]) => ({ op: 'replace', path: { attrPath: { name } }, value }))
}
