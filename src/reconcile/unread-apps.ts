import type { Db } from '../store/index.js'

/**
 * Apps whose account list is unknown, with the reason in words (issue 19): never read, or the
 * last refresh failed. Planning against an unknown list reads "no account" as "must create",
 * which duplicates accounts that may well exist; such apps are planned nothing until a refresh
 * succeeds. A refresh held for too many removals keeps the previous, known list: it counts.
 */
export async function unreadApps(
  db: Db,
  workspaceId: string,
  apps: ReadonlyArray<{ readonly id: string; readonly name: string }>,
): Promise<Map<string, string>> {
  if (apps.length === 0) return new Map()
  const rows = await db
    .selectFrom('graph_snapshots')
    .select(['app_id', 'status', 'started_at'])
    .where('workspace_id', '=', workspaceId)
    .where(
      'app_id',
      'in',
      apps.map((a) => a.id),
    )
    .where('status', 'in', ['succeeded', 'failed', 'held'])
    .orderBy('started_at', 'desc')
    .execute()
  const latest = new Map<string, string>()
  for (const row of rows) if (!latest.has(row.app_id)) latest.set(row.app_id, row.status)
  const unread = new Map<string, string>()
  for (const app of apps) {
    const status = latest.get(app.id)
    if (status === undefined)
      unread.set(app.id, `${app.name}: accounts never read; refresh first (nothing planned).`)
    else if (status === 'failed')
      unread.set(
        app.id,
        `${app.name}: the last refresh of its accounts failed; refresh first (nothing planned).`,
      )
  }
  return unread
}
