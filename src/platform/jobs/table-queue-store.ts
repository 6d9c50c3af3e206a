import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import { type Db, decodeJson, type Transact } from '../store/index.js'
import type { JobData, JobQueue, LeasedJob, NewJob, RetryRequest } from './types.js'

export type TableQueueDeps = {
  readonly db: Db
  /**
   * The store's write transactions: a lease joins the settlements of the same moment in one
   * group commit (one fsync on SQLite) instead of paying an fsync of its own.
   */
  readonly transact: Transact
  readonly clock: Clock
  readonly ids: IdGenerator
  /** How long a leased job stays with its worker; a crashed worker's jobs return after it. */
  readonly leaseMs: number
}

const BATCH = 200

/**
 * The embedded queue: the `jobs` table. A lease is `lease_owner` + `lease_until` set in one
 * UPDATE … RETURNING, so a job is handed out once; a worker that dies (kill -9) loses its
 * leases when they expire and the next worker takes the jobs again. SQLite allows one writer,
 * and Rollcall runs one worker per SQLite database (apply/ checks with a lease), so this needs
 * no row locks.
 */
export function createTableQueue(deps: TableQueueDeps): JobQueue {
  const { db, clock, ids } = deps
  const now = () => clock.now().toISOString()
  const later = (ms: number) => new Date(clock.now().getTime() + ms).toISOString()

  async function settle(
    trx: Db,
    job: LeasedJob,
    owner: string,
    set: Record<string, unknown>,
  ): Promise<void> {
    await trx
      .updateTable('jobs')
      .set({ ...set, lease_owner: null, lease_until: null, updated_at: now() })
      .where('id', '=', job.id)
      .where('lease_owner', '=', owner)
      .execute()
  }

  return {
    kind: 'table',
    async start() {},
    async stop() {},

    async enqueue(trx, jobs) {
      const at = now()
      const rows = jobs.map((job: NewJob) => ({
        id: ids.next(),
        queue: job.queue,
        key: job.key,
        data: JSON.stringify(job.data),
        priority: job.priority,
        attempt: 0,
        run_at: job.runAt ? job.runAt.toISOString() : at,
        state: 'queued',
        lease_owner: null,
        lease_until: null,
        last_error: null,
        created_at: at,
        updated_at: at,
      }))
      const again = new Set(jobs.filter((job) => job.round !== undefined).map((job) => job.key))
      const fresh = rows.filter((row) => !again.has(row.key))
      const rerun = rows.filter((row) => again.has(row.key))
      for (let i = 0; i < fresh.length; i += BATCH)
        await trx
          .insertInto('jobs')
          .values(fresh.slice(i, i + BATCH))
          .onConflict((oc) => oc.column('key').doNothing())
          .execute()
      for (let i = 0; i < rerun.length; i += BATCH)
        await trx
          .insertInto('jobs')
          .values(rerun.slice(i, i + BATCH))
          // A job of this key that ended runs again with the new data; a live one is left alone.
          .onConflict((oc) =>
            oc
              .column('key')
              .doUpdateSet((eb) => ({
                data: eb.ref('excluded.data'),
                priority: eb.ref('excluded.priority'),
                run_at: eb.ref('excluded.run_at'),
                state: 'queued',
                attempt: 0,
                last_error: null,
                updated_at: at,
              }))
              .where('jobs.state', 'in', ['done', 'dead']),
          )
          .execute()
    },

    async live(d, keys) {
      const found = new Set<string>()
      for (let i = 0; i < keys.length; i += BATCH) {
        const rows = await d
          .selectFrom('jobs')
          .select('key')
          .where('key', 'in', keys.slice(i, i + BATCH))
          .where('state', 'in', ['queued', 'active'])
          .execute()
        for (const row of rows) found.add(row.key)
      }
      return found
    },

    async queues() {
      const rows = await db
        .selectFrom('jobs')
        .select('queue')
        .distinct()
        .where('state', 'in', ['queued', 'active'])
        .execute()
      return rows.map((row) => row.queue)
    },

    async lease(queue, limit, owner) {
      if (limit <= 0) return []
      const at = now()
      const ready = db
        .selectFrom('jobs')
        .select('id')
        .where('queue', '=', queue)
        .where((eb) =>
          eb.or([
            eb('state', '=', 'queued'),
            eb.and([eb('state', '=', 'active'), eb('lease_until', '<', at)]),
          ]),
        )
        .where('run_at', '<=', at)
        .orderBy('priority', 'desc')
        .orderBy('run_at')
        .orderBy('created_at')
        .limit(limit)
      const rows = await deps.transact((trx) =>
        trx
          .updateTable('jobs')
          .set({
            state: 'active',
            lease_owner: owner,
            lease_until: later(deps.leaseMs),
            updated_at: at,
          })
          .where('id', 'in', ready)
          .returningAll()
          .execute(),
      )
      return rows
        .sort((a, b) => b.priority - a.priority || a.run_at.localeCompare(b.run_at))
        .map((row) => ({
          id: row.id,
          key: row.key,
          queue: row.queue,
          priority: row.priority,
          data: decodeJson<JobData>(row.data),
          attempt: row.attempt,
        }))
    },

    async complete(trx, job, owner) {
      await settle(trx, job, owner, { state: 'done' })
    },

    async completeMany(trx, jobs, owner) {
      for (let i = 0; i < jobs.length; i += BATCH)
        await trx
          .updateTable('jobs')
          .set({ state: 'done', lease_owner: null, lease_until: null, updated_at: now() })
          .where(
            'id',
            'in',
            jobs.slice(i, i + BATCH).map((job) => job.id),
          )
          .where('lease_owner', '=', owner)
          .execute()
    },

    async retry(trx, job, retry: RetryRequest, owner) {
      await settle(trx, job, owner, {
        state: 'queued',
        run_at: later(retry.delayMs),
        attempt: retry.counted ? job.attempt + 1 : job.attempt,
        last_error: JSON.stringify(retry.error ?? null),
      })
    },

    async bury(trx, job, owner) {
      await settle(trx, job, owner, { state: 'dead' })
    },

    async reap() {
      // `lease` already takes expired jobs; this makes them visible to `queues` too.
      await db
        .updateTable('jobs')
        .set({ state: 'queued', lease_owner: null, lease_until: null })
        .where('state', '=', 'active')
        .where('lease_until', '<', now())
        .execute()
    },
  }
}
