import type { EntitlementKind } from '../../integrations/catalog/index.js'
import type { Db } from '../../platform/store/index.js'
import type { GrantTarget } from './types.js'

/**
 * What reconciliation reads of the apps and the graph's tables (never writes): the apps to
 * schedule, their live accounts, and their last account lists. Every function takes the
 * executor once.
 */

/** Every app of every workspace, oldest first: the graph scheduler's round. */
export async function appsByAge(db: Db) {
  const rows = await db
    .selectFrom('apps')
    .select(['id', 'workspace_id'])
    .orderBy('created_at')
    .execute()
  return rows.map((row) => ({ id: row.id, workspaceId: row.workspace_id }))
}

/** Live accounts per app of the workspace (apps with none are absent). */
export async function liveAccountsPerApp(
  db: Db,
  workspaceId: string,
  appIds: readonly string[],
): Promise<Map<string, number>> {
  if (appIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('accounts')
    .select(['app_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('app_id', 'in', [...appIds])
    .where('removed_at', 'is', null)
    .groupBy('app_id')
    .execute()
  return new Map(rows.map((row) => [row.app_id, Number(row.n)]))
}

/** The last finished read (refresh) of each of these apps' account lists, if any. */
export async function latestReads(
  db: Db,
  workspaceId: string,
  appIds: readonly string[],
): Promise<Map<string, { status: string; finishedAt: string | null }>> {
  const latest = new Map<string, { status: string; finishedAt: string | null }>()
  if (appIds.length === 0) return latest
  const rows = await db
    .selectFrom('graph_snapshots')
    .select(['app_id', 'status', 'started_at', 'finished_at'])
    .where('workspace_id', '=', workspaceId)
    .where('app_id', 'in', [...appIds])
    .where('status', 'in', ['succeeded', 'failed', 'held'])
    .orderBy('started_at', 'desc')
    .execute()
  for (const row of rows)
    if (!latest.has(row.app_id))
      latest.set(row.app_id, { status: row.status, finishedAt: row.finished_at })
  return latest
}

/**
 * The live entitlements of these apps (issue 15), as the planner names them: read once per run,
 * so a grant rule knows its entitlement and a held grant its words, without a join per chunk.
 */
export async function liveEntitlements(
  db: Db,
  workspaceId: string,
  appIds: readonly string[],
): Promise<Map<string, GrantTarget[]>> {
  const byApp = new Map<string, GrantTarget[]>()
  if (appIds.length === 0) return byApp
  const rows = await db
    .selectFrom('entitlements')
    .select(['id', 'app_id', 'remote_id', 'kind', 'display_name', 'privileged'])
    .where('workspace_id', '=', workspaceId)
    .where('app_id', 'in', [...appIds])
    .where('removed_at', 'is', null)
    .orderBy('id')
    .execute()
  for (const row of rows) {
    const list = byApp.get(row.app_id) ?? []
    list.push({
      entitlementId: row.id,
      remoteId: row.remote_id,
      displayName: row.display_name,
      kind: row.kind as EntitlementKind,
      privileged: Number(row.privileged) === 1,
    })
    byApp.set(row.app_id, list)
  }
  return byApp
}
