import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createGraphScheduler } from '../../src/access/reconcile/index.js'
import { fixedClock } from '../../src/shared/clock.js'
import { silentLogger } from '../../src/shared/logger.js'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { type StensulEmulator, startStensulEmulator } from '../emulators/stensul.js'
import { eachDialect } from '../helpers/dialects.js'
import { openPeople, type PeopleHarness, SYSTEM } from '../helpers/people.js'
import { applyOperations, reconcileWith, seedSana } from '../helpers/reconcile.js'

const GENEROUS = { requests: 1000, windowMs: 1000, share: 1 }
const PEOPLE = ['ada', 'grace', 'hedy', 'alan'].map((name) => `${name}@acme.com`)
const opts = { trigger: 'cli', actor: SYSTEM } as const
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/** The hub's services on a clock the test moves, with people from a CSV source. */
async function openClocked(database: Parameters<typeof openPeople>[0]) {
  const clock = fixedClock('2026-06-01T08:00:00.000Z')
  const h = await openPeople(database, { clock })
  const file = path.join(h.dataDir, 'people.csv')
  writeFileSync(file, ['email,first name,last name', ...PEOPLE.map((e) => `${e},X,Y`)].join('\n'))
  const source = await h.services.sources.add(
    h.workspace.id,
    'csv',
    { file, key: 'emails' },
    SYSTEM,
  )
  const [report] = await h.services.sync.syncWorkspace(h.workspace.id, {
    ...opts,
    mode: 'full',
    sourceId: source.id,
  })
  assert.equal(report?.status, 'succeeded')
  return { h, clock }
}

eachDialect('graph: the refresh scheduler, on an injected clock', (database) => {
  let h: PeopleHarness
  let clock: ReturnType<typeof fixedClock>
  let sana: SanaEmulator
  const ids: Record<'hourly' | 'manual' | 'broken', string> = { hourly: '', manual: '', broken: '' }

  const connect = async (name: string, policy: Record<string, unknown>, token = sana.token) =>
    (
      await h.services.apps.connect(
        h.workspace.id,
        {
          catalogId: 'sana-labs',
          name,
          connection: { ...sana.connection, auth: { type: 'bearer', token }, rateLimit: GENEROUS },
          assignment: { all: true },
          policy,
        },
        SYSTEM,
      )
    ).id

  /** Refreshes per app so far: [trigger, status] of every finished attempt, from the audit log. */
  async function attempts(appId: string): Promise<string[]> {
    const rows = await h.store.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('target_id', '=', appId)
      .where('action', 'like', 'graph.refresh_%')
      .orderBy('at')
      .execute()
    return rows.map((r) => r.action.replace('graph.refresh_', ''))
  }

  const reconcileRuns = async () =>
    (
      await h.store.db
        .selectFrom('reconcile_runs')
        .select('id')
        .where('trigger', '=', 'schedule')
        .execute()
    ).length

  before(async () => {
    ;({ h, clock } = await openClocked(database))
    sana = await startSanaEmulator()
    seedSana(sana, [{ userName: 'ada@acme.com' }, { userName: 'grace@acme.com' }])
    ids.hourly = await connect('Hourly', { refreshMinutes: 60 })
    ids.manual = await connect('Only by hand', { refreshMinutes: null })
    ids.broken = await connect('Broken token', { refreshMinutes: 60 }, 'sana_wrong_token')
  })
  after(async () => {
    await sana.close()
    await h.close()
  })

  it('refreshes due apps, reconciles the ones that succeeded, and waits for the interval', async () => {
    const scheduler = createGraphScheduler({
      db: h.store.db,
      clock,
      log: silentLogger(),
      apps: h.services.apps,
      graph: h.services.graph,
      reconcile: h.services.reconcile,
      intervalMs: MINUTE,
    })
    await scheduler.tick()
    assert.deepEqual(await attempts(ids.hourly), ['succeeded'])
    assert.deepEqual(await attempts(ids.manual), [], 'refreshMinutes null: only by hand')
    assert.deepEqual(await attempts(ids.broken), ['failed'])
    const snapshot = await h.services.graph.latestSnapshot(ids.hourly)
    assert.equal(snapshot?.trigger, 'schedule')
    assert.equal(await reconcileRuns(), 1, 'the app that refreshed was reconciled')
    const accounts = await h.services.graph.accounts(h.workspace.id, {
      appId: ids.hourly,
      limit: 10,
    })
    assert.equal(accounts.length, 2)

    // Same time: nothing is due.
    await scheduler.tick()
    assert.deepEqual(await attempts(ids.hourly), ['succeeded'])
    assert.deepEqual(await attempts(ids.broken), ['failed'])

    // A failed refresh is tried again 5 minutes after it failed, not every round after that.
    clock.advance(4 * MINUTE)
    await scheduler.tick()
    assert.deepEqual(await attempts(ids.broken), ['failed'])
    clock.advance(MINUTE)
    await scheduler.tick()
    assert.deepEqual(await attempts(ids.broken), ['failed', 'failed'])
    clock.advance(MINUTE)
    await scheduler.tick()
    assert.deepEqual(
      await attempts(ids.broken),
      ['failed', 'failed'],
      'waits from the last attempt',
    )
    clock.advance(4 * MINUTE)
    await scheduler.tick()
    assert.deepEqual(await attempts(ids.broken), ['failed', 'failed', 'failed'])

    // The hourly app: due an hour after its last refresh started, and not before.
    assert.deepEqual(await attempts(ids.hourly), ['succeeded'])
    clock.set('2026-06-01T08:59:59.000Z')
    await scheduler.tick()
    assert.deepEqual(await attempts(ids.hourly), ['succeeded'])
    clock.set('2026-06-01T09:00:00.000Z')
    await scheduler.tick()
    assert.deepEqual(await attempts(ids.hourly), ['succeeded', 'succeeded'])
    assert.equal(await reconcileRuns(), 2)
    assert.deepEqual(await attempts(ids.manual), [])
  })
})

