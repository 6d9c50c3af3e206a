import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { autoOffboardRound } from '../../src/access/lifecycle/index.js'
import { decodeJson } from '../../src/platform/store/index.js'
import { silentLogger } from '../../src/shared/logger.js'
import { type OktaEmulator, startOktaEmulator } from '../emulators/okta.js'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { type StensulEmulator, startStensulEmulator } from '../emulators/stensul.js'
import { eachDialect } from '../helpers/dialects.js'
import { type LifecycleHarness, openLifecycle, SYSTEM } from '../helpers/lifecycle.js'

/** Fast polling, no background worker (the test runs one while it waits). */
const FAST_JOBS = { 'jobs.pollMs': 20, 'jobs.leaseMs': 4000, 'jobs.background': false }

async function closeHarness(h: LifecycleHarness): Promise<void> {
  await h.services.stopJobs()
  // pg-boss keeps its tables in a schema beside the test's own.
  if (h.store.schema)
    await sql.raw(`drop schema if exists ${h.store.schema}_boss cascade`).execute(h.store.db)
  await h.close()
}

const FAST = { requests: 1000, windowMs: 1000, share: 1 }
const PEOPLE = ['alice@acme.test', 'bob@acme.test']

/**
 * Offboarding across the seed apps' emulators: Bob leaves the source of people; the hub plans
 * his offboarding across Sana (SCIM), Stensul (SCIM, OAuth), Okta (its Users API) and Samepage
 * (no API: a task for its owner), applies it at once, and it ends with every API account
 * deactivated (the apps' own data says so) and the Samepage task verified by an account import,
 * with a residual-access window per app.
 */
