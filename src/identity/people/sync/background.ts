import { latestSeq } from '../../../platform/events/index.js'
import {
  type BackgroundWorker,
  createLeases,
  intervalWorker,
} from '../../../platform/jobs/index.js'
import type { Db, Dialect, Row, Transact } from '../../../platform/store/index.js'
import type { Clock } from '../../../shared/clock.js'
import type { Logger } from '../../../shared/logger.js'
import type { DirectoryReader } from '../../directory/index.js'
import type { PeopleWriter } from '../people-writer.js'
import { sourceStore } from '../sources/source-store.js'
import { applyDirectoryEvents } from './scim-events.js'

export type ScimEventLoopDeps = {
  readonly db: Db
  readonly transact: Transact
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
    const sources = await sourceStore(deps.db).listScim()
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
    source = await sourceStore(deps.db).findById(first.id)
  }
}
