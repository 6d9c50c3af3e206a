import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { eachDialect } from '../helpers/dialects.js'
import {
  type CsvPerson,
  type LifecycleHarness,
  openLifecycle,
  SYSTEM,
} from '../helpers/lifecycle.js'

const FAST_JOBS = { 'jobs.pollMs': 20, 'jobs.leaseMs': 4000, 'jobs.background': false }
const ADMIN = { type: 'user', id: null } as const
const TEAM: CsvPerson[] = ['ada', 'bob', 'cy'].map((n) => ({
  email: `${n}@acme.test`,
  given: n,
  family: 'F',
}))

/**
 * Decisions that stick (issue 19): an admin's offboarding holds against the sources until it is
 * reversed, and a rejection answers the same question in later plans until the facts change.
 */
eachDialect('decisions that stick', (database) => {
  let h: LifecycleHarness
  let plain: SanaEmulator
  let guarded: SanaEmulator
  const apps = { plain: '', guarded: '' }

  before(async () => {
    h = await openLifecycle(database, FAST_JOBS)
    plain = await startSanaEmulator()
    guarded = await startSanaEmulator()
    for (const app of [plain, guarded]) app.seed(TEAM.map((p) => p.email))
    await h.setPeople(TEAM)
    apps.plain = await h.connectSana(plain)
    apps.guarded = await h.connectSana(guarded, { policy: { approve: ['deactivate'] } })
    await h.refresh()
  })
  after(async () => {
    await h.services.stopJobs()
    if (h.store.schema)
      await sql.raw(`drop schema if exists ${h.store.schema}_boss cascade`).execute(h.store.db)
    await h.close()
    await Promise.all([plain.close(), guarded.close()])
  })

  const workspacePlan = () =>
    h.services.reconcile.createPlan(h.workspace.id, {}, { trigger: 'cli', actor: SYSTEM })
  const opsOf = async (email: string) =>
    (await workspacePlan()).operations.filter((op) => op.personEmail === email)
  async function applyAll(planId: string) {
    const worker = h.services.apply.createWorker(`test-${Math.random()}`)
    worker.start()
    try {
      await h.services.apply.waitFor(h.workspace.id, planId, { pollMs: 20 })
    } finally {
      await worker.stop()
    }
  }

  test('an offboarding holds against an active source until an admin reverses it', async () => {
    const report = await h.services.personLifecycle.offboard(h.workspace.id, 'bob@acme.test', {
      ...{ actor: ADMIN, trigger: 'api', apply: true },
      reason: 'HR: last day today',
    })
    await applyAll(report.planId)
    await h.refresh()
    const bob = [...plain.state.users.values()].find((u) => u.resource.userName === 'bob@acme.test')
    assert.equal(bob?.resource.active, false)
    // The source still says Bob is active; the next reconcile must not bring him back.
    const later = await opsOf('bob@acme.test')
    assert.deepEqual(
      later.filter((op) => op.kind === 'reactivate' || op.kind === 'create'),
      [],
      JSON.stringify(later),
    )
    await assert.rejects(
      h.services.personLifecycle.onboard(h.workspace.id, 'bob@acme.test', {
        actor: ADMIN,
        trigger: 'api',
      }),
      /was offboarded by user on .* \(HR: last day today\)/,
    )
    // Reversed with a reason, access may come back.
    await h.services.personLifecycle.reinstate(h.workspace.id, 'bob@acme.test', {
      actor: ADMIN,
      reason: 'stays on as a contractor',
    })
    const restored = await opsOf('bob@acme.test')
    assert.ok(
      restored.some((op) => op.kind === 'reactivate' && op.appId === apps.plain),
      JSON.stringify(restored),
    )
  })

  test('a rejection is remembered until the facts change', async () => {
    await h.setPeople(TEAM.map((p) => (p.email === 'cy@acme.test' ? { ...p, active: false } : p)))
    const first = await workspacePlan()
    const held = first.operations.find(
      (op) => op.personEmail === 'cy@acme.test' && op.appId === apps.guarded,
    )
    assert.equal(held?.status, 'held')
    await h.services.reconcile.reject(h.workspace.id, first.id, held?.id, ADMIN, {
      reason: 'parental leave',
    })
    const again = (await opsOf('cy@acme.test')).find((op) => op.appId === apps.guarded)
    assert.equal(again?.status, 'rejected', 'not asked again')
    const row = await h.store.db
      .selectFrom('plan_operations')
      .select('decision_reason')
      .where('id', '=', again?.id ?? '')
      .executeTakeFirstOrThrow()
    assert.equal(row.decision_reason, 'rejected earlier by user: parental leave')
    // The person changes (a new name in the source): the question is asked again.
    await h.setPeople(
      TEAM.map((p) => (p.email === 'cy@acme.test' ? { ...p, given: 'Cyrus', active: false } : p)),
    )
    const changed = (await opsOf('cy@acme.test')).find((op) => op.appId === apps.guarded)
    assert.equal(changed?.status, 'held')
  })
})
