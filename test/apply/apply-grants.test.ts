import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { OperationDraft } from '../../src/access/reconcile/types.js'
import { type OktaEmulator, startOktaEmulator } from '../emulators/okta.js'
import type { ReadOnlyGroup } from '../emulators/scim-routes.js'
import { type StensulEmulator, startStensulEmulator } from '../emulators/stensul.js'
import { closeHarness, FAST_JOBS } from '../helpers/apply.js'
import { eachDialect } from '../helpers/dialects.js'
import {
  accountsOf,
  applyAndWait,
  createDraft,
  deactivateDraft,
  entitlementsOf,
  grantDraft,
  insertPlan,
  repeated,
} from '../helpers/grant-plans.js'
import { grantLines } from '../helpers/grants.js'
import { type LifecycleHarness, openLifecycle, SYSTEM } from '../helpers/lifecycle.js'

const GENEROUS = { requests: 1000, windowMs: 1000, share: 1 }
const users = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}@acme.com`)

/**
 * Issue 15: grant operations run through the same durable jobs as accounts, with the same
 * retries and rate budgets. A plan of grant operations (written as the planner writes them) is
 * applied through the Stensul and Okta emulators while they answer 5xx, resets (some after the
 * work), slow answers and 429s; each app's membership log must show every grant change exactly
 * once and nothing else, and the refresh after apply must put the change into the graph.
 */
eachDialect('apply: grant operations through faults', (database) => {
  let h: LifecycleHarness
  let stensul: StensulEmulator
  let okta: OktaEmulator

  before(async () => {
    h = await openLifecycle(database, { ...FAST_JOBS, 'jobs.maxAttempts': 30 })
    stensul = await startStensulEmulator({ roles: ['Admin', 'Creator', 'Reviewer'] })
    okta = await startOktaEmulator()
  })
  after(async () => {
    await closeHarness(h)
    await stensul.close()
    await okta.close()
  })

  async function connect(catalogId: 'stensul' | 'okta', connection: object) {
    const app = await h.services.apps.connect(
      h.workspace.id,
      {
        catalogId,
        name: `${catalogId} ${Math.random().toString(36).slice(2, 7)}`,
        connection: { ...connection, rateLimit: GENEROUS },
      },
      SYSTEM,
    )
    const report = await h.services.graph.refreshApp(h.workspace.id, app.id, {
      trigger: 'cli',
      actor: SYSTEM,
    })
    assert.equal(report.status, 'succeeded', JSON.stringify(report))
    return app.id
  }

  /** Stensul: 40 reviewers, 4 of them admins; 5 new people come with two roles, one leaves. */
  async function stensulPlan(): Promise<{
    appId: string
    drafts: OperationDraft[]
    expected: string[]
  }> {
    const ids = stensul.seed(users(40, 'stn'))
    const roles = stensul.roles as ReadOnlyGroup[]
    const role = (name: string) => roles.find((r) => r.displayName === name) as ReadOnlyGroup
    role('Reviewer').memberIds = [...ids]
    role('Admin').memberIds = ids.slice(0, 4)
    const appId = await connect('stensul', stensul.connection)
    const accounts = [...(await accountsOf(h, appId)).values()]
    const ents = await entitlementsOf(h, appId)
    const [admin, creator, reviewer] = ['Admin', 'Creator', 'Reviewer'].map((n) => ents.get(n))
    assert.ok(admin && creator && reviewer && accounts.length === 40)
    const leaver = accounts.find((a) => a.userName === 'stn039@acme.com')
    assert.ok(leaver)
    // One operation per account (the plan's unique index): admins lose Admin, the leaver
    // leaves, everyone else becomes a creator.
    const admins = accounts.filter((a) => ids.slice(0, 4).includes(a.remoteId))
    const others = accounts.filter((a) => !admins.includes(a) && a !== leaver)
    const drafts: OperationDraft[] = [
      ...others.map((a) => grantDraft(appId, 'add_grant', a, creator)),
      ...admins.map((a) => grantDraft(appId, 'remove_grant', a, admin)),
      ...users(5, 'new').map((email) => createDraft(appId, email, [creator, reviewer])),
      deactivateDraft(appId, leaver, [reviewer]),
    ]
    const expected = [
      ...others.map((a) => `add role-creator ${a.remoteId}`),
      ...admins.map((a) => `remove role-admin ${a.remoteId}`),
      `remove role-reviewer ${leaver.remoteId}`,
    ]
    return { appId, drafts, expected }
  }

  /** Okta: 20 people in sales; 4 leave sales, the others join engineering. */
  async function oktaPlan(): Promise<{
    appId: string
    drafts: OperationDraft[]
    expected: string[]
  }> {
    const ids = okta.seedUsers(users(20, 'okt'))
    const sales = okta.seedGroup('sales', ids)
    const engineering = okta.seedGroup('engineering')
    const appId = await connect('okta', okta.connection)
    const accounts = [...(await accountsOf(h, appId)).values()]
    const ents = await entitlementsOf(h, appId)
    const [salesT, engT] = [ents.get('sales'), ents.get('engineering')]
    assert.ok(salesT && engT && accounts.length === 20)
    const leaving = accounts.filter((a) => ids.slice(0, 4).includes(a.remoteId))
    const staying = accounts.filter((a) => !leaving.includes(a))
    const drafts = [
      ...staying.map((a) => grantDraft(appId, 'add_grant', a, engT)),
      ...leaving.map((a) => grantDraft(appId, 'remove_grant', a, salesT)),
    ]
    const expected = [
      ...staying.map((a) => `add ${engineering} ${a.remoteId}`),
      ...leaving.map((a) => `remove ${sales} ${a.remoteId}`),
    ]
    return { appId, drafts, expected }
  }

  test('every grant change lands exactly once through 5xx, resets, timeouts and 429s', async () => {
    const s = await stensulPlan()
    const o = await oktaPlan()
    const stensulFrom = stensul.state.memberChanges.length
    const oktaFrom = okta.state.memberChanges.length
    const planId = await insertPlan(h, [...s.drafts, ...o.drafts])
    stensul.faults.set({
      seed: 15,
      errorRate: 0.1,
      resetRate: 0.06,
      slowRate: 0.02,
      slowMs: 7000,
      rateLimitPerSecond: 40,
      rateLimitBurst: 10,
      rateLimitRate: 0.03,
    })
    // Okta's own limit, per org: the budget must slow down on its 429s, not fail.
    okta.setRateLimit({ limit: 15, windowMs: 1000 })
    const result = await applyAndWait(h, planId).finally(() => {
      stensul.faults.set({})
      okta.setRateLimit({ limit: 6000, windowMs: 60_000 })
    })
    const total = s.drafts.length + o.drafts.length
    assert.equal(result.status, 'applied', JSON.stringify(result))
    assert.equal(result.applied, total)
    assert.equal(result.failed, 0)

    // The membership logs: each expected change once, nothing else (the new accounts' ids are
    // the app's; their two roles each, once).
    const created = stensul.state.creations.slice(-5)
    assert.deepEqual(created.sort(), users(5, 'new'))
    const newIds = [...stensul.state.users.values()]
      .filter((u) => String(u.resource.userName).startsWith('new'))
      .map((u) => u.id)
    const stensulExpected = [
      ...s.expected,
      ...newIds.flatMap((id) => [`add role-creator ${id}`, `add role-reviewer ${id}`]),
    ]
    const stensulLog = stensul.state.memberChanges
      .slice(stensulFrom)
      .map((c) => `${c.change} ${c.groupId} ${c.userId}`)
    assert.deepEqual(repeated(stensulLog), [])
    assert.deepEqual(stensulLog.sort(), stensulExpected.sort())
    const oktaLog = okta.state.memberChanges
      .slice(oktaFrom)
      .map((c) => `${c.change} ${c.groupId} ${c.userId}`)
    assert.deepEqual(repeated(oktaLog), [])
    assert.deepEqual(oktaLog.sort(), [...o.expected].sort())
    for (const role of stensul.roles)
      assert.equal(
        new Set(role.memberIds).size,
        role.memberIds.length,
        `${role.displayName} once each`,
      )
    assert.equal(stensul.state.duplicates(), 0, 'no account created twice')

    // The refresh after apply read the change back: the graph holds what the apps hold.
    const lines = await grantLines(h.store, s.appId)
    assert.equal(lines.filter((l) => l.startsWith('Creator ')).length, 35 + 5)
    assert.equal(lines.filter((l) => l.startsWith('Admin ')).length, 0)
    assert.ok(!lines.includes('Reviewer stn039@acme.com'), 'the leaver lost the role')
    const oktaLines = await grantLines(h.store, o.appId)
    assert.equal(oktaLines.filter((l) => l.startsWith('engineering ')).length, 16)
    assert.equal(oktaLines.filter((l) => l.startsWith('sales ')).length, 16)
    const stats = stensul.faults.stats
    assert.ok(stats.errors > 0 && stats.rateLimited > 0, JSON.stringify(stats))
  })

  test('a plan of grant operations alone is refreshed afterwards and finishes', async () => {
    const stensul2 = await startStensulEmulator({ roles: ['Editors'] })
    try {
      const [id = ''] = stensul2.seed(['solo@acme.com'])
      const appId = await connect('stensul', stensul2.connection)
      const [account] = [...(await accountsOf(h, appId)).values()]
      const editors = (await entitlementsOf(h, appId)).get('Editors')
      assert.ok(account && editors)
      assert.deepEqual(await grantLines(h.store, appId), [])
      const planId = await insertPlan(h, [grantDraft(appId, 'add_grant', account, editors)])
      const result = await applyAndWait(h, planId)
      assert.equal(result.status, 'applied', JSON.stringify(result))
      assert.ok(result.finishedAt, 'finished only after the refresh')
      assert.deepEqual(
        stensul2.state.memberChanges.map((c) => `${c.change} ${c.userId}`),
        [`add ${id}`],
      )
      assert.deepEqual(await grantLines(h.store, appId), ['Editors solo@acme.com'])
      const events = await h.store.db
        .selectFrom('events')
        .select(['type', 'data'])
        .where('type', '=', 'operation.applied')
        .where('subject_id', 'in', (eb) =>
          eb.selectFrom('plan_operations').select('id').where('plan_id', '=', planId),
        )
        .execute()
      assert.equal(events.length, 1)
      const data = (
        typeof events[0]?.data === 'string' ? JSON.parse(events[0].data) : events[0]?.data
      ) as Record<string, unknown>
      assert.equal(data.entitlementId, editors.entitlementId)
    } finally {
      await stensul2.close()
    }
  })

  test('a plan that removes most of an app’s grants is read back, not held as a sudden drop', async () => {
    const stensul3 = await startStensulEmulator({ roles: ['Editors'] })
    try {
      const ids = stensul3.seed(users(12, 'drop'))
      const editors = (stensul3.roles as ReadOnlyGroup[])[0] as ReadOnlyGroup
      editors.memberIds = [...ids]
      const appId = await connect('stensul', stensul3.connection)
      const accounts = [...(await accountsOf(h, appId)).values()]
      const target = (await entitlementsOf(h, appId)).get('Editors')
      assert.ok(target && accounts.length === 12)
      // 10 of 12 grants: far over the graph's sudden-drop rule (10%, at least 5), but asked for.
      const leaving = accounts.slice(0, 10)
      const drafts = leaving.map((a) => grantDraft(appId, 'remove_grant', a, target))
      const result = await applyAndWait(h, await insertPlan(h, drafts))
      assert.equal(result.status, 'applied', JSON.stringify(result))
      assert.ok(result.finishedAt, 'finished only after the refresh')
      const lines = await grantLines(h.store, appId)
      assert.equal(lines.length, 2, lines.join('\n'))
      const snapshot = await h.services.graph.latestSnapshot(appId)
      assert.equal(snapshot?.status, 'succeeded', JSON.stringify(snapshot))
    } finally {
      await stensul3.close()
    }
  })
})
