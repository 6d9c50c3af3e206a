import { createHash } from 'node:crypto'
import { CompiledQuery } from 'kysely'
import PgBoss from 'pg-boss'
import type { Logger } from '../../shared/logger.js'
import type { Db } from '../store/index.js'
import { currentSchema } from './pg-boss-store.js'
import type { JobData, JobQueue, LeasedJob, NewJob, RetryRequest } from './types.js'

export type PgBossQueueDeps = {
  readonly db: Db
  readonly log: Logger
  /** A leased (active) job whose worker died goes back to the queue after this. */
  readonly leaseMs: number
}

/** pg-boss queue names: one per app, under a prefix so other pg-boss users are left alone. */
const PREFIX = 'rollcall-'

/** What rides along in pg-boss's `data`: the key, its round and the attempt counters. */
type Envelope = {
  job: JobData
  key: string
  attempt: number
  generation: number
  round?: string
}

/**
 * The PostgreSQL queue: pg-boss 10 (the last major for Node 20) in its own schema, talking
 * through Rollcall's own Kysely pool, so enqueueing and settling a job run in the caller's
 * transaction. pg-boss hands a job to one fetcher (`FOR UPDATE SKIP LOCKED`), so several
 * Rollcall processes share one queue; an active job that outlives `expireInSeconds` (its worker
 * died) is failed by timeout and retried by pg-boss itself. Rollcall's own retries (by error
 * class, honouring Retry-After) are a new job (`key#generation`) inserted in the same transaction
 * that completes the old one.
 */
