import assert from 'node:assert/strict'
import { performance } from 'node:perf_hooks'
import { after, before, it } from 'node:test'
import { setTimeout as delay } from 'node:timers/promises'
import type { Person } from '../../src/identity/people/index.js'
import { listEvents } from '../../src/platform/events/index.js'
import { eachDialect } from '../helpers/dialects.js'
import { openPeople, SYSTEM } from '../helpers/people.js'
import { scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'

/** Polls until `find` returns something (the background loop is asynchronous); 10 s at most. */
async function eventually<T>(find: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const found = await find()
    if (found !== undefined) return found
    if (Date.now() > deadline) assert.fail('did not converge within 10 s')
    await delay(5)
  }
}

/**
 * The inbound SCIM directory as a source: the server's background loop follows the directory's
 * events, so what an IdP pushes reaches people in near real time. The latency is measured and
 * printed; only convergence is asserted (STYLE §4.9: no timing assertions).
 */
eachDialect('SCIM directory source (server background loop)', (database) => {
  let server: TestServer
  let scim: ReturnType<typeof scimClient>
  const person = (filter: string, status?: Person['status']) => async () => {
    const people = await server.hub.services.people.list(server.workspace.id, { filter })
    const found = people[0]
    return found && (status === undefined || found.status === status) ? found : undefined
  }

  before(async () => {
    server = await startServer(database)
    scim = scimClient(server.scimUrl, server.directory.token)
    await scim.post('/Users', {
      schemas: [USER],
      userName: 'before@acme.test',
      emails: [{ value: 'before@acme.test' }],
    })
    const source = await server.hub.services.sources.add(
      server.workspace.id,
      'scim',
      { directoryId: server.directory.id },
      SYSTEM,
    )
    const report = await server.hub.services.sync.syncSource(server.workspace.id, source.id, {
      trigger: 'cli',
      actor: SYSTEM,
    })
    assert.equal(
      report.counts.created,
      1,
      'the full sync reads users pushed before the source existed',
    )
  })
  after(() => server.close())

  it('a user pushed over SCIM is a person within the poll interval (latency printed)', async () => {
    const latencies: number[] = []
    for (let i = 0; i < 5; i++) {
      const userName = `fast${i}@acme.test`
      const started = performance.now()
      const created = await scim.post('/Users', {
        schemas: [USER],
        userName,
        externalId: `00u-fast-${i}`,
        emails: [{ value: userName, primary: true }],
      })
      assert.equal(created.status, 201)
      await eventually(person(`userName eq "${userName}"`))
      latencies.push(performance.now() - started)
    }
    const sorted = [...latencies].sort((a, b) => a - b)
    process.stdout.write(
      `# SCIM change → person latency [${database.dialect}] ms: median ${sorted[2]?.toFixed(0)}, max ${sorted[4]?.toFixed(0)} (poll 200 ms)\n`,
    )
  })

  it('deactivation, group membership and deletion reach people', async () => {
    const created = await scim.post('/Users', { schemas: [USER], userName: 'leaver@acme.test' })
    const id = String(created.body.id)
    await eventually(person('userName eq "leaver@acme.test"', 'active'))
    const group = await scim.post('/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Engineering',
      members: [{ value: id }],
    })
    await eventually(person('groups.display eq "Engineering" and userName eq "leaver@acme.test"'))
    await scim.patch(`/Groups/${group.body.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Platform' }],
    })
    await eventually(person('groups.display eq "Platform"'))
    await scim.patch(`/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    })
    await eventually(person('userName eq "leaver@acme.test"', 'inactive'))
    await scim.request('DELETE', `/Users/${id}`)
    const gone = await eventually(person('userName eq "leaver@acme.test"', 'gone'))
    const events = await listEvents(server.store.db, {
      workspaceId: server.workspace.id,
      limit: 5000,
    })
    const types = events.filter((e) => e.subject.id === gone.id).map((e) => e.type)
    assert.deepEqual(
      types.filter((t) => t !== 'person.updated'),
      ['person.created', 'person.deactivated', 'person.gone'],
    )
  })
})

eachDialect('SCIM directory source: events are applied once', (database) => {
  it('two followers racing over one batch apply it once (cursor compare-and-set)', async () => {
    const h = await openPeople(database)
    try {
      const { services } = h
      const made = await services.directories.create({ workspaceId: h.workspace.id }, SYSTEM)
      const context = {
        directory: (await services.directories.authenticate(made.token)) ?? assert.fail(),
        actor: SYSTEM,
      }
      const source = await services.sources.add(
        h.workspace.id,
        'scim',
        { directoryId: made.directory.id },
        SYSTEM,
      )
      for (let i = 0; i < 20; i++) {
        await services.scim.users.create(context, {
          schemas: [USER],
          userName: `race${i}@acme.test`,
        })
      }
      const { applyDirectoryEvents } = await import('../../src/identity/people/sync/scim-events.js')
      const { createPeopleWriter } = await import('../../src/identity/people/people-writer.js')
      const writer = createPeopleWriter({ ...services, dialect: h.store.dialect })
      const deps = {
        db: h.store.db,
        transact: h.store.transact,
        dialect: h.store.dialect,
        writer,
        directories: (
          await import('../../src/identity/directory/index.js')
        ).createDirectoryReader(),
      }
      const row = await h.store.db
        .selectFrom('sources')
        .selectAll()
        .where('id', '=', source.id)
        .executeTakeFirstOrThrow()
      // Both read the same cursor, as two processes (or a restart mid-batch) would.
      await Promise.all([applyDirectoryEvents(deps, row), applyDirectoryEvents(deps, row)])
      const events = await listEvents(h.store.db, { workspaceId: h.workspace.id, limit: 5000 })
      assert.equal(events.filter((e) => e.type === 'person.created').length, 20)
      const people = await services.people.list(h.workspace.id, { limit: 1000 })
      assert.equal(people.length, 20)
      assert.ok(people.every((p) => p.version === 1))
    } finally {
      await h.close()
    }
  })
})
