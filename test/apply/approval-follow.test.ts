import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { closeHarness, FAST_JOBS, people } from '../helpers/apply.js'
import { eachDialect } from '../helpers/dialects.js'
import { eventually } from '../helpers/eventually.js'
import { type LifecycleHarness, openLifecycle, SYSTEM } from '../helpers/lifecycle.js'

/** Polls until `check` holds (a budget, so a stuck path fails with what it last saw). */
/**
 * Issue 13 §3: after `plan approve`, `lifecycle status` kept saying `awaiting_approval` until a
 * second `apply --wait`. An approval lets the apply that was already requested go on by itself.
 */
eachDialect('an approval lets the apply proceed', (database) => {
  let h: LifecycleHarness
  let sana: SanaEmulator
  before(async () => {
    h = await openLifecycle(database, FAST_JOBS)
    sana = await startSanaEmulator()
  })
  after(async () => {
    await closeHarness(h)
    await sana.close()
  })

  test('offboard with held steps, apply, approve: applied with no second apply', async () => {
    const everyone = people(3, 'held')
    const leaver = everyone[0]?.email ?? ''
    sana.seed(everyone.map((p) => p.email))
    await h.setPeople(everyone)
    const appId = await h.connectSana(sana, { policy: { approve: ['deactivate'] } })
    await h.refresh()
    // The server's worker, running all along.
    const worker = h.services.apply.createWorker('server')
    worker.start()
    try {
      const ws = h.workspace.id
      const started = await h.services.personLifecycle.offboard(ws, leaver, {
        actor: SYSTEM,
        trigger: 'cli',
        apply: true,
      })
      const held = started.operations.filter((op) => op.status === 'held')
      assert.deepEqual(
        held.map((op) => [op.appId, op.kind]),
        [[appId, 'deactivate']],
      )
      const waiting = await eventually(
        'the offboarding to wait for approval',
        () => h.services.personLifecycle.status(ws, started.planId),
        (r) => r.status !== 'running',
      )
      assert.equal(waiting.status, 'awaiting_approval')
      const account = () =>
        [...sana.state.users.values()].find((u) => u.resource.userName === leaver)
      assert.equal(account()?.resource.active, true, 'nothing removed before the approval')

      await h.services.reconcile.approve(ws, started.planId, undefined, SYSTEM, {
        reason: 'HR confirmed the last day',
      })
      const done = await eventually(
        'the approved step to be applied',
        () => h.services.personLifecycle.status(ws, started.planId),
        (r) => r.status !== 'awaiting_approval' && r.status !== 'running',
      )
      assert.equal(done.status, 'completed', JSON.stringify(done))
      assert.equal(done.applied, 1)
      assert.equal(account()?.resource.active, false)
    } finally {
      await worker.stop()
    }
  })
})
