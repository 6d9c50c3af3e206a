import type { Actor } from '../../platform/audit/index.js'
import {
  consumerCursor,
  eventsOfTypes,
  latestSeq,
  saveConsumerCursor,
} from '../../platform/events/index.js'
import { type BackgroundWorker, createLeases, intervalWorker } from '../../platform/jobs/index.js'
import type { Db } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { Logger } from '../../shared/logger.js'
import { activeAccountOf } from '../graph/index.js'
import type { PersonLifecycle } from './lifecycle-service.js'
import { personStatus } from './people-reads-store.js'

const CONSUMER = 'lifecycle.auto-offboard'
const TYPES = ['person.deactivated', 'person.gone']
const BATCH = 100
const LEASE_MS = 30_000
const ACTOR: Actor = { type: 'system', id: 'auto-offboard' }

export type AutoOffboardDeps = {
  readonly db: Db
  readonly clock: Clock
  readonly log: Logger
  readonly lifecycle: Pick<PersonLifecycle, 'offboard'>
  /**
   * How old a departure must be before it is acted on (config `lifecycle.departures`): a burst
   * arriving one push at a time gathers, so the departure gate counts it whole before its first
   * person goes out. 0 acts at once.
   */
  readonly settleMs?: number
}

type Departure = { seq: number; workspaceId: string; personId: string; createdAt: string }

/**
 * One round of automatic offboarding: every `person.deactivated` or `person.gone` since the
 * cursor, once settled, plans that person's offboarding and applies it (held steps, such as those
 * the departure gate holds in a burst, wait for approval; the server's apply worker carries out
 * the rest), and revokes the hub's own sessions and tokens.
 * A person active again by now, or holding no live active account, is skipped (no empty plans).
 * The cursor moves after each person, so a crash repeats at most one plan, and a repeat applies
 * nothing twice (operations carry idempotency keys). Returns the people offboarded.
 */
export async function autoOffboardRound(deps: AutoOffboardDeps): Promise<number> {
  const cursor = await consumerCursor(deps.db, CONSUMER)
  const head = await latestSeq(deps.db)
  if (head <= cursor) return 0
  const departures = (
    await eventsOfTypes(deps.db, { after: cursor, head, types: TYPES, limit: BATCH })
  ).map(
    (e): Departure => ({
      ...{ seq: e.seq, workspaceId: e.workspaceId },
      ...{ personId: e.subjectId, createdAt: e.createdAt },
    }),
  )
  const settledBefore = new Date(deps.clock.now().getTime() - (deps.settleMs ?? 0)).toISOString()
  let offboarded = 0
  for (const departure of departures) {
    // Events come in seq order, so every later one is younger: wait for the next round.
    if (departure.createdAt > settledBefore) return offboarded
    if (await stillHolds(deps.db, departure)) {
      await deps.lifecycle.offboard(departure.workspaceId, departure.personId, {
        actor: ACTOR,
        trigger: 'schedule',
        apply: true,
      })
      offboarded += 1
    }
    await moveCursor(deps, departure.seq)
  }
  // Fewer than a batch: every event up to the head was seen, the next round starts there.
  if (departures.length < BATCH) await moveCursor(deps, head)
  return offboarded
}

/** The server's worker; on several processes only the lease holder plans. */
export function createAutoOffboardWorker(
  deps: AutoOffboardDeps & { holder: string; intervalMs: number },
): BackgroundWorker {
  const leases = createLeases(deps.db, deps.clock)
  return intervalWorker('auto-offboard', deps.intervalMs, deps.log, async () => {
    if (!(await leases.acquire(CONSUMER, deps.holder, LEASE_MS))) return
    const offboarded = await autoOffboardRound(deps)
    if (offboarded > 0) deps.log.info({ offboarded }, 'offboarded people who left a source')
  })
}

async function moveCursor(deps: Pick<AutoOffboardDeps, 'db' | 'clock'>, seq: number) {
  await saveConsumerCursor(deps.db, CONSUMER, seq, deps.clock.now().toISOString())
}

/** The person is still away and some app still shows them an active account. */
async function stillHolds(db: Db, d: Departure): Promise<boolean> {
  const person = await personStatus(db, d.workspaceId, d.personId)
  if (!person || person.status === 'active') return false
  const account = await activeAccountOf(db, d.workspaceId, d.personId)
  return account !== undefined
}
