import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { RefreshReport } from '../../src/access/graph/index.js'
import { ApiError } from '../../src/shared/api-error.js'
import { startSanaEmulator } from '../emulators/sana.js'
import { startStensulEmulator } from '../emulators/stensul.js'
import { eachDialect } from '../helpers/dialects.js'
import {
  type CsvPerson,
  type LifecycleHarness,
  openLifecycle,
  SYSTEM,
} from '../helpers/lifecycle.js'
import { type SeedUser, seedSana } from '../helpers/reconcile.js'

const PEOPLE: CsvPerson[] = [
  { email: 'ada@acme.com', given: 'Ada', family: 'Lovelace' },
  { email: 'grace@acme.com', given: 'Grace', family: 'Hopper' },
  { email: 'hedy@acme.com', given: 'Hedy', family: 'Lamarr' },
  { email: 'sam@acme.com', given: 'Sam', family: 'Old' },
  { email: 'kim@acme.com', given: 'Kim', family: 'One', employeeNumber: 'E7' },
  { email: 'lee@acme.com', given: 'Lee', family: 'Two', employeeNumber: 'E7' },
]
const GENEROUS = { requests: 1000, windowMs: 1000, share: 1 }
const opts = { trigger: 'cli', actor: SYSTEM } as const

const isCode = (code: string) => (error: unknown) =>
  error instanceof ApiError && error.code === code

