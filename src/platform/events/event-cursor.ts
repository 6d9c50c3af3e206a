import type { Db } from '../store/index.js'
import { latestSeq, type StoredEvent } from './event-query-store.js'
import { eventErrors } from './events-errors.js'

/**
 * A cursor is the position of an event in the log, written in decimal; clients treat it as
 * opaque. `0` is the start of the log. A cursor past the end of the log was never issued, so it
 * is refused rather than silently waiting for events that may never line up with it.
 */
export async function parseCursor(db: Db, text: string | undefined): Promise<number> {
  if (text === undefined || text === '') return 0
  if (!/^\d{1,15}$/.test(text))
    throw eventErrors.error('EVENTS_CURSOR_INVALID', `'${text.slice(0, 40)}' is not a cursor.`)
  const seq = Number(text)
  if (seq > (await latestSeq(db)))
    throw eventErrors.error('EVENTS_CURSOR_INVALID', `Cursor ${text} is past the end of the log.`)
  return seq
}

export const cursorOf = (seq: number): string => String(seq)

/** An event as the events API and webhook bodies carry it. */
export type WireEvent = {
  id: string
  cursor: string
  type: string
  createdAt: string
  subject: { type: string; id: string }
  data: unknown
}

export function toWireEvent(event: StoredEvent): WireEvent {
  return {
    id: event.id,
    cursor: cursorOf(event.seq),
    type: event.type,
    createdAt: event.createdAt,
    subject: event.subject,
    data: event.data,
  }
}

/** `a.b,c.*` → types; each an event name or a prefix ending in `.*`. */
export function parseTypes(text: string | undefined): string[] | undefined {
  if (text === undefined || text.trim() === '') return []
  const types = text.split(',').map((t) => t.trim())
  return types.every((t) => /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.\*)?$/.test(t)) ? types : undefined
}
