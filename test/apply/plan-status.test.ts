import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createJobQueue } from '../../src/platform/jobs/index.js'
import { systemClock } from '../../src/shared/clock.js'
import { uuidGenerator } from '../../src/shared/ids.js'
import { silentLogger } from '../../src/shared/logger.js'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { closeHarness, FAST_JOBS, people } from '../helpers/apply.js'
import { eachDialect } from '../helpers/dialects.js'
import { eventually } from '../helpers/eventually.js'
import { type LifecycleHarness, openLifecycle, SYSTEM } from '../helpers/lifecycle.js'

/** Polls until `check` holds (a budget, so a stuck path fails with what it last saw). */
/**
 * Issue 19: a plan with 72 of 77 operations applied still read `held` and "A dry run: nothing
 * changes…", and plans were named only by their time. The status and the headline follow the
 * operations, in the plan's view and in the list, and a plan is named by what it does.
 */
eachDialect('plan status follows its operations', (database) => {
  let h: LifecycleHarness
  let sana: SanaEmulator
  let appId: string
  const everyone = people(4, 'st')
  before(async () => {
    h = await openLifecycle(database, FAST_JOBS)
    sana = await startSanaEmulator()
    sana.seed(everyone.slice(0, 2).map((p) => p.email))
    await h.setPeople(everyone)
    appId = await h.connectSana(sana, { name: 'Sana', policy: { approve: ['deactivate'] } })
    await h.refresh()
  })
  after(async () => {
    await closeHarness(h)
    await sana.close()
  })

  const view = (planId: string) => h.services.reconcile.getPlan(h.workspace.id, planId)
  const listed = async (planId: string) =>
    (await h.services.reconcile.plans(h.workspace.id, {})).plans.find((p) => p.id === planId)

  test('ready, then held: nothing applied yet, named by what the plan does', async () => {
    const ready = await h.services.reconcile.createPlan(
      h.workspace.id,
      { appId },
      { trigger: 'cli', actor: SYSTEM },
    )
    assert.equal(ready.status, 'ready')
    assert.equal(ready.title, 'Reconcile Sana')
    assert.equal(ready.headline, 'A dry run: nothing applied yet; 2 operations ready to apply.')
    const leaver = everyone[0]?.email ?? ''
    const offboard = await h.services.reconcile.createPlan(
      h.workspace.id,
      { person: leaver, offboard: true },
      { trigger: 'cli', actor: SYSTEM },
    )
    assert.equal(offboard.status, 'held')
    assert.equal(offboard.title, 'Offboard Given0 Family0')
    assert.equal(offboard.headline, 'Nothing applied yet: 1 operation; 1 held for approval.')
    const row = await listed(offboard.id)
    assert.deepEqual(
      [row?.title, row?.status, row?.headline],
      [offboard.title, 'held', offboard.headline],
    )
  })

  test('applying, partly applied, then applied once the held step is approved', async () => {
    await h.setPeople(everyone.map((p, i) => (i === 1 ? { ...p, active: false } : p)))
    const plan = await h.services.reconcile.createPlan(
      h.workspace.id,
      {},
      { trigger: 'cli', actor: SYSTEM },
    )
    assert.equal(plan.title, 'Workspace reconcile')
    assert.equal(plan.status, 'held')
    // Queued, with no worker yet: applying.
    await h.services.apply.apply(h.workspace.id, plan.id, { actor: SYSTEM })
    const applying = await view(plan.id)
    assert.equal(applying.status, 'applying')
    assert.equal(
      applying.headline,
      'Applying: 0 of 3 applied so far, 2 in progress; 1 held for approval.',
    )
    assert.equal((await listed(plan.id))?.status, 'applying')
    const worker = h.services.apply.createWorker('server')
    worker.start()
    try {
      const partly = await eventually(
        'the planned operations to be applied',
        async () => listed(plan.id),
        (p) => p?.status !== 'applying',
      )
      assert.equal(partly?.status, 'partly_applied')
      assert.equal(partly?.headline, '2 of 3 applied; 1 held for approval.')
      const filtered = await h.services.reconcile.plans(h.workspace.id, {
        status: 'partly_applied',
      })
      assert.deepEqual(
        filtered.plans.map((p) => p.id),
        [plan.id],
      )
      await h.services.reconcile.approve(h.workspace.id, plan.id, undefined, SYSTEM, {
        reason: 'confirmed by HR',
      })
      const applied = await eventually(
        'the approved operation to be applied',
        async () => listed(plan.id),
        (p) => p?.status === 'applied',
      )
      assert.equal(applied?.headline, 'All 3 operations applied.')
      assert.equal((await view(plan.id)).status, 'applied')
    } finally {
      await worker.stop()
    }
  })

  test('failed: nothing applied, every operation failed', async () => {
    const plan = await h.services.reconcile.createPlan(
      h.workspace.id,
      { person: everyone[2]?.email ?? '', offboard: true },
      { trigger: 'cli', actor: SYSTEM },
    )
    await h.services.reconcile.approve(h.workspace.id, plan.id, undefined, SYSTEM, {
      reason: 'leaving',
    })
    await h.services.apply.apply(h.workspace.id, plan.id, { actor: SYSTEM })
    // Its job ends without a result (a worker died mid-way): the sweep fails the operation.
    const queue = createJobQueue({
      store: h.store,
      clock: systemClock,
      ids: uuidGenerator,
      log: silentLogger(),
      leaseMs: 8000,
    })
    const [job] = await queue.lease(appId, 1, 'crashed')
    assert.ok(job)
    await h.store.transact((trx) => queue.complete(trx, job, 'crashed'))
    await queue.stop()
    const worker = h.services.apply.createWorker('server')
    worker.start()
    try {
      const failed = await eventually(
        'the lost operation to fail',
        async () => listed(plan.id),
        (p) => p?.status !== 'applying',
      )
      assert.equal(failed?.status, 'failed')
      assert.equal(failed?.headline, '0 of 1 applied; 1 failed.')
    } finally {
      await worker.stop()
    }
  })
})
