import type { DirectoryReader } from '../../directory/index.js'
import { latestSeq } from '../../events/index.js'
import type { Clock } from '../../shared/clock.js'
import type { Logger } from '../../shared/logger.js'
import type { Db, Dialect, Row } from '../../store/index.js'
import type { PeopleWriter } from '../people-writer.js'
import { createLeases } from './leases.js'
import { applyDirectoryEvents } from './scim-events.js'

/**
 * A loop the server runs in the background (STYLE §4.6: no module state; its state is here and
 * its locks are leases in the database). The composition root starts it and stops it on
 * shutdown; `stop` waits for the tick in flight. Replaceable by the durable job queue later.
 */
export interface BackgroundWorker {
  start(): void
  stop(): Promise<void>
  /** One round now (tests call it to avoid waiting for the timer). */
  tick(): Promise<void>
}

export function intervalWorker(
  name: string,
  intervalMs: number,
  log: Logger,
  round: () => Promise<void>,
): BackgroundWorker {
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let stopped = true
  const tick = async () => {
    running ??= round()
      .catch((error: unknown) => log.error({ err: error, worker: name }, 'background round failed'))
      .finally(() => {
        running = undefined
      })
    await running
  }
  const schedule = () => {
    if (stopped) return
    timer = setTimeout(() => {
      void tick().finally(schedule)
    }, intervalMs)
    // The loop never keeps the process alive on its own (the HTTP server does).
    timer.unref()
  }
  return {
    start() {
      if (!stopped) return
      stopped = false
      schedule()
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
    },
    tick,
  }
}

export type ScimEventLoopDeps = {
  readonly db: Db
  readonly dialect: Dialect
  readonly clock: Clock
  readonly writer: PeopleWriter
  readonly directories: DirectoryReader
  readonly log: Logger
  readonly holder: string
  readonly intervalMs: number
}

const LEASE_MS = 30_000

/**
 * Follows the events of every SCIM directory source, so a change pushed by an IdP reaches people
 * within a poll interval (the brief's target: within 1 second). An idle round costs one
 * `max(seq)` read; each source is worked by whichever process holds its lease.
 */
export function createScimEventLoop(deps: ScimEventLoopDeps): BackgroundWorker {
  const leases = createLeases(deps.db, deps.clock)
  let seenSeq = -1
  return intervalWorker('scim-events', deps.intervalMs, deps.log, async () => {
    const seq = await latestSeq(deps.db)
    if (seq === seenSeq) return
    const sources = await deps.db
      .selectFrom('sources')
      .selectAll()
      .where('kind', '=', 'scim')
      .execute()
    let complete = true
    for (const source of sources) {
      if ((source.event_cursor ?? 0) >= seq) continue
      if (!(await leases.acquire(`events:${source.id}`, deps.holder, LEASE_MS))) {
        complete = false
        continue
      }
      await drain(deps, source)
    }
    if (complete) seenSeq = seq
  })
}

async function drain(deps: ScimEventLoopDeps, first: Row<'sources'>): Promise<void> {
  let source: Row<'sources'> | undefined = first
  while (source) {
    const applied = await applyDirectoryEvents(deps, source)
    if (applied === 0) return
    source = await deps.db
      .selectFrom('sources')
      .selectAll()
      .where('id', '=', first.id)
      .executeTakeFirst()
  }
}
