import type { Db } from '../../platform/store/index.js'

/** Reads of the open findings for the API and the dashboard (writes: findings-store.ts). */

/** A page of the workspace's open findings, by app and subject key, with the person's email. */
export async function findingsPage(
  db: Db,
  workspaceId: string,
  page: {
    appId?: string | undefined
    kind?: string | undefined
    personId?: string | undefined
    after?: { appId: string; subjectKey: string } | undefined
    limit: number
  },
) {
  const { after } = page
  return db
    .selectFrom('findings as f')
    .leftJoin('people as p', 'p.id', 'f.person_id')
    .selectAll('f')
    .select('p.primary_email')
    .where('f.workspace_id', '=', workspaceId)
    .$if(page.appId !== undefined, (q) => q.where('f.app_id', '=', page.appId ?? ''))
    .$if(page.kind !== undefined, (q) => q.where('f.kind', '=', page.kind ?? ''))
    .$if(page.personId !== undefined, (q) => q.where('f.person_id', '=', page.personId ?? ''))
    .$if(after !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb('f.app_id', '>', after?.appId ?? ''),
          eb.and([
            eb('f.app_id', '=', after?.appId ?? ''),
            eb('f.subject_key', '>', after?.subjectKey ?? ''),
          ]),
        ]),
      ),
    )
    .orderBy('f.app_id')
    .orderBy('f.subject_key')
    .limit(page.limit)
    .execute()
}

/** Open findings of the workspace counted by app and kind: one grouped count, no rows. */
export async function findingCountsByAppAndKind(db: Db, workspaceId: string) {
  const rows = await db
    .selectFrom('findings')
    .select(['app_id', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .groupBy(['app_id', 'kind'])
    .orderBy('app_id')
    .execute()
  return rows.map((row) => ({ appId: row.app_id, kind: row.kind, n: Number(row.n) }))
}
