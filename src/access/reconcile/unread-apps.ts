import type { Db } from '../../platform/store/index.js'
import { latestReads } from './app-reads-store.js'

type AppRef = {
  readonly id: string
  readonly name: string
  readonly policy: { readonly refreshMinutes: number | null }
}

/** A list read within a day, or within three of the app's refresh intervals, is fresh. */
const FRESH_FLOOR_MS = 24 * 3_600_000
const MISSED_REFRESHES = 3

/**
 * Apps whose account list is unknown, with the reason in words (issue 19): never read, the last
 * refresh failed, or the last read is stale beyond the app's refresh policy (three missed
 * refreshes, and never less than a day). Planning against an unknown list reads "no account" as
 * "must create", which duplicates accounts that may well exist; such apps are planned nothing
 * until a refresh succeeds. A refresh held for too many removals keeps the previous, known list:
 * it counts. Apps refreshed only by hand (`refreshMinutes: null`) never go stale.
 */
export async function unreadApps(
  db: Db,
  workspaceId: string,
  apps: readonly AppRef[],
  now: string,
): Promise<Map<string, string>> {
  if (apps.length === 0) return new Map()
  const latest = await latestReads(
    db,
    workspaceId,
    apps.map((a) => a.id),
  )
  const unread = new Map<string, string>()
  for (const app of apps) {
    const read = latest.get(app.id)
    const status = read?.status
    const stale = read ? staleness(app, read.finishedAt, now) : undefined
    if (status === undefined)
      unread.set(app.id, `${app.name}: accounts never read; refresh first (nothing planned).`)
    else if (status === 'failed')
      unread.set(
        app.id,
        `${app.name}: the last refresh of its accounts failed; refresh first (nothing planned).`,
      )
    else if (stale) unread.set(app.id, stale)
  }
  return unread
}

function staleness(app: AppRef, finishedAt: string | null, now: string): string | undefined {
  const every = app.policy.refreshMinutes
  if (every === null || finishedAt === null) return undefined
  const age = Date.parse(now) - Date.parse(finishedAt)
  if (age <= Math.max(FRESH_FLOOR_MS, MISSED_REFRESHES * every * 60_000)) return undefined
  const hours = Math.round(age / 3_600_000)
  return `${app.name}: accounts last read ${hours} h ago, longer than its refresh policy allows; refresh first (nothing planned).`
}