eachDialect('graph: deleting accounts through an app that supports it', (database) => {
  let h: PeopleHarness
  let clock: ReturnType<typeof fixedClock>
  const emulators: StensulEmulator[] = []

  async function stensulApp(users: readonly string[], settings: Record<string, unknown>) {
    const stensul = await startStensulEmulator()
    emulators.push(stensul)
    stensul.seed(users)
    const app = await h.services.apps.connect(
      h.workspace.id,
      {
        catalogId: 'stensul',
        name: `Stensul ${emulators.length}`,
        connection: { ...stensul.connection, rateLimit: GENEROUS },
        ...settings,
      },
      SYSTEM,
    )
    return { stensul, appId: app.id }
  }

  const refresh = async (appId: string) => {
    const report = await h.services.graph.refreshApp(h.workspace.id, appId, opts)
    assert.equal(report.status, 'succeeded', JSON.stringify(report))
    return report
  }
  const plan = (appId: string) =>
    reconcileWith(h.services).createPlan(h.workspace.id, { appId }, opts)
  const visible = (stensul: StensulEmulator) =>
    stensul.state
      .visible()
      .map((u) => [u.resource.userName, u.resource.active])
      .sort()

  before(async () => {
    ;({ h, clock } = await openClocked(database))
  })
  after(async () => {
    for (const stensul of emulators) await stensul.close()
    await h.close()
  })

  describe('policy delete', () => {
    it('deletes the accounts of unassigned people; after applying, the next plan is empty', async () => {
      const { stensul, appId } = await stensulApp(PEOPLE, {
        assignment: { people: ['ada@acme.com', 'grace@acme.com'] },
        policy: { deprovision: 'delete' },
      })
      assert.equal((await refresh(appId)).counts.linked, 4)
      const first = await plan(appId)
      assert.deepEqual(first.operations.map((op) => `${op.kind} ${op.personEmail}`).sort(), [
        'delete alan@acme.com',
        'delete hedy@acme.com',
      ])
      assert.ok(
        first.operations.every((op) => op.status === 'held'),
        'deletes wait for approval by default',
      )
      await applyOperations(h.services, h.workspace.id, first.operations)
      assert.deepEqual(visible(stensul), [
        ['ada@acme.com', true],
        ['grace@acme.com', true],
      ])
      const after = await refresh(appId)
      assert.equal(after.counts.removed, 2)
      const second = await plan(appId)
      assert.deepEqual(second.operations, [])
    })
  })

  describe('policy deactivate, then delete after N days', () => {
    it('deactivates first, deletes once the account has been inactive N days, then nothing', async () => {
      const { stensul, appId } = await stensulApp(['ada@acme.com', 'hedy@acme.com'], {
        assignment: { people: ['ada@acme.com'] },
        policy: { deprovision: 'deactivate_then_delete', deleteAfterDays: 3 },
      })
      await refresh(appId)
      const first = await plan(appId)
      assert.deepEqual(
        first.operations.map((op) => `${op.kind} ${op.personEmail}`),
        ['deactivate hedy@acme.com'],
      )
      await applyOperations(h.services, h.workspace.id, first.operations)
      await refresh(appId)
      const hedy = (await h.services.graph.accounts(h.workspace.id, { appId, limit: 10 })).find(
        (a) => a.userName === 'hedy@acme.com',
      )
      assert.deepEqual([hedy?.active, hedy?.inactiveSince], [false, clock.now().toISOString()])
      assert.deepEqual((await plan(appId)).operations, [], 'deactivated: in sync for now')

      clock.advance(3 * DAY - MINUTE)
      await refresh(appId)
      assert.deepEqual((await plan(appId)).operations, [], 'not yet three days')
      clock.advance(MINUTE)
      await refresh(appId)
      const due = await plan(appId)
      assert.deepEqual(
        due.operations.map((op) => `${op.kind} ${op.personEmail}`),
        ['delete hedy@acme.com'],
      )
      await applyOperations(h.services, h.workspace.id, due.operations)
      assert.deepEqual(visible(stensul), [['ada@acme.com', true]])
      assert.equal((await refresh(appId)).counts.removed, 1)
      assert.deepEqual((await plan(appId)).operations, [])
    })
  })
})
