import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import fc from 'fast-check'
import type { PlanView } from '../../src/access/reconcile/index.js'
import { startSanaEmulator } from '../emulators/sana.js'
import { eachDialect } from '../helpers/dialects.js'
import {
  type CsvPerson,
  type LifecycleHarness,
  openLifecycle,
  SYSTEM,
} from '../helpers/lifecycle.js'
import { applyOperations, reconcileWith, type SeedUser, seedSana } from '../helpers/reconcile.js'

/** A person of the source, and what account (if any) Sana already has for them. */
const personSpec = fc.record({
  group: fc.constantFrom('Eng', 'Sales'),
  active: fc.boolean(),
  account: fc.option(
    fc.record({ active: fc.boolean(), rightName: fc.boolean(), byEmailOnly: fc.boolean() }),
  ),
})
const worldSpec = fc.record({
  people: fc.array(personSpec, { maxLength: 7 }),
  orphans: fc.integer({ min: 0, max: 2 }),
  // Policy variations the plan must converge under.
  orphanPolicy: fc.constantFrom('report', 'deactivate'),
})

type World = typeof worldSpec extends fc.Arbitrary<infer T> ? T : never

function peopleOf(world: World, run: number): CsvPerson[] {
  return world.people.map((p, i) => ({
    email: `p${i}.r${run}@acme.com`,
    given: `Given${i}`,
    family: `Run${run}`,
    groups: [p.group],
    active: p.active,
  }))
}

function accountsOf(world: World, run: number): SeedUser[] {
  const accounts = world.people.flatMap((p, i): SeedUser[] => {
    if (!p.account) return []
    const email = `p${i}.r${run}@acme.com`
    return [
      {
        // Some accounts only share the email (another userName): correlation still finds them.
        userName: p.account.byEmailOnly ? `legacy-${i}-r${run}` : email,
        email,
        active: p.account.active,
        displayName: p.account.rightName ? `Given${i} Run${run}` : 'Someone Else',
      },
    ]
  })
  for (let i = 0; i < world.orphans; i++)
    accounts.push({ userName: `orphan${i}.r${run}@elsewhere.org`, displayName: 'Orphan' })
  return accounts
}

function assertOneOperationPerAccount(plan: PlanView): void {
  const accounts = plan.operations.flatMap((op) => (op.accountId ? [op.accountId] : []))
  assert.equal(new Set(accounts).size, accounts.length, 'two operations for one account')
  const people = plan.operations.flatMap((op) => (op.personId ? [op.personId] : []))
  assert.equal(new Set(people).size, people.length, 'two operations for one person in one app')
}

/**
 * The properties of issue 7, through the real path: people from a CSV source, accounts listed
 * from the Sana emulator into the graph, plans applied through the app's own connector.
 */
eachDialect('reconcile (property): plans converge', (database) => {
  let h: LifecycleHarness
  let run = 0
  let planned = 0

  before(async () => {
    h = await openLifecycle(database)
  })
  after(async () => h.close())

  it('a state against itself plans nothing; applying a plan and reconciling again plans nothing', async () => {
    await fc.assert(
      fc.asyncProperty(worldSpec, async (world) => {
        run += 1
        const sana = await startSanaEmulator()
        try {
          await h.setPeople(peopleOf(world, run), { acceptGone: true })
          seedSana(sana, accountsOf(world, run))
          const appId = await h.connectSana(sana, {
            assignment: { filter: 'groups.display eq "Eng"' },
            mappings: { displayName: 'Join(" ", name.givenName, name.familyName)' },
            policy: { orphans: world.orphanPolicy },
          })
          const reconcile = reconcileWith(h.services, { chunkSize: 2 })
          const plan = (person?: string) =>
            reconcile.createPlan(
              h.workspace.id,
              { appId, ...(person ? { person } : {}) },
              { trigger: 'cli', actor: SYSTEM },
            )
          const refresh = async () => {
            const report = await h.services.graph.refreshApp(h.workspace.id, appId, {
              trigger: 'cli',
              actor: SYSTEM,
              acceptGone: true,
            })
            assert.equal(report.status, 'succeeded', JSON.stringify(report))
          }
          await refresh()
          const first = await plan()
          assertOneOperationPerAccount(first)
          planned += first.operations.length
          // The same state planned again: the same steps, with the same idempotency keys.
          const again = await plan()
          assert.deepEqual(
            again.operations.map((op) => op.idempotencyKey),
            first.operations.map((op) => op.idempotencyKey),
          )
          await applyOperations(h.services, h.workspace.id, first.operations)
          await refresh()
          const after = await plan()
          assert.deepEqual(
            after.operations.map((op) => `${op.kind} ${op.personEmail ?? op.accountId}`),
            [],
          )
          assert.deepEqual(after.held, [])
          assert.equal(sana.state.duplicates(), 0)
        } finally {
          await sana.close()
        }
      }),
      { numRuns: database.dialect === 'sqlite' ? 12 : 6 },
    )
    assert.ok(planned > 0, 'the worlds generated planned something')
  })
})
