import { z } from 'zod'
import { isRecord } from '../../../shared/json.js'
import { err, ok, type Result } from '../../../shared/result.js'
import { type EntitlementType, isPrivilegedName } from '../../catalog/index.js'
import type {
  CanListEntitlements,
  CanManageGrants,
  Grant,
  GrantChange,
  GrantListOptions,
  GrantReceipt,
  ListOptions,
  Membership,
  MembershipReceipt,
  MutationOptions,
  Page,
  RemoteEntitlement,
  RemoteGroup,
} from '../connector.js'
import { CONNECTOR_ERROR_CODES, ConnectorError } from '../connector-errors.js'

type R<T> = Promise<Result<T, ConnectorError>>

/**
 * Entitlements built on groups: where an app exposes its roles or groups as groups (SCIM Groups,
 * Okta groups), an entitlement is a group and a grant is a membership. The SCIM and Okta
 * connectors get `CanListEntitlements` and `CanManageGrants` from their group code through
 * these adapters, so there is one implementation of paging and markers, not one per app.
 */
export type GroupReader = {
  listGroups(opts: ListOptions): R<Page<RemoteGroup>>
  /** Members of one group; used when the group listing does not carry them inline. */
  listMemberships(opts: ListOptions & { readonly groupId: string }): R<Page<Membership>>
}

export type MembershipWriter = {
  addMember(membership: Membership, opts: MutationOptions): R<MembershipReceipt>
  removeMember(membership: Membership, opts: MutationOptions): R<MembershipReceipt>
}

/** What the catalog says about the app's group-backed entitlements: their kind and patterns. */
export type GroupEntitlementType = Pick<EntitlementType, 'kind' | 'privileged'>

/** Grants per page when the caller gives no size; an app's inline members may exceed it. */
const GRANT_PAGE = 200

/** An app's groups as entitlements, and their members as grants. */
export function groupEntitlements(
  reader: GroupReader,
  type: GroupEntitlementType,
): CanListEntitlements {
  return {
    async listEntitlements(opts) {
      const page = await reader.listGroups(opts)
      if (!page.ok) return page
      const items = page.value.items.map((group) => toEntitlement(group, type))
      return ok(withNext(items, page.value.nextCursor))
    },
    listGrants: (opts) =>
      opts.entitlementId === undefined
        ? listAllGrants(reader, opts)
        : listGrantsOf(reader, opts.entitlementId, opts),
  }
}

/** Grant changes as membership changes; a vanished group means the grant is already gone. */
export function groupGrants(writer: MembershipWriter): CanManageGrants {
  return {
    async addGrant(grant, opts) {
      const added = await writer.addMember(membershipOf(grant), opts)
      if (!added.ok) return added
      const marker = added.value.marker === undefined ? undefined : 'already_exists'
      return ok(receipt(grant, marker))
    },
    async removeGrant(grant, opts) {
      const removed = await writer.removeMember(membershipOf(grant), opts)
      if (!removed.ok) {
        return removed.error.class === 'not_found' ? ok(receipt(grant, 'already_gone')) : removed
      }
      const marker = removed.value.marker === undefined ? undefined : 'already_gone'
      return ok(receipt(grant, marker))
    },
  }
}

export function toEntitlement(group: RemoteGroup, type: GroupEntitlementType): RemoteEntitlement {
  const description = descriptionOf(group.raw)
  return {
    id: group.id,
    kind: type.kind,
    displayName: group.displayName,
    ...(description ? { description } : {}),
    privileged: isPrivilegedName(type, group.displayName),
    raw: group.raw,
  }
}

/** SCIM has no group description; Okta keeps it in `profile.description`. */
function descriptionOf(raw: Readonly<Record<string, unknown>>): string | undefined {
  const profile = isRecord(raw.profile) ? raw.profile : raw
  return typeof profile.description === 'string' && profile.description !== ''
    ? profile.description
    : undefined
}

function membershipOf(grant: GrantChange): Membership {
  return { groupId: grant.entitlementId, accountId: grant.accountId }
}

function receipt(grant: Grant, marker: GrantReceipt['marker']): GrantReceipt {
  const base = { entitlementId: grant.entitlementId, accountId: grant.accountId }
  return marker ? { ...base, marker } : base
}

function withNext<T>(items: readonly T[], nextCursor: string | undefined): Page<T> {
  return nextCursor === undefined ? { items } : { items, nextCursor }
}

/** One entitlement's grants: its member pages, cursors passed through. */
async function listGrantsOf(
  reader: GroupReader,
  entitlementId: string,
  opts: GrantListOptions,
): R<Page<Grant>> {
  const { entitlementId: _, ...rest } = opts
  const page = await reader.listMemberships({ ...rest, groupId: entitlementId })
  if (!page.ok) return page
  const items = page.value.items.map((m) => ({ entitlementId, accountId: m.accountId }))
  return ok(withNext(items, page.value.nextCursor))
}

