import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { seedPeopleFromCsv } from '../../../test/helpers/csv-people.js'
import { eachDialect } from '../../../test/helpers/dialects.js'
import { managementApi } from '../../../test/helpers/http.js'
import { startServer, type TestServer } from '../../../test/helpers/server.js'
import { likeContains } from '../../platform/store/index.js'

const ADMIN = { type: 'cli', id: null } as const

/**
 * The people list's plain-text search (issue 19: typing `Turing` into the console's box answered
 * "Invalid filter at position 6"), and the standing offboarding on a person's detail.
 */
eachDialect('people search and a person’s offboarding over HTTP', (database) => {
  let server: TestServer
  const api = () => managementApi(server)
  const search = async (query: string) => {
    const reply = await api()('GET', `/api/people?${query}`)
    assert.equal(reply.status, 200, reply.text)
    return (reply.body.people as Array<{ primaryEmail: string }>).map((p) => p.primaryEmail).sort()
  }

  before(async () => {
    server = await startServer(database)
    await seedPeopleFromCsv(server.hub.services, server.workspace.id, [
      'E1,alan@acme.test,Alan,Turing,R&D,Engineering,active',
      'E2,ada@acme.test,Ada,Lovelace,R&D,Engineering,active',
      'E3,grace_h@acme.test,Grace,Hopper,Sales,Sales,active',
      'E4,gracexh@acme.test,Grace,Xhu,Sales,Sales,terminated',
      'E5,pct@acme.test,Hundred%,Percent,Finance,Finance,active',
    ])
  })
  after(() => server?.close())

  it('finds people by a family name, any case, where the SCIM filter would refuse it', async () => {
    assert.deepEqual(await search('q=turing'), ['alan@acme.test'])
    assert.deepEqual(await search('q=TURING'), ['alan@acme.test'])
    const filter = await api()('GET', '/api/people?filter=Turing')
    assert.equal(filter.status, 400)
    assert.equal(filter.body.error.code, 'PEOPLE_FILTER_INVALID')
  })

  it('matches the full name, the user name and emails', async () => {
    assert.deepEqual(await search(`q=${encodeURIComponent('ada love')}`), ['ada@acme.test'])
    assert.deepEqual(await search('q=ALAN%40ACME'), ['alan@acme.test'])
    assert.deepEqual(await search('q=grace'), ['grace_h@acme.test', 'gracexh@acme.test'])
  })

  it('takes LIKE wildcards in the text literally', async () => {
    // `_` would match any one character (the "x" of gracexh) and `%` anything.
    assert.deepEqual(await search('q=grace_'), ['grace_h@acme.test'])
    assert.deepEqual(await search(`q=${encodeURIComponent('%')}`), ['pct@acme.test'])
    assert.deepEqual(await search(`q=${encodeURIComponent('\\')}`), [])
  })

  it('combines with the status and the SCIM filter', async () => {
    assert.deepEqual(await search('q=grace&status=active'), ['grace_h@acme.test'])
    const filter = encodeURIComponent('name.familyName eq "Xhu"')
    assert.deepEqual(await search(`q=grace&filter=${filter}`), ['gracexh@acme.test'])
  })

  it('shows the standing offboarding on the person, and none once reversed', async () => {
    const alan = await server.hub.services.graph.resolvePerson(
      server.workspace.id,
      'alan@acme.test',
    )
    const before = await api()('GET', `/api/people/${alan.id}`)
    assert.equal(before.body.offboarding, null)
    const lifecycle = server.hub.services.personLifecycle
    const options = { actor: ADMIN, trigger: 'api', apply: true, reason: 'HR: last day' } as const
    await lifecycle.offboard(server.workspace.id, 'alan@acme.test', options)
    const standing = await api()('GET', `/api/people/${alan.id}`)
    assert.equal(standing.body.status, 'active', 'the source still says active')
    assert.equal(standing.body.offboarding.by, 'cli')
    assert.equal(standing.body.offboarding.reason, 'HR: last day')
    assert.ok(Date.parse(standing.body.offboarding.at) > 0)
    const reinstated = await api()('POST', '/api/people/alan@acme.test/reinstate', {
      reason: 'stays',
    })
    assert.equal(reinstated.status, 200, reinstated.text)
    assert.equal((await api()('GET', `/api/people/${alan.id}`)).body.offboarding, null)
  })
})

it('likeContains escapes the wildcards and the escape character', () => {
  assert.equal(likeContains('A_b%c\\'), '%a\\_b\\%c\\\\%')
})
