import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { autoOffboardRound, decideBurst } from '../../src/access/lifecycle/index.js'
import { createDepartureGate } from '../../src/access/safety/index.js'
import { silentLogger } from '../../src/shared/logger.js'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { eachDialect } from '../helpers/dialects.js'
import {
  type CsvPerson,
  type LifecycleHarness,
  openLifecycle,
  SYSTEM,
} from '../helpers/lifecycle.js'

const FAST_JOBS = { 'jobs.pollMs': 20, 'jobs.leaseMs': 4000, 'jobs.background': false }
const ADMIN = { type: 'user', id: 'admin-1' } as const
const people = (prefix: string, n: number): CsvPerson[] =>
  Array.from({ length: n }, (_, i) => ({
    email: `${prefix}${i}@acme.test`,
    given: 'G',
    family: 'F',
  }))
const TEAM = people('p', 20)

/**
 * The departure gate (issue 13 §1): a source that empties must not deactivate anything, by any
 * path; one leaver alone still goes out at once; an admin's approval releases a burst once.
 */
eachDialect('the departure safety gate', (database) => {
  let h: LifecycleHarness
  let sana: SanaEmulator
  let sanaId: string

  before(async () => {
    h = await openLifecycle(database, FAST_JOBS)
    sana = await startSanaEmulator()
    sana.seed(TEAM.map((p) => p.email))
    await h.setPeople(TEAM)
    sanaId = await h.connectSana(sana)
    await h.refresh()
  })
  after(async () => {
    await h.services.stopJobs()
    if (h.store.schema)
      await sql.raw(`drop schema if exists ${h.store.schema}_boss cascade`).execute(h.store.db)
    await h.close()
    await sana.close()
  })

  const activeInSana = (email: string) =>
    [...sana.state.users.values()].find((u) => u.resource.userName === email)?.resource.active
  const round = () =>
    autoOffboardRound({
      ...{ db: h.store.db, clock: h.services.clock, log: silentLogger() },
      lifecycle: h.services.personLifecycle,
    })
  async function drainApplies() {
    const worker = h.services.apply.createWorker(`test-${Math.random()}`)
    worker.start()
    try {
      const plans = await h.store.db.selectFrom('plan_applies').select('plan_id').execute()
      for (const p of plans)
        await h.services.apply.waitFor(h.workspace.id, p.plan_id, { pollMs: 20 })
    } finally {
      await worker.stop()
    }
  }

  test('one leaver alone is offboarded at once', async () => {
    await h.setPeople(TEAM.map((p, i) => (i === 0 ? { ...p, active: false } : p)))
    assert.equal(await round(), 1)
    await drainApplies()
    assert.equal(activeInSana('p0@acme.test'), false)
    assert.deepEqual(await h.services.departureGate.list(h.workspace.id, 'open'), [])
  })

  test('a burst holds every deactivation, by every path, and the hold survives a restart', async () => {
    const leaving = TEAM.slice(1, 13)
    await h.setPeople(TEAM.map((p, i) => (i < 13 ? { ...p, active: false } : p)))
    assert.equal(await round(), leaving.length, 'each departure gets its plan')
    await drainApplies()
    for (const p of leaving) assert.equal(activeInSana(p.email), true, `${p.email} kept`)
    const [burst, ...more] = await h.services.departureGate.list(h.workspace.id, 'open')
    assert.ok(burst)
    assert.equal(more.length, 0)
    assert.match(burst.reason, /said 13 of 20 \(65%\) people left within 15 minutes/)
    // The workspace reconcile holds them with the same reason (the plan path).
    const plan = await h.services.reconcile.createPlan(
      h.workspace.id,
      {},
      { trigger: 'cli', actor: SYSTEM },
    )
    const held = plan.operations.filter((op) => op.status === 'held')
    assert.equal(held.length, leaving.length)
    assert.ok(plan.held.every((item) => item.reason.includes('said 13 of 20')))
    // A manual offboarding of one of them is held too.
    const manual = await h.services.personLifecycle.offboard(h.workspace.id, 'p5@acme.test', {
      actor: ADMIN,
      trigger: 'api',
      apply: true,
    })
    assert.equal(manual.applied, 0)
    // The hub raised it: an event and an audit entry.
    const raised = await h.store.db
      .selectFrom('events')
      .select('type')
      .where('type', '=', 'safety.departure_burst')
      .execute()
    assert.equal(raised.length, 1)
    // A restart keeps it: a new gate over the same database holds the same people (p0 left in
    // the same window, so the burst counts them, though nothing of theirs is left to hold).
    const fresh = createDepartureGate({
      ...{ db: h.store.db, transact: h.store.transact, clock: h.services.clock },
      ...{ ids: h.services.ids, audit: h.services.audit, events: h.services.events },
      thresholds: h.services.config.lifecycle.departures,
    })
    assert.equal((await fresh.holds(h.workspace.id)).size, leaving.length + 1)
  })

  test('approving the burst applies all of it exactly once', async () => {
    const [burst] = await h.services.departureGate.list(h.workspace.id, 'open')
    assert.ok(burst)
    const decided = await decideBurst(
      {
        ...{ db: h.store.db, gate: h.services.departureGate, reconcile: h.services.reconcile },
        ...{ apply: h.services.apply, revokeAccessOf: h.services.revokeAccessOf },
      },
      {
        workspaceId: h.workspace.id,
        burstId: burst.id,
        status: 'approved',
        actor: ADMIN,
        reason: 'real layoff',
      },
    )
    assert.equal(decided.burst.status, 'approved')
    assert.equal(decided.people, 12)
    await drainApplies()
    for (const p of TEAM.slice(0, 13)) assert.equal(activeInSana(p.email), false, p.email)
    for (const p of TEAM.slice(13)) assert.equal(activeInSana(p.email), true, p.email)
    const applied = await h.store.db
      .selectFrom('plan_operations')
      // One change per person: plans that planned the same change share its idempotency key,
      // and the jobs carry each key out once.
      .select(['person_email', (eb) => eb.fn.count<number>('idempotency_key').distinct().as('n')])
      .where('app_id', '=', sanaId)
      .where('status', '=', 'applied')
      .groupBy('person_email')
      .execute()
    assert.equal(applied.length, 13)
    assert.ok(
      applied.every((r) => Number(r.n) === 1),
      JSON.stringify(applied),
    )
    assert.deepEqual(await h.services.departureGate.list(h.workspace.id, 'open'), [])
  })

  test('a burst split across two sources counts per source', async () => {
    // A second source of 20 more people; two leave from each (10%: not more than the limit).
    const other = people('q', 20)
    const file = path.join(h.dataDir, 'other.csv')
    const write = (rows: CsvPerson[]) =>
      writeFileSync(
        file,
        [
          'email,first name,last name,active',
          ...rows.map((p) => `${p.email},G,F,${p.active !== false}`),
        ].join('\n'),
      )
    write(other)
    const source = await h.services.sources.add(
      h.workspace.id,
      'csv',
      { file, key: 'emails' },
      SYSTEM,
    )
    const sync = () =>
      h.services.sync.syncWorkspace(h.workspace.id, {
        ...{ trigger: 'cli', actor: SYSTEM, mode: 'full', sourceId: source.id },
      })
    await sync()
    write(other.map((p, i) => (i < 2 ? { ...p, active: false } : p)))
    await sync()
    await h.setPeople(TEAM.map((p, i) => (i < 15 ? { ...p, active: false } : p)))
    const gate = h.services.departureGate
    const open = await gate.evaluate(h.workspace.id)
    assert.deepEqual(open, [], 'two of twenty from each source trips neither')
  })
})