/**
 * Where a walk over every group's members stands: the cursor of the group page being read
 * (absent for the first), the group's index in it, and the member cursor inside that group.
 */
const walkSchema = z.object({
  v: z.literal(1),
  kind: z.literal('grants'),
  groups: z.string().optional(),
  index: z.number().int().min(0),
  members: z.string().optional(),
  /** Inline members (SCIM) already returned from the current group. */
  at: z.number().int().min(1).optional(),
})
type Walk = z.infer<typeof walkSchema>

/**
 * Every grant, group after group. A page ends at `pageSize` grants (an app that ignores the
 * member page size may give more); its cursor records the group page, the index and the member cursor,
 * so a killed listing resumes there. A failed call returns the error and no partial page: the
 * same cursor can be tried again.
 */
async function listAllGrants(reader: GroupReader, opts: GrantListOptions): R<Page<Grant>> {
  const decoded = decodeWalk(opts.cursor)
  if (!decoded.ok) return decoded
  let walk = decoded.value
  const limit = Math.max(1, opts.pageSize ?? GRANT_PAGE)
  const items: Grant[] = []
  const signal = opts.signal ? { signal: opts.signal } : {}
  for (;;) {
    const groups = await reader.listGroups({
      ...(walk.groups ? { cursor: walk.groups } : {}),
      ...signal,
    })
    if (!groups.ok) return groups
    while (walk.index < groups.value.items.length) {
      const group = groups.value.items[walk.index] as RemoteGroup
      const read = await membersOf(reader, group, walk, limit - items.length, signal)
      if (!read.ok) return read
      items.push(
        ...read.value.items.map((m) => ({ entitlementId: group.id, accountId: m.accountId })),
      )
      walk = nextWalk(walk, read.value)
      if (items.length >= limit) return ok(pageEnd(items, walk, groups.value))
    }
    if (groups.value.nextCursor === undefined) return ok({ items })
    walk = { v: 1, kind: 'grants', groups: groups.value.nextCursor, index: 0 }
  }
}

/** Further inside the same group, or on to the next one. */
function nextWalk(walk: Walk, read: MemberRead): Walk {
  const base: Walk = {
    v: 1,
    kind: 'grants',
    index: walk.index,
    ...(walk.groups ? { groups: walk.groups } : {}),
  }
  if (read.nextCursor !== undefined) return { ...base, members: read.nextCursor }
  if (read.nextAt !== undefined) return { ...base, at: read.nextAt }
  return { ...base, index: walk.index + 1 }
}

type MemberRead = Page<Membership> & { readonly nextAt?: number }

/** The page's cursor, unless the walk just finished the last group of the last page. */
function pageEnd(items: Grant[], walk: Walk, groups: Page<RemoteGroup>): Page<Grant> {
  const done =
    walk.members === undefined &&
    walk.at === undefined &&
    walk.index >= groups.items.length &&
    groups.nextCursor === undefined
  return done ? { items } : { items, nextCursor: encodeWalk(walk) }
}

/**
 * Inline members when the listing carries them (sliced to the room left on the page, `at`
 * remembering how far), else the group's member pages.
 */
async function membersOf(
  reader: GroupReader,
  group: RemoteGroup,
  walk: Walk,
  room: number,
  signal: { signal?: AbortSignal },
): R<MemberRead> {
  const inline = group.memberIds ?? []
  if (walk.members === undefined && inline.length > 0) {
    const from = walk.at ?? 0
    const taken = inline.slice(from, from + Math.max(1, room))
    const items = taken.map((accountId) => ({ groupId: group.id, accountId }))
    const end = from + taken.length
    return ok(end < inline.length ? { items, nextAt: end } : { items })
  }
  const page = await reader.listMemberships({
    groupId: group.id,
    pageSize: Math.max(1, room),
    ...(walk.members ? { cursor: walk.members } : {}),
    ...signal,
  })
  // A group deleted between the listing and this read holds nobody any more.
  if (!page.ok && page.error.class === 'not_found') return ok({ items: [] })
  return page
}

function encodeWalk(walk: Walk): string {
  return Buffer.from(JSON.stringify(walk), 'utf8').toString('base64url')
}

function decodeWalk(cursor: string | undefined): Result<Walk, ConnectorError> {
  if (cursor === undefined) return ok({ v: 1, kind: 'grants', index: 0 })
  try {
    const parsed = walkSchema.safeParse(
      JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')),
    )
    if (parsed.success) return ok(parsed.data as Walk)
  } catch {
    // Reported below like any foreign cursor.
  }
  return err(
    new ConnectorError({
      class: 'invalid',
      code: CONNECTOR_ERROR_CODES.badCursor,
      message: 'The grants cursor is not one this connector issued',
    }),
  )
}
