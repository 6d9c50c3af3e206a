import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, it } from 'node:test'
import { type OktaEmulator, startOktaEmulator } from '../emulators/okta.js'
import { eachDialect } from '../helpers/dialects.js'
import { openPeople, type PeopleHarness, SYSTEM } from '../helpers/people.js'

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'

/**
 * One person from several sources: Okta pushes a user into the inbound SCIM directory (its
 * SCIM provisioning sends `externalId` = the Okta id) and the Okta source reads the same user
 * from the Users API; they are one person, with both records. Correlation also works on
 * userName and on any email, case-insensitively; a record that matches two people is not merged.
 */
eachDialect('people: correlation across sources', (database) => {
  let okta: OktaEmulator
  let h: PeopleHarness
  let scimContext: Parameters<PeopleHarness['services']['scim']['users']['create']>[0]
  let sources: { scim: string; okta: string }

  const syncAll = () =>
    h.services.sync.syncWorkspace(h.workspace.id, { trigger: 'cli', actor: SYSTEM, mode: 'full' })

  before(async () => {
    okta = await startOktaEmulator()
    h = await openPeople(database)
    const made = await h.services.directories.create({ workspaceId: h.workspace.id }, SYSTEM)
    scimContext = {
      directory: (await h.services.directories.authenticate(made.token)) ?? assert.fail(),
      actor: SYSTEM,
    }
    const scim = await h.services.sources.add(
      h.workspace.id,
      'scim',
      { directoryId: made.directory.id },
      SYSTEM,
    )
    const oktaSource = await h.services.sources.add(
      h.workspace.id,
      'okta',
      { orgUrl: okta.orgUrl, token: okta.token },
      SYSTEM,
    )
    sources = { scim: scim.id, okta: oktaSource.id }
  })
  after(async () => {
    await okta.close()
    await h.close()
  })

  it('the same person from the SCIM directory and from Okta is one person (externalId)', async () => {
    const [oktaId = ''] = okta.seedUsers(['Ada.Lovelace@Acme.test'])
    okta.seedGroup('Engineering', [oktaId])
    // What Okta's SCIM provisioning pushes: login as userName, the Okta id as externalId.
    await h.services.scim.users.create(scimContext, {
      schemas: [USER],
      userName: 'ada.lovelace@acme.test',
      externalId: oktaId,
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ value: 'ada.lovelace@acme.test', primary: true }],
    })
    const reports = await syncAll()
    assert.ok(
      reports.every((r) => r.status === 'succeeded'),
      JSON.stringify(reports),
    )
    const people = await h.services.people.list(h.workspace.id, {
      filter: 'userName eq "ADA.LOVELACE@acme.test"',
    })
    assert.equal(people.length, 1)
    const [ada] = people
    const records = await h.services.people.records(h.workspace.id, ada?.id ?? '')
    assert.deepEqual(records.map((r) => r.sourceId).sort(), [sources.okta, sources.scim].sort())
    // Okta has priority 10, the directory 20: Okta's attributes win; groups are a union.
    assert.equal(ada?.resource.externalId, oktaId)
    const engineers = await h.services.people.list(h.workspace.id, {
      filter: 'groups.display eq "Engineering"',
    })
    assert.deepEqual(
      engineers.map((p) => p.id),
      [ada?.id],
    )
  })

  it('correlates on any email when userName and externalId differ', async () => {
    okta.seedUsers(['grace@acme.test'])
    await h.services.scim.users.create(scimContext, {
      schemas: [USER],
      userName: 'ghopper',
      emails: [{ value: 'GRACE@acme.test', type: 'work' }],
    })
    await syncAll()
    const people = await h.services.people.list(h.workspace.id, {
      filter: 'emails.value eq "grace@acme.test"',
    })
    assert.equal(people.length, 1)
    assert.equal((await h.services.people.records(h.workspace.id, people[0]?.id ?? '')).length, 2)
  })

  it('a record matching two different people is not merged: an ambiguity is recorded', async () => {
    okta.seedUsers(['alan@acme.test', 'joan@acme.test'])
    await syncAll()
    const file = path.join(h.dataDir, 'hr.csv')
    writeFileSync(file, 'userName,email\nalan@acme.test,joan@acme.test\n')
    const csv = await h.services.sources.add(h.workspace.id, 'csv', { file }, SYSTEM)
    const report = await h.services.sync.syncSource(h.workspace.id, csv.id, {
      trigger: 'cli',
      actor: SYSTEM,
    })
    assert.equal(report.counts.ambiguous, 1)
    assert.equal(report.counts.created, 0)
    const [ambiguity] = await h.services.people.ambiguities(h.workspace.id)
    assert.equal(ambiguity?.candidates.length, 2)
    assert.deepEqual(ambiguity?.candidates.flatMap((c) => c.matchedOn).sort(), [
      'email',
      'userName',
    ])
    const alan = await h.services.people.list(h.workspace.id, {
      filter: 'userName eq "alan@acme.test"',
    })
    assert.equal((await h.services.people.records(h.workspace.id, alan[0]?.id ?? '')).length, 1)
  })

  it('a person is gone only when every source that contributed says so', async () => {
    const [ada] = await h.services.people.list(h.workspace.id, {
      filter: 'userName eq "ada.lovelace@acme.test"',
    })
    const oktaUser = okta.state.findUser('ada.lovelace@acme.test') ?? assert.fail()
    okta.state.deleteUser(oktaUser)
    await h.services.sync.syncSource(h.workspace.id, sources.okta, {
      trigger: 'cli',
      actor: SYSTEM,
      mode: 'full',
    })
    const still = await h.services.people.get(h.workspace.id, ada?.id ?? '')
    assert.equal(still.status, 'active', 'the SCIM directory still has her')
    // The SCIM source keys its records by the directory user's id.
    const records = await h.services.people.records(h.workspace.id, ada?.id ?? '')
    const directoryUser = records.find((r) => r.sourceId === sources.scim) ?? assert.fail()
    await h.services.scim.users.remove(scimContext, directoryUser.key)
    await h.services.sync.syncSource(h.workspace.id, sources.scim, {
      trigger: 'cli',
      actor: SYSTEM,
      mode: 'full',
    })
    assert.equal((await h.services.people.get(h.workspace.id, ada?.id ?? '')).status, 'gone')
  })
})
