import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { setTimeout as delay } from 'node:timers/promises'
import { sql } from 'kysely'
import { eachDialect, type TestStore } from '../../../test/helpers/dialects.js'
import { ConnectorError } from '../../integrations/connectors/index.js'
import { systemClock } from '../../shared/clock.js'
import { uuidGenerator } from '../../shared/ids.js'
import { silentLogger } from '../../shared/logger.js'
import { err, ok } from '../../shared/result.js'
import {
  createJobQueue,
  createJobWorker,
  DEFAULT_RETRY_POLICY,
  type JobHandler,
  type JobQueue,
  type LeasedJob,
  quarantineStore,
  verdictFor,
} from './index.js'

const LEASE_MS = 1500

/** Drops pg-boss's schema (next to the test's own, which the helper drops). */
export async function dropBossSchema(store: TestStore): Promise<void> {
  if (store.schema)
    await sql.raw(`drop schema if exists ${store.schema}_boss cascade`).execute(store.db)
}

const job = (key: string, priority = 0, queue = 'app-a') => ({
  key,
  queue,
  priority,
  data: { type: 'probe', workspaceId: 'w1', key },
})

eachDialect('job queue', (database) => {
  let store: TestStore
  let queue: JobQueue

  before(async () => {
    store = await database.open()
    queue = createJobQueue({
      store,
      clock: systemClock,
      ids: uuidGenerator,
      log: silentLogger(),
      leaseMs: LEASE_MS,
    })
    await queue.start()
  })
  after(async () => {
    await queue.stop()
    await dropBossSchema(store)
    await store.close()
  })

  test('enqueueing a key twice keeps one job; leases go highest priority first', async () => {
    await store.transact((trx) => queue.enqueue(trx, [job('p-low', 0), job('p-high', 10)]))
    await store.transact((trx) => queue.enqueue(trx, [job('p-low', 0), job('p-mid', 5)]))
    const leased = await queue.lease('app-a', 10, 'w-1')
    assert.deepEqual(
      leased.map((j) => j.key),
      ['p-high', 'p-mid', 'p-low'],
    )
    assert.deepEqual(await queue.lease('app-a', 10, 'w-2'), [], 'a leased job is handed out once')
    await store.transact(async (trx) => {
      for (const j of leased) await queue.complete(trx, j, 'w-1')
    })
  })

  test('a job whose worker died comes back after its lease expires', async () => {
    await store.transact((trx) => queue.enqueue(trx, [job('crash-1', 0, 'app-b')]))
    const [first] = await queue.lease('app-b', 1, 'dead-worker')
    assert.equal(first?.key, 'crash-1')
    assert.deepEqual(await queue.lease('app-b', 1, 'w-2'), [])
    let again: LeasedJob[] = []
    for (let i = 0; i < 40 && again.length === 0; i++) {
      await delay(250)
      await queue.reap()
      again = await queue.lease('app-b', 1, 'w-2')
    }
    assert.equal(again[0]?.key, 'crash-1', 'the expired lease returned the job')
    await store.transact((trx) => queue.complete(trx, again[0] as LeasedJob, 'w-2'))
    await queue.reap()
    assert.deepEqual(await queue.lease('app-b', 1, 'w-3'), [], 'a completed job stays done')
  })

  test('a retry waits its delay and counts the attempt', async () => {
    await store.transact((trx) => queue.enqueue(trx, [job('retry-1', 0, 'app-c')]))
    const [first] = await queue.lease('app-c', 1, 'w-1')
    assert.ok(first)
    await store.transact((trx) =>
      queue.retry(
        trx,
        first,
        { delayMs: 800, counted: true, error: { class: 'transient' } },
        'w-1',
      ),
    )
    assert.deepEqual(await queue.lease('app-c', 1, 'w-1'), [], 'not before its delay')
    let again: LeasedJob[] = []
    for (let i = 0; i < 20 && again.length === 0; i++) {
      await delay(200)
      again = await queue.lease('app-c', 1, 'w-1')
    }
    assert.equal(again[0]?.key, 'retry-1')
    assert.equal(again[0]?.attempt, 1)
    await store.transact((trx) => queue.complete(trx, again[0] as LeasedJob, 'w-1'))
  })

  test('the worker retries transient failures and dead-letters invalid ones with the reason', async () => {
    const runs = new Map<string, number>()
    const outcomes: string[] = []
    const handler: JobHandler<string> = {
      async run(leased) {
        const n = (runs.get(leased.key) ?? 0) + 1
        runs.set(leased.key, n)
        if (leased.key === 'bad')
          return err(new ConnectorError({ class: 'invalid', message: 'userName is required' }))
        if (n < 3)
          return err(new ConnectorError({ class: 'transient', message: 'The app is down' }))
        return ok('done')
      },
      async succeeded(_trx, leased, value) {
        outcomes.push(`${leased.key}:${value}`)
      },
      async failed(_trx, leased, failure) {
        outcomes.push(`${leased.key}:${failure.verdict.kind}`)
      },
    }
    const worker = createJobWorker({
      queue,
      transact: store.transact,
      clock: systemClock,
      log: silentLogger(),
      random: () => 0.5,
      quarantines: quarantineStore(store.db, systemClock),
      handlers: { probe: handler },
      owner: 'worker-test',
      settings: {
        concurrency: 4,
        concurrencyPerQueue: 2,
        pollMs: 50,
        leaseMs: LEASE_MS,
        retry: { maxAttempts: 5, baseMs: 20, capMs: 100 },
      },
    })
    await store.transact((trx) =>
      queue.enqueue(trx, [job('good', 0, 'app-d'), job('bad', 0, 'app-d')]),
    )
    worker.start()
    for (let i = 0; i < 100 && !outcomes.includes('good:done'); i++) await delay(50)
    await worker.stop()
    assert.equal(runs.get('good'), 3, 'two transient failures, then success')
    assert.equal(runs.get('bad'), 1, 'an invalid request is not retried')
    assert.deepEqual(
      outcomes.filter((o) => o.startsWith('bad')),
      ['bad:dead'],
    )
    const dead = await store.db.selectFrom('job_dead_letters').selectAll().execute()
    assert.equal(dead.length, 1)
    assert.equal(dead[0]?.key, 'bad')
    assert.match(dead[0]?.reason ?? '', /invalid: userName is required/)
  })
})

