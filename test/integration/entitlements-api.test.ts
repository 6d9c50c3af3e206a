import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { seedPeopleFromCsv } from '../helpers/csv-people.js'
import { eachDialect } from '../helpers/dialects.js'
import { appWithAccounts, seedEntitlement, seedGrant } from '../helpers/entitlements.js'
import { managementApi } from '../helpers/http.js'
import { startServer, type TestServer } from '../helpers/server.js'

const SYSTEM = { type: 'system', id: null } as const
const REMOVED_AT = '2026-12-05T10:00:00.000Z'

/**
 * The entitlements wire contract over HTTP (issue 15): an app's entitlements with member counts
 * and filters, who holds one, and a person's accounts and grants with why each exists. The
 * tables are seeded directly (the refresh that fills them is built beside this step).
 */
eachDialect('entitlements API', (database) => {
  let server: TestServer
  let call: ReturnType<typeof managementApi>
  let other: ReturnType<typeof managementApi>
  let docs: { appId: string; accounts: Map<string, string> }
  let wiki: { appId: string; accounts: Map<string, string> }
  const ids: Record<string, string> = {}
  const person = async (email: string) =>
    (await server.hub.services.graph.resolvePerson(server.workspace.id, email)).id

  before(async () => {
    server = await startServer(database)
    call = managementApi(server)
    const services = server.hub.services
    const workspaceId = server.workspace.id
    await seedPeopleFromCsv(services, workspaceId, [
      'E1,ada@acme.test,Ada,Lovelace,R&D,Eng,active',
      'E2,bob@acme.test,Bob,Ray,Sales,Sales,active',
      'E3,cy@acme.test,Cy,Ng,Sales,Sales,terminated',
      'E4,dee@acme.test,Dee,Moss,Sales,Sales,active',
    ])
    docs = await appWithAccounts(services, workspaceId, {
      name: 'Docs',
      assignment: { filter: 'groups.display eq "Eng"' },
      rows: [
        'ada@acme.test,Ada,active',
        'bob@acme.test,Bob,active',
        'zed@elsewhere.org,Zed,active',
      ],
    })
    wiki = await appWithAccounts(services, workspaceId, {
      name: 'Wiki',
      assignment: { all: true },
      rows: ['ada@acme.test,Ada,active', 'cy@acme.test,Cy,deactivated'],
    })
    await seedDocs(workspaceId)
    await seedOtherWorkspace()
  })
  after(() => server.close())

  async function seedDocs(workspaceId: string): Promise<void> {
    const db = server.store.db
    const base = { workspaceId, appId: docs.appId }
    const account = (email: string) => docs.accounts.get(email) ?? assert.fail(email)
    ids.editors = await seedEntitlement(db, { ...base, kind: 'role', displayName: 'Editors' })
    ids.admins = await seedEntitlement(db, {
      ...{ ...base, kind: 'group', displayName: 'Admins', remoteId: 'grp-admins' },
      ...{ description: 'Full control', privileged: true },
    })
    ids.seat = await seedEntitlement(db, { ...base, kind: 'license', displayName: 'Pro 100% Seat' })
    ids.old = await seedEntitlement(db, {
      ...{ ...base, kind: 'role', displayName: 'Old role', removedAt: REMOVED_AT },
    })
    const grant = (entitlementId: string, email: string, removedAt?: string) =>
      seedGrant(db, {
        ...{ ...base, entitlementId, accountId: account(email) },
        ...(removedAt ? { removedAt } : {}),
      })
    await grant(ids.editors, 'ada@acme.test')
    await grant(ids.editors, 'bob@acme.test')
    await grant(ids.editors, 'zed@elsewhere.org', REMOVED_AT)
    await grant(ids.admins, 'ada@acme.test')
    await grant(ids.admins, 'zed@elsewhere.org')
    const wikiEntitlement = await seedEntitlement(db, {
      ...{ workspaceId, appId: wiki.appId, kind: 'group', displayName: 'Writers' },
    })
    ids.wikiWriters = wikiEntitlement
    await seedGrant(db, {
      ...{ workspaceId, appId: wiki.appId, entitlementId: wikiEntitlement },
      accountId: wiki.accounts.get('ada@acme.test') ?? assert.fail('wiki ada'),
    })
  }

  /** A second workspace with its own app, entitlement and token. */
  async function seedOtherWorkspace(): Promise<void> {
    const services = server.hub.services
    const workspace = await services.workspaces.create(
      { slug: 'globex', plan: 'enterprise' },
      SYSTEM,
    )
    const token = await services.apiTokens.create(
      { workspaceId: workspace.id, scopes: ['integrations:read', 'integrations:manage'] },
      SYSTEM,
    )
    other = managementApi(server, token.token)
    await seedPeopleFromCsv(services, workspace.id, ['G1,gus@globex.test,Gus,Fring,Ops,Ops,active'])
    const app = await appWithAccounts(services, workspace.id, {
      name: 'Docs',
      rows: ['gus@globex.test,Gus,active'],
    })
    ids.otherApp = app.appId
    ids.otherEntitlement = await seedEntitlement(server.store.db, {
      ...{ workspaceId: workspace.id, appId: app.appId, kind: 'role', displayName: 'Secret' },
    })
    ids.otherPerson = (await services.graph.resolvePerson(workspace.id, 'gus@globex.test')).id
  }

  it("lists an app's live entitlements by name, with member counts and the contract's fields", async () => {
    const reply = await call('GET', `/api/apps/${docs.appId}/entitlements`)
    assert.equal(reply.status, 200, reply.text)
    assert.deepEqual(
      reply.body.items.map((e: { displayName: string; members: number }) => [
        e.displayName,
        e.members,
      ]),
      [
        ['Admins', 2],
        ['Editors', 2],
        ['Pro 100% Seat', 0],
      ],
    )
    const [admins] = reply.body.items
    assert.deepEqual(Object.keys(admins).sort(), [
      'description',
      'displayName',
      'firstSeenAt',
      'id',
      'kind',
      'members',
      'privileged',
      'remoteId',
      'removedAt',
    ])
    assert.deepEqual(
      { ...admins, firstSeenAt: typeof admins.firstSeenAt },
      {
        ...{ id: ids.admins, remoteId: 'grp-admins', kind: 'group', displayName: 'Admins' },
        ...{ description: 'Full control', privileged: true, members: 2 },
        ...{ firstSeenAt: 'string', removedAt: null },
      },
    )
    assert.equal(reply.body.items[1].privileged, false)
  })

  it('filters by kind, by text (case-insensitive, % as text) and shows removed ones on request', async () => {
    const names = async (query: string) => {
      const reply = await call('GET', `/api/apps/${docs.appId}/entitlements?${query}`)
      assert.equal(reply.status, 200, reply.text)
      return reply.body.items.map((e: { displayName: string }) => e.displayName)
    }
    assert.deepEqual(await names('kind=role'), ['Editors'])
    assert.deepEqual(await names('kind=license'), ['Pro 100% Seat'])
    assert.deepEqual(await names('q=EDIT'), ['Editors'])
    assert.deepEqual(await names('q=grp-adm'), ['Admins'], 'the remote id matches too')
    assert.deepEqual(await names(`q=${encodeURIComponent('100%')}`), ['Pro 100% Seat'])
    assert.deepEqual(await names(`q=${encodeURIComponent('%')}`), ['Pro 100% Seat'])
    assert.deepEqual(await names('include=removed'), [
      'Admins',
      'Editors',
      'Old role',
      'Pro 100% Seat',
    ])
    assert.deepEqual(await names('include=removed&kind=role'), ['Editors', 'Old role'])
    const removed = await call('GET', `/api/apps/${docs.appId}/entitlements?include=removed`)
    const old = removed.body.items.find((e: { id: string }) => e.id === ids.old)
    assert.equal(old.removedAt, REMOVED_AT)
  })

  it('a bad kind or query is a 400 in the management error format; an unknown app the 404', async () => {
    for (const query of ['kind=admin', 'include=everything', 'limit=5']) {
      const reply = await call('GET', `/api/apps/${docs.appId}/entitlements?${query}`)
      assert.equal(reply.status, 400, `${query}: ${reply.text}`)
      assert.equal(reply.body.error.code, 'GRAPH_REQUEST_INVALID')
      assert.ok(reply.body.error.message)
    }
    const unknown = await call('GET', '/api/apps/nope/entitlements')
    assert.equal(unknown.status, 404)
    assert.equal(unknown.body.error.code, 'APP_NOT_FOUND')
  })

  it('lists who holds an entitlement: live grants, with the linked person (or none)', async () => {
    const reply = await call('GET', `/api/apps/${docs.appId}/entitlements/${ids.admins}/grants`)
    assert.equal(reply.status, 200, reply.text)
    assert.equal(reply.body.entitlement.id, ids.admins)
    assert.equal(reply.body.entitlement.members, 2)
    const ada = await person('ada@acme.test')
    // The CSV source gives names, not a display name: personName is the person's displayName.
    const { displayName } = await server.hub.services.people.get(server.workspace.id, ada)
    assert.deepEqual(
      reply.body.items.map((h: Record<string, unknown>) => ({ ...h, since: typeof h.since })),
      [
        {
          ...{ accountId: docs.accounts.get('ada@acme.test'), userName: 'ada@acme.test' },
          ...{ personId: ada, personName: displayName, personEmail: 'ada@acme.test' },
          since: 'string',
        },
        {
          ...{ accountId: docs.accounts.get('zed@elsewhere.org'), userName: 'zed@elsewhere.org' },
          ...{ personId: null, personName: null, personEmail: null, since: 'string' },
        },
      ],
    )
    const editors = await call('GET', `/api/apps/${docs.appId}/entitlements/${ids.editors}/grants`)
    assert.deepEqual(
      editors.body.items.map((h: { userName: string }) => h.userName),
      ['ada@acme.test', 'bob@acme.test'],
      'a removed grant is not a holder',
    )
  })

  it('an entitlement of another app or workspace, or none, is GRAPH_ENTITLEMENT_NOT_FOUND', async () => {
    for (const [appId, entitlementId] of [
      [docs.appId, 'nope'],
      [docs.appId, ids.wikiWriters],
      [docs.appId, ids.otherEntitlement],
    ]) {
      const reply = await call('GET', `/api/apps/${appId}/entitlements/${entitlementId}/grants`)
      assert.equal(reply.status, 404, reply.text)
      assert.equal(reply.body.error.code, 'GRAPH_ENTITLEMENT_NOT_FOUND')
      assert.doesNotMatch(reply.text, /Secret/)
    }
  })

  it("another workspace's ids are a 404, never data", async () => {
    const replies = [
      await other('GET', `/api/apps/${docs.appId}/entitlements`),
      await other('GET', `/api/apps/${docs.appId}/entitlements/${ids.admins}/grants`),
      await call('GET', `/api/apps/${ids.otherApp}/entitlements`),
      await call('GET', `/api/apps/${ids.otherApp}/entitlements/${ids.otherEntitlement}/grants`),
    ]
    for (const reply of replies) {
      assert.equal(reply.status, 404, reply.text)
      assert.equal(reply.body.error.code, 'APP_NOT_FOUND')
      assert.doesNotMatch(reply.text, /Admins|Secret|ada@/)
    }
    const access = await other('GET', `/api/people/${await person('ada@acme.test')}/access`)
    assert.equal(access.status, 404)
    assert.equal(access.body.error.code, 'PERSON_NOT_FOUND')
    const theirs = await call('GET', `/api/people/${ids.otherPerson}/access`)
    assert.equal(theirs.status, 404)
    assert.doesNotMatch(theirs.text, /gus@/)
    const own = await other('GET', `/api/apps/${ids.otherApp}/entitlements`)
    assert.deepEqual(
      own.body.items.map((e: { displayName: string }) => e.displayName),
      ['Secret'],
    )
  })

  it("a person's access: accounts and grants per app, by app name, with why each exists", async () => {
    const ada = await person('ada@acme.test')
    const reply = await call('GET', `/api/people/${ada}/access`)
    assert.equal(reply.status, 200, reply.text)
    const body = reply.body
    const { displayName } = await server.hub.services.people.get(server.workspace.id, ada)
    assert.deepEqual(body.person, {
      ...{ id: ada, displayName, email: 'ada@acme.test', status: 'active' },
    })
    assert.deepEqual(
      body.apps.map((a: { app: { name: string; catalogId: string } }) => [
        a.app.name,
        a.app.catalogId,
      ]),
      [
        ['Docs', 'samepage'],
        ['Wiki', 'samepage'],
      ],
    )
    const [inDocs, inWiki] = body.apps
    assert.equal(inDocs.app.id, docs.appId)
    const [account] = inDocs.accounts
    assert.deepEqual(
      { ...account, why: undefined },
      {
        ...{ id: docs.accounts.get('ada@acme.test'), remoteId: account.remoteId },
        ...{ userName: 'ada@acme.test', active: true, linkState: 'linked' },
        ...{ linkRule: account.linkRule, removedAt: null, why: undefined },
      },
    )
    assert.ok(account.linkRule, 'linked by a correlation rule')
    assert.match(account.why, /Linked by the correlation rule/)
    assert.match(
      account.why,
      /Docs's assignment \(filter: groups\.display eq "Eng"\) includes them\./,
    )
    assert.deepEqual(
      inDocs.grants.map((g: Record<string, unknown>) => [
        g.entitlementName,
        g.kind,
        g.privileged,
        g.accountId,
      ]),
      [
        ['Admins', 'group', true, docs.accounts.get('ada@acme.test')],
        ['Editors', 'role', false, docs.accounts.get('ada@acme.test')],
      ],
    )
    assert.deepEqual(inDocs.grants[0].reason, {
      kind: 'none',
      words: "No rule grants this: it was found in Docs's listing",
    })
    assert.equal(inDocs.grants[0].entitlementId, ids.admins)
    assert.ok(inDocs.grants[0].id && inDocs.grants[0].since)
    assert.deepEqual(
      inWiki.grants.map((g: { entitlementName: string }) => g.entitlementName),
      ['Writers'],
    )
    assert.match(inWiki.accounts[0].why, /Wiki's assignment \(everyone\) includes them\./)
  })

  it('says when the assignment does not include them, or they are not active', async () => {
    const bob = (await call('GET', `/api/people/${await person('bob@acme.test')}/access`)).body
    assert.deepEqual(
      bob.apps.map((a: { app: { name: string } }) => a.app.name),
      ['Docs'],
    )
    assert.match(bob.apps[0].accounts[0].why, /Docs's assignment .* does not include them\./)
    assert.deepEqual(
      bob.apps[0].grants.map((g: { entitlementName: string }) => g.entitlementName),
      ['Editors'],
    )
    const cy = (await call('GET', `/api/people/${await person('cy@acme.test')}/access`)).body
    assert.notEqual(cy.person.status, 'active')
    assert.equal(cy.apps[0].accounts[0].active, false)
    assert.match(cy.apps[0].accounts[0].why, /includes them, but they are (inactive|gone)\./)
  })

  it('a removed account still shows, and says since when; no account is an empty list', async () => {
    const dee = (await call('GET', `/api/people/${await person('dee@acme.test')}/access`)).body
    assert.deepEqual(dee.apps, [])
    const services = server.hub.services
    await services.accountImports.importCsv(
      server.workspace.id,
      wiki.appId,
      { text: 'email,name,status\nada@acme.test,Ada,active\n', fileName: 'export.csv' },
      SYSTEM,
    )
    const report = await services.graph.refreshApp(server.workspace.id, wiki.appId, {
      trigger: 'cli',
      actor: SYSTEM,
      acceptGone: true,
    })
    assert.equal(report.status, 'succeeded', JSON.stringify(report))
    const cy = (await call('GET', `/api/people/${await person('cy@acme.test')}/access`)).body
    const [account] = cy.apps[0].accounts
    assert.ok(account.removedAt)
    assert.match(account.why, /^No longer in Wiki's listing since /)
  })

  it('an unknown person is the people 404; the routes need integrations:read', async () => {
    const unknown = await call('GET', '/api/people/nope/access')
    assert.equal(unknown.status, 404)
    assert.equal(unknown.body.error.code, 'PERSON_NOT_FOUND')
    const token = await server.hub.services.apiTokens.create(
      { workspaceId: server.workspace.id, scopes: ['audit:read'] },
      SYSTEM,
    )
    const auditor = managementApi(server, token.token)
    for (const path of [
      `/api/apps/${docs.appId}/entitlements`,
      `/api/apps/${docs.appId}/entitlements/${ids.admins}/grants`,
      `/api/people/${await person('ada@acme.test')}/access`,
    ]) {
      const reply = await auditor('GET', path)
      assert.equal(reply.status, 403, `${path}: ${reply.text}`)
    }
  })
})
