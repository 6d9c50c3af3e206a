import type { Db } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import { latestRemovalTask } from '../tasks/index.js'
import {
  closedCandidates,
  closedWindowRows,
  insertWindow,
  openWindowRows,
  type WindowQuery,
} from './windows-store.js'

/** From a person leaving to their account in one app verified gone (or still open). */
export type ResidualWindow = {
  appId: string
  personId: string
  personEmail: string | null
  accountId: string
  leftAt: string
  /** When a refresh of the app's accounts saw the account inactive or gone; null while open. */
  closedAt: string | null
  /** Closed: the window's length; open: how long so far. */
  seconds: number
  /** `import` (an uploaded user export, after a task), `listing` (the app's API); null while open. */
  evidence: string | null
  taskId: string | null
}

export type { WindowQuery } from './windows-store.js'

export type AppWindowSummary = {
  appId: string
  closed: number
  open: number
  averageSeconds: number | null
  p95Seconds: number | null
  maxSeconds: number | null
  /** The oldest open window's length so far: how exposed the app is now. */
  longestOpenSeconds: number | null
}

const seconds = (from: string, to: string) =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000))

/**
 * When an account of a departed person closed: first seen inactive after the departure, or
 * removed from the app's listing. An account already inactive when the person left never was
 * residual access: undefined.
 */
function closureOf(
  account: { active: number; inactive_since: string | null; removed_at: string | null },
  leftAt: string,
): string | undefined {
  const inactive = account.active === 0 ? account.inactive_since : null
  if (inactive !== null && inactive < leftAt) return undefined
  const at = inactive ?? account.removed_at
  return at !== null && at >= leftAt ? at : undefined
}

/**
 * Records the residual-access windows that closed since the last round: every account of a
 * person with an open departure that the graph now shows inactive or gone. One row per account
 * and departure (a unique index), written once; the figures never change afterwards.
 */
export async function recordClosedWindows(deps: {
  db: Db
  clock: Clock
  ids: IdGenerator
}): Promise<number> {
  const { db } = deps
  const candidates = await closedCandidates(db)
  let recorded = 0
  for (const row of candidates) {
    const closedAt = closureOf(row, row.left_at)
    if (closedAt === undefined) continue
    const email = row.primary_email ?? row.email_key
    const task = await removalTask(db, row.app_id, [row.email_key, row.primary_email])
    const inserted = await insertWindow(db, {
      id: deps.ids.next(),
      workspace_id: row.workspace_id,
      app_id: row.app_id,
      person_id: row.person_id,
      person_email: email,
      account_id: row.account_id,
      left_at: row.left_at,
      closed_at: closedAt,
      seconds: seconds(row.left_at, closedAt),
      evidence: task ? (task.verified_by ?? 'import') : 'listing',
      task_id: task?.id ?? null,
      recorded_at: deps.clock.now().toISOString(),
    })
    recorded += inserted
  }
  return recorded
}

async function removalTask(db: Db, appId: string, emails: Array<string | null>) {
  const keys = emails.filter((e): e is string => e !== null)
  if (keys.length === 0) return undefined
  return latestRemovalTask(db, appId, keys)
}

/** Closed windows (recorded) and open ones (departed people with a live active account). */
export async function listWindows(db: Db, clock: Clock, query: WindowQuery) {
  const status = query.status ?? 'all'
  const limit = Math.max(1, Math.min(query.limit ?? 500, 5000))
  const closed = status === 'open' ? [] : await closedWindows(db, query, limit)
  const open = status === 'closed' ? [] : await openWindows(db, clock, query, limit)
  return { windows: [...open, ...closed].slice(0, limit), summary: summarize([...open, ...closed]) }
}

async function closedWindows(db: Db, query: WindowQuery, limit: number): Promise<ResidualWindow[]> {
  const rows = await closedWindowRows(db, query, limit)
  return rows.map((r) => ({
    appId: r.app_id,
    personId: r.person_id,
    personEmail: r.person_email,
    accountId: r.account_id,
    leftAt: r.left_at,
    closedAt: r.closed_at,
    seconds: Number(r.seconds),
    evidence: r.evidence,
    taskId: r.task_id,
  }))
}

async function openWindows(
  db: Db,
  clock: Clock,
  query: WindowQuery,
  limit: number,
): Promise<ResidualWindow[]> {
  const now = clock.now().toISOString()
  const rows = await openWindowRows(db, query, limit)
  return rows.map((r) => ({
    appId: r.app_id,
    personId: r.person_id,
    personEmail: r.primary_email ?? r.email_key,
    accountId: r.id,
    leftAt: r.left_at,
    closedAt: null,
    seconds: seconds(r.left_at, now),
    evidence: null,
    taskId: null,
  }))
}

/** Per app: counts, average, p95 (nearest rank) and maximum of closed windows; open exposure. */
export function summarize(windows: readonly ResidualWindow[]): AppWindowSummary[] {
  const byApp = new Map<string, ResidualWindow[]>()
  for (const w of windows) byApp.set(w.appId, [...(byApp.get(w.appId) ?? []), w])
  return [...byApp.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([appId, list]) => {
      const closed = list
        .filter((w) => w.closedAt !== null)
        .map((w) => w.seconds)
        .sort((a, b) => a - b)
      const open = list.filter((w) => w.closedAt === null).map((w) => w.seconds)
      const rank = (p: number) => closed[Math.max(0, Math.ceil(p * closed.length) - 1)] ?? null
      return {
        appId,
        closed: closed.length,
        open: open.length,
        averageSeconds:
          closed.length > 0 ? Math.round(closed.reduce((a, b) => a + b, 0) / closed.length) : null,
        p95Seconds: closed.length > 0 ? rank(0.95) : null,
        maxSeconds: closed.at(-1) ?? null,
        longestOpenSeconds: open.length > 0 ? Math.max(...open) : null,
      }
    })
}
