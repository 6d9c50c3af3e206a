import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import fc from 'fast-check'
import { type OktaEmulator, startOktaEmulator } from '../emulators/okta.js'
import type { ReadOnlyGroup } from '../emulators/scim-routes.js'
import { type StensulEmulator, startStensulEmulator } from '../emulators/stensul.js'
import { eachDialect } from '../helpers/dialects.js'
import {
  entitlementLines,
  grantChangeLines,
  grantEventLines,
  grantLines,
} from '../helpers/grants.js'
import { type LifecycleHarness, openLifecycle, SYSTEM } from '../helpers/lifecycle.js'

const GENEROUS = { requests: 1000, windowMs: 1000, share: 1 }
const opts = { trigger: 'cli', actor: SYSTEM } as const
const USERS = ['ada@acme.com', 'grace@acme.com', 'hedy@acme.com', 'kim@acme.com']

/**
 * Issue 15, step 1: an app's entitlements and grants are refreshed with its accounts, by the same
 * listing, through the Stensul (roles as SCIM Groups) and Okta (groups) emulators.
 */
eachDialect('graph: refreshing entitlements and grants with the accounts', (database) => {
  let h: LifecycleHarness
  const closers: Array<() => Promise<void>> = []
  const graph = () => h.services.graph
  const refresh = (appId: string, extra: { acceptGone?: boolean; pageSize?: number } = {}) =>
    graph().refreshApp(h.workspace.id, appId, { ...opts, ...extra })

  before(async () => {
    h = await openLifecycle(database)
    await h.setPeople(USERS.map((email) => ({ email, given: 'G', family: 'F' })))
  })
  after(async () => {
    for (const close of closers) await close()
    await h.close()
  })

  /** A Stensul app whose roles hold the given users (by index into USERS). */
  async function stensulApp(members: Record<string, number[]>, maxPageSize = 2) {
    const stensul = await startStensulEmulator({ maxPageSize, roles: Object.keys(members) })
    closers.push(() => stensul.close())
    const ids = stensul.seed(USERS)
    setMembers(stensul, ids, members)
    const app = await h.services.apps.connect(
      h.workspace.id,
      {
        catalogId: 'stensul',
        name: `Stensul ${Math.random().toString(36).slice(2, 7)}`,
        connection: { ...stensul.connection, rateLimit: GENEROUS },
      },
      SYSTEM,
    )
    return { stensul, ids, appId: app.id }
  }

  function setMembers(
    stensul: StensulEmulator,
    ids: readonly string[],
    members: Record<string, number[]>,
  ) {
    for (const role of stensul.roles as ReadOnlyGroup[])
      role.memberIds = (members[role.displayName] ?? []).map((i) => ids[i] ?? '')
  }

  it('Stensul: roles and their members become entitlements and grants; a removed member is `removed`, a returning one `restored`', async () => {
    const { stensul, ids, appId } = await stensulApp({
      Admin: [0, 1],
      Creator: [2],
      Reviewer: [],
    })
    const first = await refresh(appId)
    assert.equal(first.status, 'succeeded', JSON.stringify(first))
    assert.deepEqual(await entitlementLines(h.store, appId), [
      'Admin role privileged',
      'Creator role',
      'Reviewer role',
    ])
    assert.deepEqual(await grantLines(h.store, appId), [
      'Admin ada@acme.com',
      'Admin grace@acme.com',
      'Creator hedy@acme.com',
    ])
    const counts = first.counts.entitlements
    assert.deepEqual(
      [counts?.entitlements, counts?.grantsSeen, counts?.grantsAdded, counts?.grantsRemoved],
      [3, 3, 3, 0],
    )
    assert.deepEqual(await grantChangeLines(h.store, first.snapshotId), [
      'added Admin ada@acme.com',
      'added Admin grace@acme.com',
      'added Creator hedy@acme.com',
    ])
    assert.deepEqual(await grantEventLines(h.store, appId), [
      'grant.added Admin account:true person:true',
      'grant.added Admin account:true person:true',
      'grant.added Creator account:true person:true',
    ])

    setMembers(stensul, ids, { Admin: [0], Creator: [2, 3] })
    const second = await refresh(appId)
    assert.equal(second.status, 'succeeded', JSON.stringify(second))
    assert.deepEqual(await grantChangeLines(h.store, second.snapshotId), [
      'added Creator kim@acme.com',
      'removed Admin grace@acme.com',
    ])
    assert.equal(second.counts.entitlements?.grantsRemoved, 1)
    assert.deepEqual(
      (await graph().grantChanges(h.workspace.id, appId)).map((c) => c.change).sort(),
      ['added', 'removed'],
    )
    assert.deepEqual(await grantLines(h.store, appId, { includeRemoved: true }), [
      'Admin ada@acme.com',
      'Creator hedy@acme.com',
      'Creator kim@acme.com',
      'removed Admin grace@acme.com',
    ])

    const heldSince = () =>
      h.store.db
        .selectFrom('grants')
        .innerJoin('accounts', 'accounts.id', 'grants.account_id')
        .innerJoin('entitlements', 'entitlements.id', 'grants.entitlement_id')
        .select('grants.first_seen_at')
        .where('accounts.user_name', '=', 'grace@acme.com')
        .where('entitlements.display_name', '=', 'Admin')
        .executeTakeFirstOrThrow()
    const before = (await heldSince()).first_seen_at
    setMembers(stensul, ids, { Admin: [0, 1], Creator: [2, 3] })
    const third = await refresh(appId)
    // Restored is held anew: a later removal is a new intent, not the one already applied.
    assert.notEqual((await heldSince()).first_seen_at, before)
    assert.deepEqual(await grantChangeLines(h.store, third.snapshotId), [
      'restored Admin grace@acme.com',
    ])
    const fourth = await refresh(appId)
    assert.deepEqual(await grantChangeLines(h.store, fourth.snapshotId), [])
    assert.equal(fourth.counts.entitlements?.grantsSeen, 4)
  })

  it('Okta: groups and their members; a member taken out is `removed` by the next refresh', async () => {
    const okta: OktaEmulator = await startOktaEmulator()
    closers.push(() => okta.close())
    const ids = okta.seedUsers(USERS)
    const sales = okta.seedGroup('sales', [ids[0] ?? '', ids[1] ?? ''])
    okta.seedGroup('Okta Admins', [ids[2] ?? ''])
    const app = await h.services.apps.connect(
      h.workspace.id,
      {
        catalogId: 'okta',
        name: 'Okta',
        connection: { ...okta.connection, rateLimit: GENEROUS },
      },
      SYSTEM,
    )
    const first = await refresh(app.id)
    assert.equal(first.status, 'succeeded', JSON.stringify(first))
    const lines = (await grantLines(h.store, app.id)).filter((l) => !l.startsWith('Everyone'))
    assert.deepEqual(lines, [
      'Okta Admins hedy@acme.com',
      'sales ada@acme.com',
      'sales grace@acme.com',
    ])
    const entitlements = await entitlementLines(h.store, app.id)
    assert.ok(entitlements.includes('Okta Admins group privileged'), entitlements.join('\n'))
    assert.ok(entitlements.includes('sales group'))

    const group = okta.state.groups.get(sales)
    assert.ok(group)
    okta.state.setMember(group, ids[1] ?? '', false)
    const second = await refresh(app.id)
    assert.equal(second.status, 'succeeded', JSON.stringify(second))
    assert.deepEqual(await grantChangeLines(h.store, second.snapshotId), [
      'removed sales grace@acme.com',
    ])
  })

  it('a refresh killed mid-grants removes nothing, resumes in the grants phase and counts each grant once', async () => {
    const { stensul, ids, appId } = await stensulApp(
      { Alpha: [0, 1, 2, 3], Beta: [0, 1], Gamma: [2, 3], Delta: [1] },
      1,
    )
    const full = await refresh(appId, { pageSize: 2 })
    assert.equal(full.status, 'succeeded', JSON.stringify(full))
    assert.equal(full.counts.entitlements?.grantsAdded, 9)
    assert.ok((full.counts.entitlements?.grantPages ?? 0) >= 3, 'the grants come in pages')

    // Grace leaves Alpha and Kim joins Beta; the next refresh is killed after one grant page.
    setMembers(stensul, ids, { Alpha: [0, 2, 3], Beta: [0, 1, 3], Gamma: [2, 3], Delta: [1] })
    const stop = new AbortController()
    const killed = await graph().refreshApp(h.workspace.id, appId, {
      ...opts,
      signal: stop.signal,
      pageSize: 2,
      onProgress: (_app, counts) => {
        if ((counts.entitlements?.grantPages ?? 0) >= 1) stop.abort()
      },
    })
    assert.equal(killed.status, 'failed', JSON.stringify(killed))
    assert.equal(killed.counts.entitlements?.grantsRemoved, 0)
    const stored = await graph().latestSnapshot(appId)
    assert.match(JSON.stringify(stored?.checkpoint), /phase\W+grants/)
    assert.ok(
      (await grantLines(h.store, appId)).includes('Alpha grace@acme.com'),
      'nothing removed',
    )

    const resumed = await refresh(appId, { pageSize: 2 })
    assert.equal(resumed.status, 'succeeded', JSON.stringify(resumed))
    assert.equal(resumed.resumed, true)
    assert.equal(resumed.snapshotId, killed.snapshotId)
    const counts = resumed.counts.entitlements
    assert.deepEqual(
      [counts?.entitlements, counts?.grantsSeen, counts?.grantsAdded, counts?.grantsRemoved],
      [4, 9, 1, 1],
      'each grant counted once',
    )
    assert.equal(resumed.counts.listed, 4, 'the accounts were not listed again')
    assert.deepEqual(await grantChangeLines(h.store, resumed.snapshotId), [
      'added Beta kim@acme.com',
      'removed Alpha grace@acme.com',
    ])
  })

  it('groups that come back with no members hold the snapshot; nothing is removed until accepted', async () => {
    const { stensul, ids, appId } = await stensulApp({ Admin: [0], Creator: [1, 2], Reviewer: [3] })
    assert.equal((await refresh(appId)).status, 'succeeded')
    setMembers(stensul, ids, {})
    const held = await refresh(appId)
    assert.equal(held.status, 'held', JSON.stringify(held))
    assert.equal(held.error?.code, 'GRAPH_REFRESH_HELD')
    assert.match(held.error?.message ?? '', /listed no grants/)
    assert.equal((await grantLines(h.store, appId)).length, 4, 'every grant is still live')
    assert.deepEqual(await grantChangeLines(h.store, held.snapshotId), [])

    const accepted = await refresh(appId, { acceptGone: true })
    assert.equal(accepted.status, 'succeeded', JSON.stringify(accepted))
    assert.equal(accepted.counts.entitlements?.grantsRemoved, 4)
    assert.deepEqual(await grantLines(h.store, appId), [])
  })

  it('a listing that would strip more than the safety share of live grants is held too', async () => {
    const many = Array.from({ length: 10 }, (_, i) => `Team ${i}`)
    const all = Object.fromEntries(many.map((name) => [name, [0, 1, 2, 3]]))
    const { stensul, ids, appId } = await stensulApp(all, 5)
    assert.equal((await refresh(appId)).status, 'succeeded')
    // 40 live grants; 8 vanish (more than max(5, 10% of 40)) while 32 are still listed.
    setMembers(stensul, ids, { ...all, 'Team 0': [], 'Team 1': [] })
    const held = await refresh(appId)
    assert.equal(held.status, 'held', JSON.stringify(held))
    assert.match(held.error?.message ?? '', /8 of 40 grants/)
    assert.equal((await grantLines(h.store, appId)).length, 40)
    // Within the rule (4 of 40), a refresh removes them.
    setMembers(stensul, ids, { ...all, 'Team 0': [0, 1], 'Team 1': [0, 1] })
    const fine = await refresh(appId)
    assert.equal(fine.status, 'succeeded', JSON.stringify(fine))
    assert.equal(fine.counts.entitlements?.grantsRemoved, 4)
  })

  it('property: refreshing the same state twice changes nothing the second time', async () => {
    const roles = ['Admin', 'Creator', 'Reviewer']
    const { stensul, ids, appId } = await stensulApp({ Admin: [], Creator: [], Reviewer: [] })
    const membership = fc.record(
      Object.fromEntries(roles.map((r) => [r, fc.subarray([0, 1, 2, 3])])) as Record<
        string,
        fc.Arbitrary<number[]>
      >,
    )
    await fc.assert(
      fc.asyncProperty(membership, async (members) => {
        setMembers(stensul, ids, members)
        const first = await refresh(appId, { acceptGone: true })
        assert.equal(first.status, 'succeeded', JSON.stringify(first))
        const expected = roles
          .flatMap((r) => (members[r] ?? []).map((i) => `${r} ${USERS[i]}`))
          .sort()
        assert.deepEqual(await grantLines(h.store, appId), expected)
        const again = await refresh(appId)
        assert.equal(again.status, 'succeeded')
        assert.deepEqual(await grantChangeLines(h.store, again.snapshotId), [])
        const c = again.counts.entitlements
        assert.deepEqual([c?.grantsAdded, c?.grantsRemoved, c?.grantsRestored], [0, 0, 0])
      }),
      { numRuns: 8 },
    )
  })
})
