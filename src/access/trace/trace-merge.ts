import type { TraceCursor, TraceDraft, TraceWindow } from './trace-types.js'

/**
 * The part of one source a page needs: entries with `from <= at` and `at <= to` (or `at < to`
 * when `toInclusive` is false), newest first, at most `limit`. Every source reads one timestamp
 * column per query, so "the newest N of each, merged" is exactly the newest N of all.
 */
export type SourceWindow = {
  readonly appId?: string
  readonly from?: string
  readonly to?: string
  readonly toInclusive: boolean
  readonly limit: number
}

/** One kind of trace entry read from the store (a table and one of its timestamp columns). */
export type TraceSource = (window: SourceWindow) => Promise<readonly TraceDraft[]>

/** Entries at the cursor's very instant are few (one person, one millisecond): read them all. */
const TIES_CAP = 1000

/**
 * Reads one page from every source and merges it: the newest `limit` entries older than the
 * cursor, and the cursor of the next page when there are more. Each source is asked twice when
 * a cursor is given (its instant in full, then older entries), so entries sharing the cursor's
 * timestamp are never skipped.
 */
export async function readPage(
  sources: readonly TraceSource[],
  window: TraceWindow,
): Promise<{ drafts: TraceDraft[]; next?: TraceCursor }> {
  const parts = await Promise.all(sources.map((source) => readSource(source, window)))
  return pageOf(parts.flat(), window)
}

async function readSource(source: TraceSource, window: TraceWindow): Promise<TraceDraft[]> {
  const base = {
    ...(window.appId ? { appId: window.appId } : {}),
    ...(window.since ? { from: window.since } : {}),
  }
  const before = window.before
  if (!before) return [...(await source({ ...base, toInclusive: true, limit: window.limit + 1 }))]
  if (window.since && window.since > before.at) return []
  const [ties, older] = await Promise.all([
    source({ ...base, from: before.at, to: before.at, toInclusive: true, limit: TIES_CAP }),
    source({ ...base, to: before.at, toInclusive: false, limit: window.limit + 1 }),
  ])
  return [...ties, ...older]
}

/** Newest first; the key breaks ties so the order (and the cursor) is total. */
export function compareNewestFirst(a: TraceCursor, b: TraceCursor): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1
  return a.key < b.key ? 1 : a.key > b.key ? -1 : 0
}

/**
 * The page out of what the sources returned (pure): unique by key, strictly after the cursor in
 * newest-first order, the first `limit`, and the next cursor when more remain.
 */
export function pageOf(
  drafts: readonly TraceDraft[],
  window: Pick<TraceWindow, 'before' | 'limit'>,
): { drafts: TraceDraft[]; next?: TraceCursor } {
  const unique = new Map<string, TraceDraft>()
  for (const draft of drafts) unique.set(draft.key, draft)
  const before = window.before
  const sorted = [...unique.values()]
    .filter((d) => !before || compareNewestFirst(before, d) < 0)
    .sort(compareNewestFirst)
  const page = sorted.slice(0, window.limit)
  const last = page.at(-1)
  return sorted.length > window.limit && last
    ? { drafts: page, next: { at: last.at, key: last.key } }
    : { drafts: page }
}

/** The cursor as an opaque string (base64url JSON), so clients never build one by hand. */
export function encodeCursor(cursor: TraceCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.key]), 'utf8').toString('base64url')
}

/** A cursor this API handed out, or undefined for anything else (the route answers 400). */
export function decodeCursor(text: string): TraceCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(text)) return undefined
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (!Array.isArray(value) || value.length !== 2) return undefined
    const [at, key] = value as unknown[]
    if (typeof at !== 'string' || typeof key !== 'string' || key.length === 0) return undefined
    return Number.isNaN(Date.parse(at)) ? undefined : { at, key }
  } catch {
    // Not JSON inside: not one of ours.
    return undefined
  }
}
