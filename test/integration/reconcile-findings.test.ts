import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { Finding } from '../../src/access/reconcile/index.js'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { eachDialect } from '../helpers/dialects.js'
import {
  type CsvPerson,
  type LifecycleHarness,
  openLifecycle,
  SYSTEM,
} from '../helpers/lifecycle.js'
import { reconcileWith, seedSana } from '../helpers/reconcile.js'

const PEOPLE: CsvPerson[] = [
  { email: 'ada@acme.com', given: 'Ada', family: 'Lovelace', groups: ['Eng'] },
  { email: 'hedy@acme.com', given: 'Hedy', family: 'Lamarr', groups: ['Eng'] },
  { email: 'grace@acme.com', given: 'Grace', family: 'Hopper', groups: ['Eng'] },
  { email: 'alan@acme.com', given: 'Alan', family: 'Turing', groups: ['Sales'] },
  { email: 'bob@acme.com', given: 'Bob', family: 'Kahn', groups: ['Eng'], active: false },
  { email: 'kim@acme.com', given: 'Kim', family: 'One', groups: ['Ops'], employeeNumber: 'E7' },
  { email: 'lee@acme.com', given: 'Lee', family: 'Two', groups: ['Ops'], employeeNumber: 'E7' },
]

/** Every finding type from one workspace: people from a CSV source, accounts in Sana. */
eachDialect('reconcile: findings and their evidence', (database) => {
  let h: LifecycleHarness
  let sana: SanaEmulator
  let appId: string
  const reconcile = () => reconcileWith(h.services, { chunkSize: 2 })
  const run = () => reconcile().reconcile(h.workspace.id, {}, { trigger: 'cli', actor: SYSTEM })
  const findings = async (query: { kind?: string } = {}) =>
    (await reconcile().findings(h.workspace.id, { appId, ...query })).findings
  const byEmail = (list: readonly Finding[], email: string) =>
    list.find((f) => f.personEmail === email)

  before(async () => {
    h = await openLifecycle(database)
    sana = await startSanaEmulator()
    await h.setPeople(PEOPLE)
    seedSana(sana, [
      { userName: 'ada@acme.com', displayName: 'Ada L' },
      { userName: 'hedy@acme.com', displayName: 'Hedy Lamarr' },
      { userName: 'alan@acme.com', displayName: 'Alan Turing' },
      { userName: 'bob@acme.com', displayName: 'Bob Kahn' },
      { userName: 'zed@elsewhere.org', displayName: 'Zed' },
      { userName: 'legacy-7', email: 'legacy@elsewhere.org', employeeNumber: 'E7' },
    ])
    appId = await h.connectSana(sana, {
      assignment: { filter: 'groups.display eq "Eng" or groups.display eq "Ops"' },
      mappings: { displayName: 'Join(" ", name.givenName, name.familyName)' },
    })
    const [report] = await h.refresh()
    assert.equal(report?.status, 'succeeded', JSON.stringify(report))
  })
  after(async () => {
    await sana.close()
    await h.close()
  })

  it('classifies every pair and stores one finding per problem, in sync gives none', async () => {
    const report = await run()
    const [app] = report.apps
    assert.deepEqual(app?.counts, {
      in_sync: 1,
      missing: 1,
      drifted: 1,
      residual: 2,
      orphan: 1,
      ambiguous: 3,
      missing_grant: 0,
      excess_grant: 0,
      privileged_grant: 0,
      residual_grant: 0,
    })
    const all = await findings()
    assert.equal(byEmail(all, 'hedy@acme.com'), undefined, 'in sync: no finding')
    assert.equal(all.length, 8)
  })

  it('missing: the rule that selects the person, who they are, since when', async () => {
    const [missing] = await findings({ kind: 'missing' })
    assert.equal(missing?.personEmail, 'grace@acme.com')
    assert.equal(missing?.accountId, null)
    assert.equal(
      missing?.evidence.rule,
      'filter: groups.display eq "Eng" or groups.display eq "Ops"',
    )
    assert.deepEqual(missing?.evidence.person, {
      userName: 'grace@acme.com',
      email: 'grace@acme.com',
      status: 'active',
    })
    assert.ok(missing && Date.parse(missing.since) > 0)
  })

  it('drifted: which mapping, the expected and the actual value', async () => {
    const [drifted] = await findings({ kind: 'drifted' })
    assert.equal(drifted?.personEmail, 'ada@acme.com')
    assert.deepEqual(drifted?.evidence.attributes, [
      {
        attribute: 'displayName',
        mapping: 'Join(" ", name.givenName, name.familyName)',
        expected: 'Ada Lovelace',
        actual: 'Ada L',
      },
    ])
  })

  it('residual: unassigned and inactive people, with the reason and the policy', async () => {
    const residual = await findings({ kind: 'residual' })
    assert.equal(byEmail(residual, 'alan@acme.com')?.evidence.reason, 'unassigned')
    assert.equal(byEmail(residual, 'bob@acme.com')?.evidence.reason, 'person_inactive')
    assert.equal(byEmail(residual, 'bob@acme.com')?.evidence.policy, 'deactivate')
    assert.equal(
      (byEmail(residual, 'alan@acme.com')?.evidence.account as { active: boolean } | undefined)
        ?.active,
      true,
    )
  })

  it('orphan and ambiguous: the rules tried, the candidates and why', async () => {
    const [orphan] = await findings({ kind: 'orphan' })
    assert.equal(
      (orphan?.evidence.account as { userName: string } | undefined)?.userName,
      'zed@elsewhere.org',
    )
    assert.ok(Array.isArray(orphan?.evidence.rulesTried))
    const ambiguous = await findings({ kind: 'ambiguous' })
    const account = ambiguous.find((f) => f.personId === null)
    assert.equal(account?.evidence.reason, 'matches 2 people')
    assert.deepEqual(
      (account?.evidence.candidates as Array<{ rule: string }> | undefined)?.map((c) => c.rule),
      ['employeeNumber', 'employeeNumber'],
    )
    // Kim and Lee are entitled, and an unlinked account names them: no create for them.
    assert.deepEqual(ambiguous.flatMap((f) => (f.personEmail ? [f.personEmail] : [])).sort(), [
      'kim@acme.com',
      'lee@acme.com',
    ])
  })

  it('a second run keeps each finding and its first-seen time', async () => {
    const before = await findings()
    await run()
    const again = await findings()
    assert.deepEqual(
      again.map((f) => [f.subjectKey, f.kind, f.since]),
      before.map((f) => [f.subjectKey, f.kind, f.since]),
    )
  })

  it('refuses an unknown kind with the catalog error', async () => {
    await assert.rejects(findings({ kind: 'bogus' }), /kind is one of/)
  })

  it('a manual link resolves the ambiguity; the other candidate becomes missing', async () => {
    const [account] = (await findings({ kind: 'ambiguous' })).filter((f) => f.personId === null)
    assert.ok(account?.accountId)
    const linked = await h.services.graph.link(
      h.workspace.id,
      account.accountId,
      'kim@acme.com',
      SYSTEM,
    )
    assert.equal(linked.linkKind, 'manual')
    await run()
    assert.deepEqual(await findings({ kind: 'ambiguous' }), [])
    const missing = (await findings({ kind: 'missing' })).map((f) => f.personEmail).sort()
    assert.deepEqual(missing, ['grace@acme.com', 'lee@acme.com'])
    const kim = (await findings()).find((f) => f.personEmail === 'kim@acme.com')
    assert.equal(kim?.kind, 'drifted', 'linked now, and its displayName is not the mapped one')
    // A refresh does not undo what a person decided.
    await h.refresh()
    const again = await h.services.graph.account(h.workspace.id, account.accountId)
    assert.equal(again.linkKind, 'manual')
    assert.equal(again.personId, linked.personId)
  })

  it('a finding that is fixed in the app is resolved at the next refresh and run', async () => {
    const ada = [...sana.state.users.values()].find((u) => u.resource.userName === 'ada@acme.com')
    assert.ok(ada)
    const patched = sana.state.patch(ada.id, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Ada Lovelace' }],
    })
    assert.ok(patched.ok)
    await h.refresh()
    await run()
    assert.deepEqual(await findings({ kind: 'drifted' }).then((l) => l.map((f) => f.personEmail)), [
      'kim@acme.com',
    ])
  })
})