eachDialect('offboarding across the seed apps', (database) => {
  let h: LifecycleHarness
  let sana: SanaEmulator
  let stensul: StensulEmulator
  let okta: OktaEmulator
  const apps: Record<string, string> = {}

  before(async () => {
    h = await openLifecycle(database, FAST_JOBS)
    sana = await startSanaEmulator()
    stensul = await startStensulEmulator()
    okta = await startOktaEmulator()
    sana.seed(PEOPLE)
    stensul.seed(PEOPLE)
    okta.seedUsers(PEOPLE)
    await h.setPeople(PEOPLE.map((email) => ({ email, given: 'G', family: 'F' })))
    apps.sana = await h.connectSana(sana)
    const connect = async (config: Record<string, unknown>) =>
      (
        await h.services.apps.connect(
          h.workspace.id,
          { assignment: { all: true }, ...config },
          SYSTEM,
        )
      ).id
    apps.stensul = await connect({
      catalogId: 'stensul',
      name: 'Stensul',
      connection: { ...stensul.connection, rateLimit: FAST },
    })
    apps.okta = await connect({
      catalogId: 'okta',
      name: 'Okta',
      connection: { ...okta.connection, rateLimit: FAST },
    })
    apps.samepage = await connect({
      catalogId: 'samepage',
      name: 'Samepage',
      owner: 'it@acme.test',
    })
    await importSamepage('active')
    const reports = await h.refresh()
    assert.ok(
      reports.every((r) => r.status === 'succeeded'),
      JSON.stringify(reports),
    )
  })
  after(async () => {
    await closeHarness(h)
    await Promise.all([sana.close(), stensul.close(), okta.close()])
  })

  async function importSamepage(bobStatus: string) {
    await h.services.accountImports.importCsv(
      h.workspace.id,
      apps.samepage as string,
      {
        text: `email,name,status\nalice@acme.test,Alice,active\nbob@acme.test,Bob,${bobStatus}\n`,
        fileName: 'members.csv',
      },
      SYSTEM,
    )
  }

  async function waitApplied(planId: string) {
    const worker = h.services.apply.createWorker(`test-${Math.random()}`)
    worker.start()
    try {
      const signal = AbortSignal.timeout(45_000)
      return await h.services.personLifecycle.waitFor(h.workspace.id, planId, {
        pollMs: 50,
        signal,
      })
    } finally {
      await worker.stop()
    }
  }

  const bobIn = {
    sana: () => [...sana.state.users.values()].find((u) => u.resource.userName === 'bob@acme.test'),
    stensul: () =>
      [...stensul.state.users.values()].find((u) => u.resource.userName === 'bob@acme.test'),
    okta: () => [...okta.state.users.values()].find((u) => u.profile.login === 'bob@acme.test'),
  }

  test('a dry run shows every app: automated steps and a manual task; nothing changes', async () => {
    const report = await h.services.personLifecycle.offboard(h.workspace.id, 'bob@acme.test', {
      actor: SYSTEM,
      trigger: 'cli',
    })
    assert.equal(report.status, 'planned')
    assert.equal(report.action, 'offboard')
    const steps = report.operations.map((op) => [op.appId, op.kind, op.mode]).sort()
    assert.deepEqual(
      steps,
      [
        [apps.okta, 'deactivate', 'automated'],
        [apps.samepage, 'task', 'manual'],
        [apps.sana, 'deactivate', 'automated'],
        [apps.stensul, 'deactivate', 'automated'],
      ].sort(),
    )
    assert.equal(report.applied, 0)
    assert.equal(report.revocation, undefined)
    assert.equal(bobIn.sana()?.resource.active, true, 'a dry run changes nothing')
    assert.equal(bobIn.okta()?.status, 'ACTIVE')
  })

  test('a person who leaves is offboarded at once, and it ends verified', async () => {
    // Bob leaves the source; the departure opens the residual-access window of every app.
    await h.setPeople([
      { email: 'alice@acme.test', given: 'G', family: 'F' },
      { email: 'bob@acme.test', given: 'G', family: 'F', active: false },
    ])
    const work = h.services.lifecycleWork
    assert.equal((await work.runLifecycle()).departures, 1)
    const deps = { db: h.store.db, clock: h.services.clock, log: silentLogger() }
    const round = () => autoOffboardRound({ ...deps, lifecycle: h.services.personLifecycle })
    assert.equal(await round(), 1, 'the departure is offboarded automatically')
    assert.equal(await round(), 0, 'and only once')
    const started = await h.store.db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'person.offboard_started')
      .execute()
    assert.equal(started.length, 1)
    const plan = { id: decodeJson<{ planId: string }>(started[0]?.data ?? '{}').planId }
    const applied = await waitApplied(plan.id)
    assert.equal(applied.status, 'awaiting_tasks', JSON.stringify(applied))
    assert.equal(applied.applied, 3)
    assert.equal(applied.failed, 0)
    assert.equal(applied.tasks, 1)
    assert.deepEqual(applied.taskStatus, { open: 1, done: 0, verified: 0 })
    assert.equal(applied.revocation, undefined, 'the status call does not revoke again')
    // The apps' own data: deactivated in every app with an API.
    assert.equal(bobIn.sana()?.resource.active, false)
    assert.equal(bobIn.stensul()?.resource.active, false)
    assert.equal(bobIn.okta()?.status, 'DEPROVISIONED')
    assert.equal([...sana.state.users.values()].filter((u) => u.resource.active).length, 1)

    // Samepage: the owner does it and says so; an import showing Bob gone verifies it.
    const task = applied.operations.find((op) => op.mode === 'manual')?.task
    assert.ok(task)
    assert.equal(task.action, 'deactivate_account')
    await h.services.tasks.complete({ id: task.id, evidence: 'Removed in Members' }, SYSTEM)
    assert.equal(
      (await h.services.personLifecycle.status(h.workspace.id, plan.id)).status,
      'awaiting_tasks',
    )
    await importSamepage('deactivated')
    await h.refresh()
    const verified = await work.runLifecycle()
    assert.equal(verified.verified, 1)
    const done = await h.services.personLifecycle.status(h.workspace.id, plan.id)
    assert.equal(done.status, 'completed', JSON.stringify(done))
    assert.deepEqual(done.taskStatus, { open: 0, done: 0, verified: 1 })

    // Every app's residual-access window is closed and reported, with its evidence.
    const windows = done.residualWindows ?? []
    assert.deepEqual(
      windows.map((w) => [w.appId, w.closedAt !== null, w.evidence]).sort(),
      [
        [apps.okta, true, 'listing'],
        [apps.samepage, true, 'import'],
        [apps.sana, true, 'listing'],
        [apps.stensul, true, 'listing'],
      ].sort(),
    )
    for (const w of windows) assert.ok(w.seconds >= 0 && w.leftAt <= (w.closedAt ?? ''))
    const trail = await h.store.db
      .selectFrom('audit_log')
      .select(['action', 'actor_type', 'actor_id'])
      .where('action', 'in', ['person.offboard_started', 'access.revoked'])
      .execute()
    assert.deepEqual(trail.map((t) => t.action).sort(), [
      'access.revoked',
      'person.offboard_started',
    ])
  })

  test('someone who is back before the round is not offboarded', async () => {
    const leave = async (active: boolean) =>
      h.setPeople([
        { email: 'alice@acme.test', given: 'G', family: 'F', active },
        { email: 'bob@acme.test', given: 'G', family: 'F', active: false },
      ])
    await leave(false)
    await leave(true)
    const deps = { db: h.store.db, clock: h.services.clock, log: silentLogger() }
    assert.equal(await autoOffboardRound({ ...deps, lifecycle: h.services.personLifecycle }), 0)
    const started = await h.store.db
      .selectFrom('events')
      .select('subject_id')
      .where('type', '=', 'person.offboard_started')
      .execute()
    assert.equal(started.length, 1, 'only Bob’s offboarding, from before')
    const alice = [...sana.state.users.values()].find(
      (u) => u.resource.userName === 'alice@acme.test',
    )
    assert.equal(alice?.resource.active, true)
  })
})
