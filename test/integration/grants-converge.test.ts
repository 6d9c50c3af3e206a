import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import fc from 'fast-check'
import type { PlanView } from '../../src/access/reconcile/index.js'
import { type OktaEmulator, startOktaEmulator } from '../emulators/okta.js'
import type { ReadOnlyGroup } from '../emulators/scim-routes.js'
import { type StensulEmulator, startStensulEmulator } from '../emulators/stensul.js'
import { eachDialect } from '../helpers/dialects.js'
import { applyAndWait } from '../helpers/grant-plans.js'
import { type LifecycleHarness, openLifecycle, SYSTEM } from '../helpers/lifecycle.js'

const GENEROUS = { requests: 1000, windowMs: 1000, share: 1 }
const run = { trigger: 'cli', actor: SYSTEM } as const
const PEOPLE = ['ada', 'bob', 'cy', 'dee', 'eve', 'fay'].map((n) => `${n}@acme.com`)
const ROLES = ['Admin', 'Creator', 'Sales-Editor', 'Eng-Editor'] as const
const GROUPS = ['sales', 'engineering', 'Okta Admins'] as const

/**
 * Issue 15's convergence property, through the real planner, apply and emulators: whatever
 * roles (Stensul) and groups (Okta) people hold and whichever department they are in, a plan
 * applied, read back and planned again plans nothing, and no plan has two operations for one
 * grant. Rules: Creator for everyone, Sales-Editor / `sales` for Sales, Eng-Editor /
 * `engineering` for Engineering, Okta's Everyone for everyone; Admin and Okta Admins for nobody
 * (privileged: their removal waits for approval, given here).
 */
eachDialect('grants converge: plan, apply, refresh, plan again', (database) => {
  let h: LifecycleHarness
  let stensul: StensulEmulator
  let okta: OktaEmulator
  let stensulIds: string[]
  let oktaIds: string[]
  const apps = { stensul: '', okta: '' }

  before(async () => {
    h = await openLifecycle(database)
    await h.setPeople(
      PEOPLE.map((email) => ({ email, given: 'G', family: 'F', groups: ['Sales'] })),
    )
    stensul = await startStensulEmulator({ roles: [...ROLES] })
    stensulIds = stensul.seed(PEOPLE)
    okta = await startOktaEmulator()
    oktaIds = okta.seedUsers(PEOPLE)
    for (const name of GROUPS) okta.seedGroup(name)
    apps.stensul = await connect('stensul', 'Stensul', stensul.connection)
    apps.okta = await connect('okta', 'Okta', okta.connection)
    await refreshAll()
    await setRules()
  })
  after(async () => {
    await Promise.all([stensul?.close(), okta?.close()])
    await h?.close()
  })

  async function connect(catalogId: string, name: string, connection: object) {
    const app = await h.services.apps.connect(
      h.workspace.id,
      {
        catalogId,
        name,
        connection: { ...connection, rateLimit: GENEROUS },
        assignment: { all: true },
      },
      SYSTEM,
    )
    return app.id
  }

  async function refreshAll() {
    for (const report of await h.refresh({ acceptGone: true }))
      assert.equal(report.status, 'succeeded', JSON.stringify(report))
  }

  async function setRules() {
    const sales = 'groups.display eq "Sales"'
    const eng = 'groups.display eq "Engineering"'
    await h.services.apps.update(
      h.workspace.id,
      apps.stensul,
      {
        grants: [
          { entitlement: 'Creator' },
          { entitlement: 'Sales-Editor', filter: sales },
          { entitlement: 'Eng-Editor', filter: eng },
        ],
      },
      SYSTEM,
    )
    await h.services.apps.update(
      h.workspace.id,
      apps.okta,
      {
        grants: [
          { entitlement: 'Everyone' },
          { entitlement: 'sales', filter: sales },
          { entitlement: 'engineering', filter: eng },
        ],
      },
      SYSTEM,
    )
  }

  type World = { departments: boolean[]; roles: boolean[][]; groups: boolean[][] }

  /** Puts a world into the emulators and the people source. */
  async function setWorld(world: World) {
    for (const [r, role] of (stensul.roles as ReadOnlyGroup[]).entries())
      role.memberIds = stensulIds.filter((_, p) => world.roles[r]?.[p] === true)
    for (const [g, name] of GROUPS.entries()) {
      const group = [...okta.state.groups.values()].find((x) => x.profile.name === name)
      assert.ok(group, name)
      for (const [p, id] of oktaIds.entries())
        okta.state.setMember(group, id, world.groups[g]?.[p] === true)
    }
    await h.setPeople(
      PEOPLE.map((email, p) => ({
        email,
        given: 'G',
        family: 'F',
        groups: [world.departments[p] ? 'Sales' : 'Engineering'],
      })),
    )
  }

  /** Every grant operation's (app, account or person, entitlement): never twice in a plan. */
  function grantKeys(plan: PlanView): string[] {
    return plan.operations.flatMap((op) =>
      op.payload.kind === 'add_grant' || op.payload.kind === 'remove_grant'
        ? [`${op.appId} ${op.accountId ?? op.personId} ${op.payload.entitlement.entitlementId}`]
        : [],
    )
  }

  const operationsOf = (plan: PlanView) =>
    plan.operations.map((op) => `${op.kind} ${op.personEmail ?? op.remoteId}`)

  it('a plan applied through Stensul and Okta, read back and planned again, plans nothing', async () => {
    const bits = (n: number) => fc.array(fc.boolean(), { minLength: n, maxLength: n })
    const world = fc.record({
      departments: bits(PEOPLE.length),
      roles: fc.array(bits(PEOPLE.length), { minLength: ROLES.length, maxLength: ROLES.length }),
      groups: fc.array(bits(PEOPLE.length), { minLength: GROUPS.length, maxLength: GROUPS.length }),
    })
    let grantOperations = 0
    await fc.assert(
      fc.asyncProperty(world, async (w: World) => {
        await setWorld(w)
        await refreshAll()
        const plan = await h.services.reconcile.createPlan(h.workspace.id, {}, run, { limit: 1000 })
        const keys = grantKeys(plan)
        grantOperations += keys.length
        assert.equal(new Set(keys).size, keys.length, `two operations for one grant: ${keys}`)
        if (plan.held.length > 0)
          await h.services.reconcile.approve(h.workspace.id, plan.id, undefined, SYSTEM, {
            reason: 'the property test approves everything',
          })
        const applied = await applyAndWait(h, plan.id)
        assert.equal(applied.failed, 0, JSON.stringify(applied))
        await refreshAll()
        const again = await h.services.reconcile.createPlan(h.workspace.id, {}, run, {
          limit: 1000,
        })
        assert.deepEqual(operationsOf(again), [], `after ${JSON.stringify(operationsOf(plan))}`)
      }),
      { numRuns: 4, seed: 15 },
    )
    assert.ok(grantOperations > 10, `the worlds planned grant operations: ${grantOperations}`)
  })
})
