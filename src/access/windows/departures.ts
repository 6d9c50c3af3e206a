import {
  consumerCursor,
  eventsOfTypes,
  latestSeq,
  saveConsumerCursor,
} from '../../platform/events/index.js'
import type { Db, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import { endDeparture, insertDeparture, openDeparture } from './windows-store.js'

const CONSUMER = 'access.departures'
const TYPES = ['person.deactivated', 'person.gone', 'person.reactivated']
const BATCH = 500

/**
 * Follows the event log for people leaving and coming back, and records each departure: when
 * the residual-access window of every app opened. The first of `person.deactivated` and
 * `person.gone` opens it (a person made inactive and later deleted left at the first); a
 * `person.reactivated` closes the departure, so a later leave opens a new one. The cursor moves
 * in the transaction that writes the departures, so a restart neither skips nor repeats.
 */
export async function followDepartures(deps: {
  db: Db
  transact: Transact
  clock: Clock
  ids: IdGenerator
}): Promise<number> {
  const { db } = deps
  const cursor = await consumerCursor(db, CONSUMER)
  // Everything up to the head is committed (the event log commits in seq order), so when fewer
  // than a batch match, the cursor can move to the head and the next round scans only new rows.
  const head = await latestSeq(db)
  if (head <= cursor) return 0
  const events = await eventsOfTypes(db, { after: cursor, head, types: TYPES, limit: BATCH })
  const last = events.length === BATCH ? (events.at(-1)?.seq ?? cursor) : head
  await deps.transact(async (trx) => {
    for (const event of events) {
      const open = await openDeparture(trx, event.workspaceId, event.subjectId)
      if (event.type === 'person.reactivated') {
        if (open) await endDeparture(trx, open.id, event.createdAt)
      } else if (!open) {
        await insertDeparture(trx, {
          id: deps.ids.next(),
          workspace_id: event.workspaceId,
          person_id: event.subjectId,
          left_at: event.createdAt,
          returned_at: null,
        })
      }
    }
    await saveConsumerCursor(trx, CONSUMER, last, deps.clock.now().toISOString())
  })
  return events.length
}
