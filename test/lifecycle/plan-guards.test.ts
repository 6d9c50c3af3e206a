import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { eachDialect } from '../helpers/dialects.js'
import {
  type CsvPerson,
  type LifecycleHarness,
  openLifecycle,
  SYSTEM,
} from '../helpers/lifecycle.js'

const TEAM: CsvPerson[] = ['ada', 'bob', 'cy', 'dee', 'eve'].map((n) => ({
  email: `${n}@acme.test`,
}))

/**
 * What a plan must not do blindly (issue 19): plan against an app whose accounts were never
 * read, or hand people a flood of tasks without anyone approving it.
 */
eachDialect('plan guards: unread apps and task floods', (database) => {
  let h: LifecycleHarness
  let sana: SanaEmulator
  const apps = { sana: '', samepage: '' }

  before(async () => {
    h = await openLifecycle(database, { 'reconcile.safety.maxCount': 3 })
    sana = await startSanaEmulator()
    await h.setPeople(TEAM)
    apps.sana = await h.connectSana(sana)
    apps.samepage = (
      await h.services.apps.connect(
        h.workspace.id,
        {
          catalogId: 'samepage',
          name: 'Samepage',
          owner: 'it@acme.test',
          assignment: { all: true },
        },
        SYSTEM,
      )
    ).id
  })
  after(async () => {
    await h.close()
    await sana.close()
  })

  const plan = () =>
    h.services.reconcile.createPlan(h.workspace.id, {}, { trigger: 'cli', actor: SYSTEM })

  test('an app whose accounts were never read is planned nothing, and the plan says why', async () => {
    const first = await plan()
    assert.deepEqual(
      first.operations.filter((op) => op.appId === apps.sana),
      [],
      'no account is created in an app whose list is unknown',
    )
    assert.ok(
      first.notes.some((n) => /^Sana .*: accounts never read; refresh first/.test(n)),
      JSON.stringify(first.notes),
    )
  })

  test('more tasks than the limit for one app are held', async () => {
    await h.services.accountImports.importCsv(
      h.workspace.id,
      apps.samepage,
      { text: 'email,name,status\n', fileName: 'members.csv' },
      SYSTEM,
    )
    await h.refresh()
    const next = await plan()
    const tasks = next.operations.filter((op) => op.appId === apps.samepage)
    assert.equal(tasks.length, TEAM.length)
    assert.ok(
      tasks.every((op) => op.status === 'held'),
      JSON.stringify(tasks),
    )
    assert.ok(
      next.held.some((item) => item.reason.includes('would create 5 tasks for people')),
      JSON.stringify(next.held),
    )
    // Sana, read now, gets its five creates, which no task rule holds.
    assert.equal(
      next.operations.filter((op) => op.appId === apps.sana && op.kind === 'create').length,
      5,
    )
    assert.deepEqual(next.notes, [])
  })

  test('an app whose last read is older than its refresh policy allows is planned nothing', async () => {
    // Sana refreshes hourly by default: a list read two days ago is stale (more than a day, and
    // more than three missed refreshes).
    const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000).toISOString()
    await h.store.db
      .updateTable('graph_snapshots')
      .set({ started_at: twoDaysAgo, finished_at: twoDaysAgo })
      .where('app_id', '=', apps.sana)
      .execute()
    const stale = await plan()
    assert.deepEqual(
      stale.operations.filter((op) => op.appId === apps.sana),
      [],
    )
    assert.ok(
      stale.notes.some((n) =>
        /accounts last read 48 h ago, longer than its refresh policy/.test(n),
      ),
      JSON.stringify(stale.notes),
    )
  })
})
