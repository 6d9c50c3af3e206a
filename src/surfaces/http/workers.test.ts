import assert from 'node:assert/strict'
import { it } from 'node:test'
import { eachDialect } from '../../../test/helpers/dialects.js'
import { openPeople } from '../../../test/helpers/people.js'
import { type NamedWorker, runWorkers, serverWorkers, waitingWorkers } from './workers.js'

/** A worker that records its start and stop, and whose stop takes a round in flight to end. */
function recorded(name: string, log: string[], stopFails = false): NamedWorker {
  return {
    name,
    worker: {
      start: () => log.push(`start ${name}`),
      async stop() {
        await new Promise((resolve) => setImmediate(resolve))
        log.push(`stopped ${name}`)
        if (stopFails) throw new Error(`${name} failed to stop`)
      },
    },
  }
}

it('starts workers in order and stops them one by one in reverse, each after its round', async () => {
  const log: string[] = []
  const workers = runWorkers(['a', 'b', 'c'].map((name) => recorded(name, log)))
  workers.startAll()
  await workers.stopAll()
  assert.deepEqual(log, ['start a', 'start b', 'start c', 'stopped c', 'stopped b', 'stopped a'])
})

it('a worker that fails to stop does not keep the others running', async () => {
  const log: string[] = []
  const workers = runWorkers([recorded('a', log), recorded('b', log, true), recorded('c', log)])
  await assert.rejects(workers.stopAll(), /b failed to stop/)
  assert.deepEqual(log, ['stopped c', 'stopped b', 'stopped a'])
})

eachDialect('the workers each process runs', (database) => {
  const workersOf = async (config: Record<string, unknown>) => {
    const h = await openPeople(database, {}, config)
    try {
      return { server: serverWorkers(h.services).names, waiting: waitingWorkers(h.services).names }
    } finally {
      await h.services.stopJobs()
      await h.close()
    }
  }

  it('the server runs every loop and the apply worker; `rollcall … --wait` only the latter', async () => {
    const { server, waiting } = await workersOf({})
    assert.deepEqual(server, [
      ...['people', 'people', 'graph-scheduler', 'webhooks', 'lifecycle', 'auto-offboard'],
      'apply',
    ])
    assert.deepEqual(waiting, ['apply'])
  })

  it('settings turn the loops, automatic offboarding and the apply worker off', async () => {
    assert.deepEqual((await workersOf({ 'sources.background': false })).server, ['apply'])
    assert.deepEqual((await workersOf({ 'lifecycle.autoOffboard': false })).server, [
      ...['people', 'people', 'graph-scheduler', 'webhooks', 'lifecycle', 'apply'],
    ])
    assert.deepEqual((await workersOf({ 'jobs.background': false })).server, [
      ...['people', 'people', 'graph-scheduler', 'webhooks', 'lifecycle', 'auto-offboard'],
    ])
  })
})