export function createPgBossQueue(deps: PgBossQueueDeps): JobQueue {
  const leaseSeconds = Math.max(1, Math.ceil(deps.leaseMs / 1000))
  const created = new Set<string>()
  let starting: Promise<PgBoss> | undefined
  /** pg-boss's schema, known once it started. */
  let bossSchema = ''
  let lastMaintenance = 0

  /** pg-boss starts on first use, so building the services (the CLI) costs nothing. */
  const requireBoss = (): Promise<PgBoss> => {
    starting ??= open(deps, (schema) => {
      bossSchema = schema
    }).catch((error: unknown) => {
      starting = undefined
      throw error
    })
    return starting
  }

  async function ensureQueue(name: string): Promise<void> {
    if (created.has(name)) return
    await (await requireBoss()).createQueue(name, {
      name,
      policy: 'standard',
      // Crash recovery only (expiry → retry); Rollcall decides real retries itself.
      retryLimit: 1000,
      retryDelay: 0,
      expireInSeconds: leaseSeconds,
    })
    created.add(name)
  }

  function insertRow(job: NewJob, envelope: Envelope): PgBoss.JobInsert {
    return {
      // A new round is a new job: pg-boss ignores an insert whose id it already holds.
      id: jobId(envelope.round ? `${job.key}@${envelope.round}` : job.key, envelope.generation),
      name: PREFIX + job.queue,
      data: envelope,
      priority: job.priority,
      retryLimit: 1000,
      retryDelay: 0,
      expireInSeconds: leaseSeconds,
      ...(job.runAt ? { startAfter: job.runAt } : {}),
    }
  }

  return {
    kind: 'pg-boss',
    async start() {
      await requireBoss()
    },
    async stop() {
      const boss = await starting?.catch(() => undefined)
      starting = undefined
      await boss?.stop({ graceful: false, close: false, wait: true })
    },

    async enqueue(trx, jobs) {
      for (const job of jobs) await ensureQueue(PREFIX + job.queue)
      const rows = jobs.map((job) =>
        insertRow(job, {
          job: job.data,
          key: job.key,
          attempt: 0,
          generation: 0,
          ...(job.round ? { round: job.round } : {}),
        }),
      )
      for (let i = 0; i < rows.length; i += 500)
        await (await requireBoss()).insert(rows.slice(i, i + 500), { db: adapter(trx) })
    },

    async live(db, keys) {
      if (keys.length === 0) return new Set()
      await requireBoss()
      // `created`, `retry` and `active` sort before `completed` in pg-boss's job_state enum.
      const result = await db.executeQuery<{ key: string }>(
        CompiledQuery.raw(
          `select distinct data->>'key' as key from ${bossSchema}.job
            where name like '${PREFIX}%' and state < 'completed' and data->>'key' = any($1::text[])`,
          [[...keys]],
        ),
      )
      return new Set(result.rows.map((row) => row.key))
    },

    async queues() {
      const queues = await (await requireBoss()).getQueues()
      return queues
        .filter((queue) => queue.name.startsWith(PREFIX))
        .map((queue) => queue.name.slice(PREFIX.length))
    },

    async lease(queue, limit) {
      if (limit <= 0) return []
      const jobs = await (await requireBoss()).fetch<Envelope>(PREFIX + queue, {
        batchSize: limit,
        priority: true,
        includeMetadata: true,
      })
      // UPDATE … RETURNING gives no order: hand them out as pg-boss chose them, by priority.
      const ordered = [...jobs].sort((a, b) => b.priority - a.priority)
      return ordered.map((job) => ({
        id: job.id,
        key: job.data.key,
        queue,
        priority: job.priority,
        data: job.data.job,
        attempt: job.data.attempt,
        generation: job.data.generation,
        ...(job.data.round ? { round: job.data.round } : {}),
      }))
    },

    async complete(trx, job) {
      await (await requireBoss()).complete(PREFIX + job.queue, job.id, {}, { db: adapter(trx) })
    },

    async completeMany(trx, jobs) {
      const byQueue = new Map<string, string[]>()
      for (const job of jobs) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job.id])
      const boss = await requireBoss()
      // pg-boss 10's `complete(name, ids, data, options)` takes an array of ids at run time, but
      // its types offer the array only without `data`, and then read the options as `data`: the
      // completion would commit on the pool, outside the caller's transaction.
      const complete = boss.complete.bind(boss) as (
        name: string,
        ids: string[],
        data: object,
        options: PgBoss.ConnectionOptions,
      ) => Promise<void>
      for (const [queue, ids] of byQueue)
        await complete(PREFIX + queue, ids, {}, { db: adapter(trx) })
    },

    async retry(trx, job, retry: RetryRequest) {
      const generation = generationOf(job) + 1
      const attempt = retry.counted ? job.attempt + 1 : job.attempt
      const next = insertRow(
        { ...job, runAt: new Date(Date.now() + retry.delayMs) },
        {
          job: job.data,
          key: job.key,
          attempt,
          generation,
          ...(job.round ? { round: job.round } : {}),
        },
      )
      await (await requireBoss()).insert([next], { db: adapter(trx) })
      await (await requireBoss()).complete(
        PREFIX + job.queue,
        job.id,
        { retried: true },
        { db: adapter(trx) },
      )
    },

    async bury(trx, job) {
      await (await requireBoss()).complete(
        PREFIX + job.queue,
        job.id,
        { dead: true },
        { db: adapter(trx) },
      )
    },

    async reap() {
      const boss = await requireBoss()
      await boss.expire()
      // Archiving finished jobs is pg-boss's maintenance; Rollcall runs it from its own loop
      // (no timers of pg-boss's own, so a CLI process exits when it is done).
      if (Date.now() - lastMaintenance > MAINTENANCE_MS) {
        lastMaintenance = Date.now()
        await boss.maintain()
      }
    },
  }
}

const MAINTENANCE_MS = 10 * 60_000

async function open(deps: PgBossQueueDeps, onSchema: (schema: string) => void): Promise<PgBoss> {
  const current = (await currentSchema(deps.db)) ?? 'public'
  const schema = current === 'public' ? 'pgboss' : `${current}_boss`
  onSchema(schema)
  const boss = new PgBoss({
    db: adapter(deps.db),
    schema,
    supervise: false,
    schedule: false,
  })
  boss.on('error', (error) => deps.log.warn({ err: error }, 'job queue maintenance failed'))
  await boss.start()
  return boss
}

function generationOf(job: LeasedJob): number {
  return job.generation ?? 0
}

/** pg-boss ids are uuids: the same key and generation always give the same id (idempotent insert). */
function jobId(key: string, generation: number): string {
  const hex = createHash('sha256').update(`${key}#${generation}`).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** pg-boss's database port over a Kysely connection or transaction. */
function adapter(db: Db): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []))
      return { rows: result.rows as unknown[] as Record<string, unknown>[] }
    },
  }
}
