import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { err, ok, unwrap } from '../../../shared/result.js'
import { PRIVILEGED_BY_NAME } from '../../catalog/index.js'
import type { Grant, Membership, Page, RemoteGroup } from '../connector.js'
import { ConnectorError } from '../connector-errors.js'
import { type GroupReader, groupEntitlements, groupGrants } from './group-entitlements.js'

/** Groups paged two at a time; `inline` groups carry members, the others are read by id. */
function reader(groups: RemoteGroup[], members: Record<string, string[]>): GroupReader {
  const page = <T>(items: T[], cursor: string | undefined, size: number): Page<T> => {
    const start = Number(cursor ?? 0)
    const slice = items.slice(start, start + size)
    const next = start + size < items.length ? String(start + size) : undefined
    return next ? { items: slice, nextCursor: next } : { items: slice }
  }
  return {
    listGroups: async (opts) => ok(page(groups, opts.cursor, 2)),
    listMemberships: async (opts) => {
      const ids = members[opts.groupId]
      if (!ids) return err(new ConnectorError({ class: 'not_found', message: 'gone' }))
      const items: Membership[] = ids.map((accountId) => ({ groupId: opts.groupId, accountId }))
      return ok(page(items, opts.cursor, opts.pageSize ?? 100))
    },
  }
}

const group = (id: string, memberIds?: string[]): RemoteGroup => ({
  id,
  displayName: id,
  ...(memberIds ? { memberIds } : {}),
  raw: { id },
})

async function walk(source: GroupReader, pageSize: number): Promise<Grant[][]> {
  const entitlements = groupEntitlements(source, { kind: 'group', privileged: PRIVILEGED_BY_NAME })
  const pages: Grant[][] = []
  let cursor: string | undefined
  do {
    const page = unwrap(await entitlements.listGrants({ pageSize, ...(cursor ? { cursor } : {}) }))
    pages.push([...page.items])
    cursor = page.nextCursor
  } while (cursor)
  return pages
}

describe('group-backed entitlements', () => {
  const groups = [
    group('Admins', ['a', 'b', 'c']),
    group('Sales'),
    group('Empty', []),
    group('Vanished'),
    group('Support', ['d']),
  ]
  const members = { Sales: ['e', 'f', 'g', 'h', 'i'], Empty: [] }

  it('walks every grant once, in pages no larger than asked, inline or read by id', async () => {
    for (const size of [1, 2, 3, 7, 100]) {
      const pages = await walk(reader(groups, members), size)
      const all = pages.flat().map((g) => `${g.entitlementId}:${g.accountId}`)
      assert.deepEqual(all, [
        'Admins:a',
        'Admins:b',
        'Admins:c',
        'Sales:e',
        'Sales:f',
        'Sales:g',
        'Sales:h',
        'Sales:i',
        'Support:d',
      ])
      assert.ok(
        pages.every((p) => p.length <= size),
        `size ${size}`,
      )
    }
  })

  it('refuses a cursor it did not issue', async () => {
    const entitlements = groupEntitlements(reader(groups, members), {
      kind: 'role',
      privileged: PRIVILEGED_BY_NAME,
    })
    const bad = await entitlements.listGrants({ cursor: 'not-a-cursor' })
    assert.equal(bad.ok ? '' : bad.error.code, 'CONNECTOR_BAD_CURSOR')
  })

  it('gives entitlements the kind and privileged flag of the catalog type', async () => {
    const entitlements = groupEntitlements(reader(groups, members), {
      kind: 'role',
      privileged: PRIVILEGED_BY_NAME,
    })
    const page = unwrap(await entitlements.listEntitlements({}))
    assert.deepEqual(
      page.items.map((e) => [e.id, e.kind, e.privileged]),
      [
        ['Admins', 'role', true],
        ['Sales', 'role', false],
      ],
    )
    assert.ok(page.nextCursor)
  })

  it('maps membership markers to grant markers; a missing group is already_gone', async () => {
    const grants = groupGrants({
      addMember: async (m) => ok({ ...m, marker: 'no_change' }),
      removeMember: async () => err(new ConnectorError({ class: 'not_found', message: 'gone' })),
    })
    const grant = { entitlementId: 'g', accountId: 'a' }
    const added = unwrap(await grants.addGrant(grant, { idempotencyKey: 'k' }))
    assert.deepEqual(added, { ...grant, marker: 'already_exists' })
    const removed = unwrap(await grants.removeGrant(grant, { idempotencyKey: 'k' }))
    assert.deepEqual(removed, { ...grant, marker: 'already_gone' })
  })
})
