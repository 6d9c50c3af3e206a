import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, it } from 'node:test'
import { iteratePages } from '../../src/integrations/connectors/index.js'
import { ApiError } from '../../src/shared/api-error.js'
import { unwrap } from '../../src/shared/result.js'
import { eachDialect } from '../helpers/dialects.js'
import { openPeople, type PeopleHarness, SYSTEM } from '../helpers/people.js'

/**
 * CSV as a source of people and as the import of an app's accounts: column mapping, validation
 * with line numbers, nothing written when a line is invalid unless bad lines are skipped (and
 * then nobody is marked gone from an incomplete file).
 */
eachDialect('CSV: a source of people and an app account import', (database) => {
  let h: PeopleHarness
  const file = (name: string, text: string) => {
    const at = path.join(h.dataDir, name)
    writeFileSync(at, text)
    return at
  }
  const sync = (sourceId: string, extra: Record<string, unknown> = {}) =>
    h.services.sync.syncSource(h.workspace.id, sourceId, {
      trigger: 'cli',
      actor: SYSTEM,
      ...extra,
    })

  before(async () => {
    h = await openPeople(database)
  })
  after(() => h.close())

  it('maps columns to SCIM attributes and keys records by the mapped externalId', async () => {
    const csv = file(
      'hr.csv',
      'Emp,Mail,First,Last,Dept,Teams,Status\nE1,ann@acme.test,Ann,Lee,R&D,Engineering;Oncall,active\nE2,bob@acme.test,Bob,Ray,Sales,Sales,terminated\n',
    )
    const source = await h.services.sources.add(
      h.workspace.id,
      'csv',
      {
        file: csv,
        columns: {
          externalId: 'Emp',
          emails: 'Mail',
          'name.givenName': 'First',
          'name.familyName': 'Last',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department': 'Dept',
          groups: 'Teams',
          active: 'Status',
        },
      },
      SYSTEM,
    )
    const report = await sync(source.id)
    assert.equal(report.status, 'succeeded', JSON.stringify(report.error))
    assert.equal(report.counts.created, 2)
    const oncall = await h.services.people.list(h.workspace.id, {
      filter:
        'groups.display eq "Oncall" and urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "R&D"',
    })
    assert.deepEqual(
      oncall.map((p) => p.userName),
      ['ann@acme.test'],
    )
    const [bob] = await h.services.people.list(h.workspace.id, { filter: 'externalId eq "E2"' })
    assert.equal(bob?.status, 'inactive')
  })

  it('reports every invalid line by number and writes nothing', async () => {
    const csv = file(
      'bad.csv',
      'email,active\nok@acme.test,yes\nnot-an-email,yes\nzed@acme.test,maybe\nok@acme.test,no\nshort\n',
    )
    const source = await h.services.sources.add(
      h.workspace.id,
      'csv',
      { file: csv, name: 'bad' },
      SYSTEM,
    )
    const report = await sync(source.id)
    assert.equal(report.status, 'failed')
    assert.equal(report.error?.code, 'CSV_INVALID')
    const message = report.error?.message ?? ''
    for (const line of [
      'line 3: emails',
      'line 4: active',
      'line 5: userName "ok@acme.test" is also on line 2',
      'line 6:',
    ]) {
      assert.ok(message.includes(line), `${line} in: ${message}`)
    }
    assert.equal(
      (await h.services.people.list(h.workspace.id, { filter: 'userName eq "ok@acme.test"' }))
        .length,
      0,
    )
  })

  it('skipping bad lines writes the good ones and marks nobody gone from an incomplete file', async () => {
    const csv = file('partial.csv', 'email\none@acme.test\ntwo@acme.test\n')
    const source = await h.services.sources.add(
      h.workspace.id,
      'csv',
      { file: csv, name: 'partial', skipBadLines: true },
      SYSTEM,
    )
    assert.equal((await sync(source.id)).counts.created, 2)
    file('partial.csv', 'email\none@acme.test\nbroken\n')
    const report = await sync(source.id)
    assert.equal(report.status, 'succeeded')
    assert.equal(report.counts.skipped, 1)
    assert.equal(report.counts.gone, 0)
    assert.match(report.warnings?.[0] ?? '', /incomplete/)
    const [two] = await h.services.people.list(h.workspace.id, {
      filter: 'userName eq "two@acme.test"',
    })
    assert.equal(two?.status, 'active')
  })

  it('imports an app’s user export for a manual app; the listing follows the newer of import and tasks', async () => {
    const app = await h.services.apps.connect(
      h.workspace.id,
      { catalogId: 'samepage', name: 'Samepage', owner: 'it@acme.test' },
      SYSTEM,
    )
    const bad = 'Email,Name,State\nann@acme.test,Ann,active\nnope,Nope,active\n'
    await assert.rejects(
      h.services.accountImports.importCsv(
        h.workspace.id,
        app.id,
        { text: bad, fileName: 'x.csv' },
        SYSTEM,
      ),
      (error: unknown) => error instanceof ApiError && /line 3: email/.test(error.message),
    )
    const text = 'Email,Name,State\nann@acme.test,Ann,active\nold@acme.test,Old,deactivated\n'
    const summary = await h.services.accountImports.importCsv(
      h.workspace.id,
      app.id,
      { text, fileName: 'export.csv' },
      SYSTEM,
    )
    assert.deepEqual([summary.accounts, summary.active], [2, 1])
    const connector = unwrap(await h.services.apps.connector(h.workspace.id, app.id))
    const listed = []
    for await (const page of iteratePages((cursor) =>
      connector.listAccounts({ pageSize: 1, ...(cursor ? { cursor } : {}) }),
    )) {
      listed.push(...unwrap(page).items)
    }
    assert.deepEqual(
      listed.map((a) => [a.userName, a.active]),
      [
        ['ann@acme.test', true],
        ['old@acme.test', false],
      ],
    )
  })

  it('the scheduler runs a due full sync once; a second round finds nothing due', async () => {
    const csv = file('daily.csv', 'email\nsched@acme.test\n')
    const source = await h.services.sources.add(
      h.workspace.id,
      'csv',
      { file: csv, name: 'daily', schedule: { fullSyncMinutes: 60 } },
      SYSTEM,
    )
    const [, scheduler] = h.services.peopleWorkers({ eventPollMs: 1000, schedulerMs: 60_000 })
    await scheduler?.tick()
    await scheduler?.tick()
    const runs = await h.store.db
      .selectFrom('sync_runs')
      .selectAll()
      .where('source_id', '=', source.id)
      .execute()
    assert.deepEqual(
      runs.map((r) => [r.trigger, r.status]),
      [['schedule', 'succeeded']],
    )
    assert.equal(
      (await h.services.people.list(h.workspace.id, { filter: 'userName eq "sched@acme.test"' }))
        .length,
      1,
    )
  })
})
