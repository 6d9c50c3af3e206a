import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createJobQueue } from '../../src/platform/jobs/index.js'
import { systemClock } from '../../src/shared/clock.js'
import { uuidGenerator } from '../../src/shared/ids.js'
import { silentLogger } from '../../src/shared/logger.js'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { closeHarness, FAST_JOBS, people } from '../helpers/apply.js'
import { eachDialect } from '../helpers/dialects.js'
import { type LifecycleHarness, openLifecycle, SYSTEM } from '../helpers/lifecycle.js'

/** Applies with a worker of its own; a budget turns a hang into a failure that shows progress. */
async function applyAndWait(h: LifecycleHarness, planId: string, apply = true) {
  const worker = h.services.apply.createWorker(`test-${Math.random()}`)
  worker.start()
  try {
    if (apply) await h.services.apply.apply(h.workspace.id, planId, { actor: SYSTEM })
    const signal = AbortSignal.timeout(40_000)
    return await h.services.apply
      .waitFor(h.workspace.id, planId, { pollMs: 50, signal })
      .catch(async (error: unknown) => {
        const progress = await h.services.apply.progress(h.workspace.id, planId)
        throw new Error(`apply did not finish: ${JSON.stringify(progress)}`, { cause: error })
      })
  } finally {
    await worker.stop()
  }
}

/** A queue of the test's own over the hub's database: a worker that misbehaves. */
function testQueue(h: LifecycleHarness) {
  return createJobQueue({
    store: h.store,
    clock: systemClock,
    ids: uuidGenerator,
    log: silentLogger(),
    leaseMs: 8000,
  })
}

async function running(h: LifecycleHarness, planId: string): Promise<number> {
  const row = await h.store.db
    .selectFrom('plan_operations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('plan_id', '=', planId)
    .where('status', '=', 'running')
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

const planOf = (h: LifecycleHarness, appId: string) =>
  h.services.reconcile.createPlan(h.workspace.id, { appId }, { trigger: 'cli', actor: SYSTEM })

/** Issue 19: `apply --wait` hung with operations stuck `running`. */
eachDialect('apply settles every operation', (database) => {
  describe('tasks', () => {
    let h: LifecycleHarness
    before(async () => {
      h = await openLifecycle(database, FAST_JOBS)
    })
    after(() => closeHarness(h))

    test('160 task operations settle when their tasks are opened; nothing stays running', async () => {
      await h.setPeople(people(160, 'task'))
      const app = await h.services.apps.connect(
        h.workspace.id,
        {
          catalogId: 'samepage',
          name: 'Samepage',
          owner: 'owner@acme.test',
          assignment: { all: true },
        },
        SYSTEM,
      )
      await h.services.accountImports.importCsv(
        h.workspace.id,
        app.id,
        { text: 'email,name,status\nowner@acme.test,Owner,active\n', fileName: 'members.csv' },
        SYSTEM,
      )
      await h.refresh()
      const plan = await planOf(h, app.id)
      assert.equal(plan.counts.task, 160)
      // Whatever a safety rule holds, a person lets through: this test is about apply.
      if (plan.held.length > 0)
        await h.services.reconcile.approve(h.workspace.id, plan.id, undefined, SYSTEM, {
          reason: 'the owner expects them',
        })
      const refreshes = () =>
        h.store.db.selectFrom('graph_snapshots').select('id').where('app_id', '=', app.id).execute()
      const before = (await refreshes()).length
      const result = await applyAndWait(h, plan.id)
      assert.equal(result.status, 'applied', JSON.stringify(result))
      assert.equal(result.tasks, 160)
      assert.equal(result.pending, 0)
      assert.equal(await running(h, plan.id), 0)
      assert.equal(
        (await h.services.tasks.list({ workspaceId: h.workspace.id, appId: app.id })).length,
        160,
      )
      // Opening a task changes no account: the apply waits for no refresh of the app.
      assert.equal((await refreshes()).length, before)
    })
  })

  describe('lost jobs', () => {
    let h: LifecycleHarness
    const emulators: SanaEmulator[] = []
    before(async () => {
      h = await openLifecycle(database, { ...FAST_JOBS, 'jobs.maxAttempts': 1 })
    })
    after(async () => {
      await closeHarness(h)
      for (const e of emulators) await e.close()
    })

    test('a second plan for an intent whose job died gets a job of its own', async () => {
      const sana = await startSanaEmulator({ uniqueUserNames: false })
      emulators.push(sana)
      await h.setPeople(people(4, 'again'))
      const appId = await h.connectSana(sana)
      await h.refresh()
      const first = await planOf(h, appId)
      const second = await planOf(h, appId)
      assert.equal(first.counts.create, 4)
      assert.deepEqual(
        second.operations.map((op) => op.idempotencyKey).sort(),
        first.operations.map((op) => op.idempotencyKey).sort(),
        'the same intents, so the same keys',
      )
      // The first plan's jobs die as a permanent error leaves them: dead, operations failed.
      await h.services.apply.apply(h.workspace.id, first.id, { actor: SYSTEM })
      const queue = testQueue(h)
      const jobs = await queue.lease(appId, 10, 'worker-1')
      assert.equal(jobs.length, 4)
      await h.store.transact(async (trx) => {
        for (const job of jobs) await queue.bury(trx, job, 'worker-1')
        await trx
          .updateTable('plan_operations')
          .set({ status: 'failed', error: '{"class":"invalid"}' })
          .where('plan_id', '=', first.id)
          .execute()
      })
      await queue.stop()
      const failed = await applyAndWait(h, first.id, false)
      assert.equal(failed.status, 'failed', JSON.stringify(failed))
      assert.equal(failed.failed, 4)
      // Before the fix the dead jobs swallowed the second plan's: it ran for ever.
      const result = await applyAndWait(h, second.id)
      assert.equal(result.status, 'applied', JSON.stringify(result))
      assert.equal(result.applied, 4)
      assert.equal(sana.state.creations.length, 4)
      assert.equal(await running(h, second.id), 0)
    })

    test('an operation whose job ended without settling it is settled by the sweep', async () => {
      const sana = await startSanaEmulator({ uniqueUserNames: false })
      emulators.push(sana)
      await h.setPeople(people(3, 'lost'))
      const appId = await h.connectSana(sana)
      await h.refresh()
      const plan = await planOf(h, appId)
      assert.equal(plan.counts.create, 3)
      await h.services.apply.apply(h.workspace.id, plan.id, { actor: SYSTEM })
      // A worker that ended the job and died before recording what became of the operation.
      const queue = testQueue(h)
      const [job] = await queue.lease(appId, 1, 'crashed-worker')
      assert.ok(job, 'a job was queued')
      await h.store.transact((trx) => queue.complete(trx, job, 'crashed-worker'))
      await queue.stop()
      const lostId = String(job.data.operationId)
      const result = await applyAndWait(h, plan.id, false)
      assert.equal(await running(h, plan.id), 0, 'nothing stays running')
      assert.equal(result.status, 'failed', JSON.stringify(result))
      assert.equal(result.applied, 2)
      const lost = await h.store.db
        .selectFrom('plan_operations')
        .select(['status', 'error'])
        .where('id', '=', lostId)
        .executeTakeFirstOrThrow()
      assert.equal(lost.status, 'failed')
      assert.match(JSON.stringify(lost.error), /APPLY_JOB_LOST/)
    })
  })
})
