import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { fakeTime } from '../../src/integrations/connectors/http/fake-time.js'
import { listEvents } from '../../src/platform/events/index.js'
import { type OktaEmulator, startOktaEmulator } from '../emulators/okta.js'
import { eachDialect } from '../helpers/dialects.js'
import { openPeople, type PeopleHarness, SYSTEM } from '../helpers/people.js'

const sync = (h: PeopleHarness, sourceId: string, extra: Record<string, unknown> = {}) =>
  h.services.sync.syncSource(h.workspace.id, sourceId, { trigger: 'cli', actor: SYSTEM, ...extra })

const logins = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}.${String(i).padStart(3, '0')}@acme.test`)

/**
 * Okta as a source of people, against the Okta emulator, on both dialects: paging across 3+
 * pages, groups, lifecycle states, rate-limit waits on a fake clock, the safety rule, a failure
 * in the middle of the listing that must not drop anyone, resume, and incremental syncs.
 */
eachDialect('Okta source', (database) => {
  let okta: OktaEmulator
  let h: PeopleHarness
  let sourceId: string
  let ids: string[]
  let engineering: string
  // One fake clock for the org and the hub: "later" is a call away, not a wait.
  const time = fakeTime('2026-05-04T08:00:00.000Z')

  before(async () => {
    okta = await startOktaEmulator({ now: time.nowMs })
    h = await openPeople(database, { clock: time.clock, sleep: time.sleep })
    ids = okta.seedUsers(logins('person', 25))
    engineering = okta.seedGroup('Engineering', ids.slice(0, 10))
    okta.seedGroup('Sales', ids.slice(10, 15))
    const [leaver = ''] = ids.slice(-1)
    okta.state.setStatus(okta.state.users.get(leaver) ?? assert.fail(), 'DEPROVISIONED')
    const source = await h.services.sources.add(
      h.workspace.id,
      'okta',
      { orgUrl: okta.orgUrl, token: okta.token, pageSize: 10 },
      SYSTEM,
    )
    sourceId = source.id
  })
  after(async () => {
    await okta.close()
    await h.close()
  })

  it('lists every person across 3+ pages, with groups, deactivated ones inactive', async () => {
    const report = await sync(h, sourceId)
    assert.equal(report.status, 'succeeded', JSON.stringify(report.error))
    assert.equal(report.mode, 'full')
    assert.equal(report.counts.seen, 25)
    assert.equal(report.counts.created, 25)
    assert.ok(report.counts.pages >= 3, `${report.counts.pages} pages`)
    const engineers = await h.services.people.list(h.workspace.id, {
      filter: 'groups.display eq "engineering" and active eq true',
    })
    assert.equal(engineers.length, 10)
    const inactive = await h.services.people.list(h.workspace.id, { status: 'inactive' })
    assert.deepEqual(
      inactive.map((p) => p.resource.externalId),
      ids.slice(-1),
    )
    const created = await listEvents(h.store.db, { workspaceId: h.workspace.id, limit: 1000 })
    assert.equal(created.filter((e) => e.type === 'person.created').length, 25)
  })

  it('a second full sync of the same org changes nothing', async () => {
    time.clock.advance(5 * 60_000)
    const report = await sync(h, sourceId, { mode: 'full' })
    assert.equal(report.counts.unchanged, 25)
    assert.equal(report.counts.updated + report.counts.created + report.counts.gone, 0)
  })

  it('incremental: lastUpdated and changed group memberships only', async () => {
    const [first = '', second = ''] = ids
    time.clock.advance(10 * 60_000)
    okta.state.updateProfile(okta.state.users.get(first) ?? assert.fail(), { title: 'CTO' })
    const group = okta.state.groups.get(engineering) ?? assert.fail()
    okta.state.setMember(group, second, false)
    const report = await sync(h, sourceId, { mode: 'incremental' })
    assert.equal(report.mode, 'incremental')
    assert.equal(report.status, 'succeeded', JSON.stringify(report.error))
    assert.ok(report.counts.seen < 25, `only changed users listed (${report.counts.seen})`)
    assert.equal(report.counts.updated, 2)
    const engineers = await h.services.people.list(h.workspace.id, {
      filter: 'groups.display eq "Engineering"',
    })
    assert.equal(engineers.length, 9)
    const [cto] = await h.services.people.list(h.workspace.id, { filter: 'title eq "CTO"' })
    assert.equal(cto?.resource.externalId, first)
  })

  it('a page that fails in the middle marks nobody gone; the next run resumes and completes', async () => {
    const removed = ids.slice(20, 23)
    for (const id of removed) okta.state.deleteUser(okta.state.users.get(id) ?? assert.fail())
    okta.failPage(2)
    const failed = await sync(h, sourceId, { mode: 'full' })
    assert.equal(failed.status, 'failed')
    assert.equal(failed.counts.gone, 0)
    assert.equal((await h.services.people.list(h.workspace.id, { status: 'gone' })).length, 0)
    okta.failPage(undefined)
    const resumed = await sync(h, sourceId, { mode: 'full' })
    assert.equal(resumed.status, 'succeeded', JSON.stringify(resumed.error))
    assert.equal(resumed.resumed, true)
    assert.equal(resumed.runId, failed.runId)
    assert.equal(resumed.counts.gone, 3)
    const gone = await h.services.people.list(h.workspace.id, { status: 'gone' })
    assert.deepEqual(gone.map((p) => p.resource.externalId).sort(), [...removed].sort())
  })

  it('a listing with far fewer people is held: nobody gone until an admin accepts it', async () => {
    for (const id of ids.slice(0, 15))
      okta.state.deleteUser(okta.state.users.get(id) ?? assert.fail())
    const held = await sync(h, sourceId, { mode: 'full' })
    assert.equal(held.status, 'held')
    assert.match(held.error?.message ?? '', /15 of 22 people would be marked gone/)
    assert.equal((await h.services.people.list(h.workspace.id, { status: 'gone' })).length, 3)
    const accepted = await sync(h, sourceId, { mode: 'full', acceptGone: true })
    assert.equal(accepted.status, 'succeeded')
    assert.equal(accepted.counts.gone, 15)
    const events = await listEvents(h.store.db, { workspaceId: h.workspace.id, limit: 5000 })
    assert.equal(events.filter((e) => e.type === 'person.gone').length, 18)
  })
})

eachDialect('Okta source: rate limits on a fake clock', (database) => {
  it('waits for the org budget to reset instead of failing or storming', async () => {
    const time = fakeTime('2026-05-04T09:00:20.000Z')
    const okta = await startOktaEmulator({
      now: time.nowMs,
      rateLimit: { limit: 4, windowMs: 60_000 },
    })
    const h = await openPeople(database, { clock: time.clock, sleep: time.sleep })
    try {
      okta.seedUsers(logins('paced', 30))
      const source = await h.services.sources.add(
        h.workspace.id,
        'okta',
        { orgUrl: okta.orgUrl, token: okta.token, pageSize: 5, groups: false },
        SYSTEM,
      )
      const report = await sync(h, source.id)
      assert.equal(report.status, 'succeeded', JSON.stringify(report.error))
      assert.equal(report.counts.seen, 30)
      assert.equal(okta.stats.rateLimited, 0, 'paced by X-Rate-Limit-Remaining/-Reset: no 429')
      const waited = time.nowMs() - Date.parse('2026-05-04T09:00:20.000Z')
      assert.ok(waited >= 60_000, `7 pages at 4 a minute spans a window (${waited} ms)`)
      process.stdout.write(`# okta source: 7 pages at 4 req/min took ${waited} ms of fake time\n`)
    } finally {
      await okta.close()
      await h.close()
    }
  })
})

describe('Okta source: configuration', () => {
  it('refuses a source without credentials', async () => {
    const { oktaSourceSchema } = await import('../../src/identity/people/sources/source-config.js')
    assert.equal(oktaSourceSchema.safeParse({ orgUrl: 'https://acme.okta.com' }).success, false)
  })
})