test('verdicts: backoff is jittered and exponential, Retry-After is a floor, classes decide', () => {
  const now = new Date('2026-01-01T00:00:00Z')
  const policy = { ...DEFAULT_RETRY_POLICY, baseMs: 100, capMs: 10_000, maxAttempts: 4 }
  const transient = new ConnectorError({ class: 'transient', message: 'down' })
  const ceilings = [0, 1, 2].map((a) => verdictFor(transient, a, policy, () => 0.999, now))
  assert.deepEqual(
    ceilings.map((v) => (v.kind === 'retry' ? v.delayMs : -1)),
    [99, 199, 399],
  )
  assert.equal(verdictFor(transient, 0, policy, () => 0, now).kind, 'retry')
  assert.equal(verdictFor(transient, 3, policy, () => 0.5, now).kind, 'dead', 'out of attempts')
  const limited = new ConnectorError({ class: 'rate_limited', message: 'slow', retryAfterMs: 5000 })
  const waited = verdictFor(limited, 0, policy, () => 0.5, now)
  assert.deepEqual(waited, { kind: 'retry', delayMs: 5000, counted: true })
  for (const cls of ['invalid', 'conflict', 'not_found', 'permanent'] as const)
    assert.equal(
      verdictFor(new ConnectorError({ class: cls, message: cls }), 0, policy, Math.random, now)
        .kind,
      'dead',
    )
  const revoked = verdictFor(
    new ConnectorError({ class: 'unauthorized', message: 'no' }),
    0,
    policy,
    Math.random,
    now,
  )
  assert.equal(revoked.kind, 'quarantine')
  assert.equal(revoked.kind === 'quarantine' && revoked.until, null)
  const open = new ConnectorError({
    class: 'transient',
    code: 'CONNECTOR_QUARANTINED',
    message: 'quarantined: error_rate',
    retryAfterMs: 30_000,
  })
  const cooling = verdictFor(open, 0, policy, Math.random, now)
  assert.equal(cooling.kind, 'quarantine')
  assert.equal(
    cooling.kind === 'quarantine' && cooling.until?.toISOString(),
    '2026-01-01T00:00:30.000Z',
  )
})