/** Refresh of real emulated apps through their connectors: snapshots, checkpoints, holds, links. */
eachDialect('graph: refreshing accounts into the identity graph', (database) => {
  let h: LifecycleHarness
  const closers: Array<() => Promise<void>> = []
  const graph = () => h.services.graph

  async function sanaApp(users: readonly SeedUser[], overrides: Record<string, unknown> = {}) {
    const sana = await startSanaEmulator({ maxPageSize: 2 })
    closers.push(() => sana.close())
    seedSana(sana, users)
    return { sana, appId: await h.connectSana(sana, overrides) }
  }

  const refresh = (appId: string, extra: { acceptGone?: boolean } = {}) =>
    graph().refreshApp(h.workspace.id, appId, { ...opts, ...extra })

  /** The accounts of an app by userName (removed ones too). */
  async function accountsOf(appId: string) {
    const all = await graph().accounts(h.workspace.id, { appId, includeRemoved: true, limit: 500 })
    return new Map(all.map((a) => [a.userName, a]))
  }

  /** What a snapshot changed, as `change userName` lines, sorted. */
  async function changesOf(appId: string, snapshotId?: string) {
    const { snapshot, changes } = await graph().changes(h.workspace.id, appId, snapshotId)
    const names = new Map([...(await accountsOf(appId))].map(([name, a]) => [a.id, name]))
    const lines = changes.map((c) => `${c.change} ${names.get(c.accountId)}`).sort()
    return { snapshot, lines, changes, names }
  }

  const personId = async (email: string) => (await graph().resolvePerson(h.workspace.id, email)).id

  before(async () => {
    h = await openLifecycle(database)
    await h.setPeople(PEOPLE)
  })
  after(async () => {
    for (const close of closers) await close()
    await h.close()
  })

  it('a first refresh creates and links; the next says what changed since, with before and after', async () => {
    const { sana, appId } = await sanaApp([
      { userName: 'ada@acme.com', displayName: 'Ada' },
      { userName: 'grace@acme.com' },
      { userName: 'zed@elsewhere.org' },
      { userName: 'old@acme.com' },
    ])
    const first = await refresh(appId)
    assert.equal(first.status, 'succeeded', JSON.stringify(first))
    assert.equal(first.counts.listed, 4)
    assert.equal(first.counts.created, 4)
    assert.ok(first.counts.pages >= 2, 'the app pages by two')
    assert.deepEqual([first.counts.linked, first.counts.orphan, first.counts.ambiguous], [2, 2, 0])
    assert.deepEqual((await changesOf(appId)).lines, [
      'created ada@acme.com',
      'created grace@acme.com',
      'created old@acme.com',
      'created zed@elsewhere.org',
      'linked ada@acme.com',
      'linked grace@acme.com',
      'orphaned old@acme.com',
      'orphaned zed@elsewhere.org',
    ])
    const ada = (await accountsOf(appId)).get('ada@acme.com')
    assert.equal(ada?.personId, await personId('ada@acme.com'))
    assert.equal(ada?.linkRule, 'userName')

    const byName = new Map([...sana.state.users.values()].map((u) => [u.resource.userName, u.id]))
    const patched = sana.state.patch(byName.get('ada@acme.com') ?? '', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'replace', path: 'displayName', value: 'Ada Lovelace' },
        { op: 'replace', path: 'active', value: false },
      ],
    })
    assert.ok(patched.ok)
    assert.ok(sana.state.remove(byName.get('old@acme.com') ?? '').ok)
    seedSana(sana, [{ userName: 'hedy@acme.com' }, { userName: 'nobody@elsewhere.org' }])

    const second = await refresh(appId)
    assert.equal(second.status, 'succeeded')
    assert.notEqual(second.snapshotId, first.snapshotId)
    assert.deepEqual(
      [
        second.counts.created,
        second.counts.updated,
        second.counts.unchanged,
        second.counts.removed,
      ],
      [2, 1, 2, 1],
    )
    const { lines, changes, names } = await changesOf(appId)
    assert.deepEqual(lines, [
      'created hedy@acme.com',
      'created nobody@elsewhere.org',
      'linked hedy@acme.com',
      'orphaned nobody@elsewhere.org',
      'removed old@acme.com',
      'updated ada@acme.com',
    ])
    const updated = changes.find((c) => c.change === 'updated')
    assert.equal(names.get(updated?.accountId ?? ''), 'ada@acme.com')
    assert.deepEqual(updated?.before, {
      userName: 'ada@acme.com',
      active: true,
      displayName: 'Ada',
    })
    assert.deepEqual(updated?.after, {
      userName: 'ada@acme.com',
      active: false,
      displayName: 'Ada Lovelace',
    })
    const removed = changes.find((c) => c.change === 'removed')
    assert.deepEqual(removed?.before, { userName: 'old@acme.com' })
    const accounts = await accountsOf(appId)
    assert.ok(accounts.get('old@acme.com')?.removedAt, 'kept, marked removed')
    assert.equal(accounts.get('ada@acme.com')?.active, false)
    assert.ok(accounts.get('ada@acme.com')?.inactiveSince)

    // Nothing changed in the app: the snapshot is empty; the earlier one still says its part.
    const third = await refresh(appId)
    assert.equal(third.counts.unchanged, 5)
    assert.deepEqual((await changesOf(appId)).lines, [])
    assert.equal((await changesOf(appId, first.snapshotId)).lines.length, 8)
  })

  it('a refresh that fails mid-listing marks nothing removed and resumes from its checkpoint', async () => {
    const stensul = await startStensulEmulator({ maxPageSize: 2 })
    closers.push(() => stensul.close())
    stensul.seed(['s1@acme.com', 's2@acme.com', 's3@acme.com', 's4@acme.com', 's5@acme.com'])
    const app = await h.services.apps.connect(
      h.workspace.id,
      {
        catalogId: 'stensul',
        name: 'Stensul',
        connection: { ...stensul.connection, rateLimit: GENEROUS },
      },
      SYSTEM,
    )
    const fullFrom = stensul.faults.stats.requests
    const full = await refresh(app.id)
    assert.equal(full.status, 'succeeded', JSON.stringify(full))
    assert.equal(full.counts.listed, 5)
    // Three pages of users, then the roles and their members (issue 15).
    const fullRequests = stensul.faults.stats.requests - fullFrom

    const gone = [...stensul.state.users.values()].find(
      (u) => u.resource.userName === 's2@acme.com',
    )
    assert.ok(gone && stensul.state.remove(gone.id).ok)
    stensul.seed(['s6@acme.com', 's7@acme.com'])
    // The refresh is stopped after its first page is written (a shutdown, a killed process).
    const stop = new AbortController()
    const failed = await graph().refreshApp(h.workspace.id, app.id, {
      ...opts,
      signal: stop.signal,
      onProgress: () => stop.abort(),
    })
    assert.equal(failed.status, 'failed', JSON.stringify(failed))
    assert.equal(failed.counts.removed, 0)
    assert.equal(failed.counts.listed, 2, 'one page written')
    assert.ok(failed.error?.code)
    const accounts = await accountsOf(app.id)
    assert.equal(
      accounts.get('s2@acme.com')?.removedAt,
      null,
      'an incomplete listing removes nobody',
    )
    const stored = await graph().latestSnapshot(app.id)
    assert.equal(stored?.status, 'failed')
    assert.match(JSON.stringify(stored?.checkpoint), /cursor/)

    const before = stensul.faults.stats.requests
    const resumed = await refresh(app.id)
    assert.equal(resumed.status, 'succeeded', JSON.stringify(resumed))
    assert.equal(resumed.resumed, true)
    assert.equal(resumed.snapshotId, failed.snapshotId)
    assert.equal(resumed.counts.listed, 6, 'the first page is not listed twice')
    assert.equal(resumed.counts.removed, 1)
    assert.ok(
      stensul.faults.stats.requests - before < fullRequests,
      'pages 2 and 3 only, not from the start',
    )
    const after = await accountsOf(app.id)
    assert.ok(after.get('s2@acme.com')?.removedAt)
    assert.ok(after.get('s7@acme.com') && after.get('s7@acme.com')?.removedAt === null)
    assert.equal((await graph().latestSnapshot(app.id))?.checkpoint, null)
  })

  it('a listing that suddenly lacks many accounts is held until accepted', async () => {
    const users = Array.from({ length: 12 }, (_, i) => ({ userName: `u${i}@elsewhere.org` }))
    const { sana, appId } = await sanaApp(users)
    assert.equal((await refresh(appId)).counts.created, 12)
    const ids = [...sana.state.users.keys()]
    // Two of twelve: within the rule (at most max(5, 10%) at once).
    for (const id of ids.slice(0, 2)) sana.state.remove(id)
    const fine = await refresh(appId)
    assert.deepEqual([fine.status, fine.counts.removed], ['succeeded', 2])
    for (const id of ids.slice(2, 9)) sana.state.remove(id)
    const held = await refresh(appId)
    assert.equal(held.status, 'held')
    assert.equal(held.error?.code, 'GRAPH_REFRESH_HELD')
    assert.match(held.error?.message ?? '', /7 of 10 accounts were not listed.*--accept-gone/)
    assert.equal(held.counts.removed, 0)
    const live = await graph().accounts(h.workspace.id, { appId, limit: 500 })
    assert.equal(live.length, 10, 'nothing marked removed')
    assert.equal((await graph().latestSnapshot(appId))?.status, 'held')
    // Held again without the flag; accepted, they are removed.
    assert.equal((await refresh(appId)).status, 'held')
    const accepted = await refresh(appId, { acceptGone: true })
    assert.deepEqual([accepted.status, accepted.counts.removed], ['succeeded', 7])
    assert.equal((await graph().accounts(h.workspace.id, { appId, limit: 500 })).length, 3)
  })

  it('an empty listing is held even when few accounts would go', async () => {
    const { sana, appId } = await sanaApp([{ userName: 'a@x.org' }, { userName: 'b@x.org' }])
    await refresh(appId)
    for (const id of [...sana.state.users.keys()]) sana.state.remove(id)
    const held = await refresh(appId)
    assert.equal(held.status, 'held')
    assert.match(held.error?.message ?? '', /listed no accounts; 2 would be marked removed/)
    const accepted = await refresh(appId, { acceptGone: true })
    assert.equal(accepted.counts.removed, 2)
  })

  it('a manual link resolves an ambiguity and survives refreshes; an automatic unlink hands it back', async () => {
    const { appId } = await sanaApp([
      { userName: 'legacy-7', email: 'legacy7@elsewhere.org', employeeNumber: 'E7' },
      { userName: 'kim@acme.com' },
    ])
    const report = await refresh(appId)
    assert.equal(report.counts.ambiguous, 1)
    const legacy = (await accountsOf(appId)).get('legacy-7')
    assert.ok(legacy)
    assert.equal(legacy.linkState, 'ambiguous')
    assert.equal(legacy.personId, null, 'two people fit: never linked automatically')
    const [kim, lee] = [await personId('kim@acme.com'), await personId('lee@acme.com')]
    assert.deepEqual(await graph().candidates(h.workspace.id, legacy.id), [
      ...[
        { personId: kim, rule: 'employeeNumber' },
        { personId: lee, rule: 'employeeNumber' },
      ].sort((a, b) => a.personId.localeCompare(b.personId)),
    ])
    await assert.rejects(
      graph().link(h.workspace.id, legacy.id, 'kim@acme.com', SYSTEM),
      isCode('GRAPH_PERSON_HAS_ACCOUNT'),
    )
    await assert.rejects(
      graph().link(h.workspace.id, legacy.id, 'nobody@acme.com', SYSTEM),
      isCode('GRAPH_PERSON_NOT_FOUND'),
    )
    const linked = await graph().link(h.workspace.id, legacy.id, 'lee@acme.com', SYSTEM)
    assert.deepEqual([linked.personId, linked.linkKind, linked.linkRule], [lee, 'manual', 'manual'])
    assert.deepEqual(await graph().candidates(h.workspace.id, legacy.id), [])

    await refresh(appId)
    const kept = await graph().account(h.workspace.id, legacy.id)
    assert.deepEqual([kept.personId, kept.linkState, kept.linkKind], [lee, 'linked', 'manual'])
    assert.deepEqual((await changesOf(appId)).lines, [])

    // Unlinked by hand: nobody's, and the rules do not overturn that.
    await graph().unlink(h.workspace.id, legacy.id, SYSTEM)
    await refresh(appId)
    const unlinked = await graph().account(h.workspace.id, legacy.id)
    assert.deepEqual([unlinked.linkState, unlinked.linkKind], ['orphan', 'manual'])
    assert.equal(await graph().recorrelate(h.workspace.id, [appId]), 0)

    // Handed back to the rules: the next refresh decides again (still two people fit).
    await graph().unlink(h.workspace.id, legacy.id, SYSTEM, true)
    await refresh(appId)
    const again = await graph().account(h.workspace.id, legacy.id)
    assert.deepEqual([again.linkState, again.linkKind], ['ambiguous', null])
    assert.deepEqual((await changesOf(appId)).lines, ['ambiguous legacy-7'])
  })

  it('recorrelation links an orphan once a person takes its email', async () => {
    const { appId } = await sanaApp([{ userName: 'samuel@acme.com' }, { userName: 'sam@acme.com' }])
    await refresh(appId)
    const before = await accountsOf(appId)
    assert.equal(before.get('samuel@acme.com')?.linkState, 'orphan')
    assert.equal(before.get('sam@acme.com')?.linkState, 'linked')
    await h.setPeople(
      PEOPLE.map((p) => (p.email === 'sam@acme.com' ? { ...p, email: 'samuel@acme.com' } : p)),
      { acceptGone: true },
    )
    assert.equal(await graph().recorrelate(h.workspace.id, [appId]), 1)
    const after = await accountsOf(appId)
    assert.equal(after.get('samuel@acme.com')?.personId, await personId('samuel@acme.com'))
    assert.equal(after.get('samuel@acme.com')?.linkRule, 'userName')
    // A link a rule made is kept (the account is still the old person's until a person says not).
    assert.equal(after.get('sam@acme.com')?.linkState, 'linked')
    assert.equal(await graph().recorrelate(h.workspace.id, [appId]), 0, 'nothing left to decide')
  })

  it('domain aliases (a chain of them) link an account under another domain of the company', async () => {
    const { appId } = await sanaApp(
      [{ userName: 'g.hopper', email: 'grace@acme.io' }, { userName: 'ada@acme.net' }],
      { correlation: { domainAliases: { 'acme.io': 'acme.net', 'acme.net': 'acme.com' } } },
    )
    await refresh(appId)
    const accounts = await accountsOf(appId)
    assert.equal(accounts.get('g.hopper')?.personId, await personId('grace@acme.com'))
    assert.equal(accounts.get('g.hopper')?.linkRule, 'primaryEmail')
    assert.equal(accounts.get('ada@acme.net')?.personId, await personId('ada@acme.com'))
  })

  it('a custom rule order per app: the employee number before the userName decides differently', async () => {
    const users = [{ userName: 'kim@acme.com', employeeNumber: 'E7' }, { userName: 'ada@acme.com' }]
    const plain = await sanaApp(users)
    const custom = await sanaApp(users, { correlation: { rules: ['employeeNumber', 'userName'] } })
    await refresh(plain.appId)
    await refresh(custom.appId)
    const kim = await personId('kim@acme.com')
    const byDefault = await accountsOf(plain.appId)
    assert.deepEqual(
      [byDefault.get('kim@acme.com')?.personId, byDefault.get('kim@acme.com')?.linkRule],
      [kim, 'userName'],
    )
    const reordered = await accountsOf(custom.appId)
    assert.equal(reordered.get('kim@acme.com')?.linkState, 'ambiguous', 'E7 is Kim’s and Lee’s')
    assert.equal(reordered.get('ada@acme.com')?.linkRule, 'userName', 'no number: the next rule')
  })

  describe('an app without an API (Samepage): accounts from a CSV import', () => {
    it('refreshes the imported accounts like any listing, removals included', async () => {
      const app = await h.services.apps.connect(
        h.workspace.id,
        { catalogId: 'samepage', name: 'Samepage', owner: 'it@acme.com' },
        SYSTEM,
      )
      const upload = (text: string) =>
        h.services.accountImports.importCsv(
          h.workspace.id,
          app.id,
          { text, fileName: 'export.csv' },
          SYSTEM,
        )
      await upload('Email,Name,State\nada@acme.com,Ada,active\nzed@elsewhere.org,Zed,deactivated\n')
      const first: RefreshReport = await refresh(app.id)
      assert.equal(first.status, 'succeeded', JSON.stringify(first))
      assert.deepEqual([first.counts.listed, first.counts.active, first.counts.linked], [2, 1, 1])
      const accounts = await accountsOf(app.id)
      assert.equal(accounts.get('ada@acme.com')?.personId, await personId('ada@acme.com'))
      assert.equal(accounts.get('zed@elsewhere.org')?.linkState, 'orphan')
      assert.equal(accounts.get('zed@elsewhere.org')?.active, false)
      await upload('Email,Name,State\nada@acme.com,Ada,active\n')
      const second = await refresh(app.id)
      assert.equal(second.counts.removed, 1)
      assert.deepEqual((await changesOf(app.id)).lines, ['removed zed@elsewhere.org'])
    })
  })
})
