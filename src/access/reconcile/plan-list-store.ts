import type { Db } from '../../platform/store/index.js'

/** Reads for the list of plans: a page of plan rows, and the names their titles use. */

/** A page of the workspace's built plans, newest first (keyset on creation time and id). */
export async function plansPage(
  db: Db,
  workspaceId: string,
  page: {
    status?: string | undefined
    before?: { createdAt: string; id: string } | undefined
    limit: number
  },
) {
  const { before } = page
  return db
    .selectFrom('plans')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', '!=', 'building')
    .$if(page.status !== undefined, (q) => q.where('status', '=', page.status ?? ''))
    .$if(before !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb('created_at', '<', before?.createdAt ?? ''),
          eb.and([eb('created_at', '=', before?.createdAt ?? ''), eb('id', '<', before?.id ?? '')]),
        ]),
      ),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .execute()
}

/** These people of the workspace, with what their names are made of. */
export async function peopleToName(db: Db, workspaceId: string, personIds: readonly string[]) {
  if (personIds.length === 0) return []
  return db
    .selectFrom('people')
    .select(['id', 'display_name', 'primary_email', 'user_name', 'resource'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', [...personIds])
    .execute()
}

/** These apps of the workspace, with their names. */
export async function appsToName(db: Db, workspaceId: string, appIds: readonly string[]) {
  if (appIds.length === 0) return []
  return db
    .selectFrom('apps')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', [...appIds])
    .execute()
}
