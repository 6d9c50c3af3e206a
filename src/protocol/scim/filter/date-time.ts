/**
 * An instant from an RFC 7643 §2.3.5 dateTime (xsd:dateTime). Whole milliseconds since the epoch
 * plus the digits below a millisecond, kept as text: Entra sends seven fractional digits
 * (`2015-10-10T14:38:21.8617979-07:00`) and a double cannot hold them next to an epoch value.
 */
export type Instant = { readonly epochMs: number; readonly subMs: string }

const DATE_TIME =
  /^(-?\d{4,})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?)?([Zz]|[+-]\d{2}:\d{2})?$/

/**
 * Parses `YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm]` to an instant, or undefined. A missing offset
 * is read as UTC, and a bare date as its midnight (lenient: clients filter `gt "2024-01-01"`).
 */
export function parseDateTime(text: string): Instant | undefined {
  const match = DATE_TIME.exec(text)
  if (!match) return undefined
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = match
  const fields = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
  }
  const offset = zoneOffsetMinutes(zone)
  if (offset === undefined || !validFields(fields)) return undefined
  const date = new Date(0)
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  date.setUTCFullYear(fields.year, fields.month - 1, fields.day)
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'))
  date.setUTCHours(fields.hour, fields.minute - offset, fields.second, ms)
  const epochMs = date.getTime()
  if (Number.isNaN(epochMs)) return undefined
  return { epochMs, subMs: fraction.slice(3).replace(/0+$/, '') }
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function compareInstants(a: Instant, b: Instant): number {
  if (a.epochMs !== b.epochMs) return a.epochMs < b.epochMs ? -1 : 1
  const width = Math.max(a.subMs.length, b.subMs.length)
  const left = a.subMs.padEnd(width, '0')
  const right = b.subMs.padEnd(width, '0')
  return left === right ? 0 : left < right ? -1 : 1
}

function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0
  const hours = Number(zone.slice(1, 3))
  const minutes = Number(zone.slice(4, 6))
  if (hours > 14 || minutes > 59) return undefined
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes)
}

type Fields = {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
}

function validFields({ year, month, day, hour, minute, second }: Fields): boolean {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false
  // Second 60 is a leap second (RFC 3339 §5.6); Date rolls it into the next minute.
  return hour <= 23 && minute <= 59 && second <= 60
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29
  return DAYS_IN_MONTH[month - 1] ?? 0
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}
