import { type Db, decodeJson } from '../../platform/store/index.js'
import { reconcileErrors } from './reconcile-errors.js'
import { FINDING_KINDS, type Finding, type FindingKind } from './types.js'

export type FindingsQuery = {
  readonly appId?: string
  readonly kind?: string
  readonly personId?: string
  /** The `next` cursor of the previous page. */
  readonly after?: string
  readonly limit?: number
}

/** The open findings of a workspace, by app and subject (keyset paging), with the person's email. */
export async function listFindings(
  db: Db,
  workspaceId: string,
  query: FindingsQuery,
): Promise<{ findings: Finding[]; next?: string }> {
  if (query.kind !== undefined && !FINDING_KINDS.includes(query.kind as FindingKind)) {
    throw reconcileErrors.error(
      'RECONCILE_QUERY_INVALID',
      `kind is one of ${FINDING_KINDS.join(', ')}.`,
    )
  }
  const limit = Math.max(1, Math.min(query.limit ?? 100, 5000))
  const [afterApp, afterSubject] = (query.after ?? '').split('|')
  const rows = await db
    .selectFrom('findings as f')
    .leftJoin('people as p', 'p.id', 'f.person_id')
    .selectAll('f')
    .select('p.primary_email')
    .where('f.workspace_id', '=', workspaceId)
    .$if(query.appId !== undefined, (q) => q.where('f.app_id', '=', query.appId ?? ''))
    .$if(query.kind !== undefined, (q) => q.where('f.kind', '=', query.kind ?? ''))
    .$if(query.personId !== undefined, (q) => q.where('f.person_id', '=', query.personId ?? ''))
    .$if(afterApp !== undefined && afterSubject !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb('f.app_id', '>', afterApp ?? ''),
          eb.and([
            eb('f.app_id', '=', afterApp ?? ''),
            eb('f.subject_key', '>', afterSubject ?? ''),
          ]),
        ]),
      ),
    )
    .orderBy('f.app_id')
    .orderBy('f.subject_key')
    .limit(limit + 1)
    .execute()
  const findings = rows.slice(0, limit).map(
    (row): Finding => ({
      appId: row.app_id,
      kind: row.kind as FindingKind,
      subjectKey: row.subject_key,
      personId: row.person_id,
      personEmail: row.primary_email,
      accountId: row.account_id,
      evidence: decodeJson<Record<string, unknown>>(row.evidence),
      since: row.first_seen_at,
      lastSeenAt: row.last_seen_at,
    }),
  )
  const last = findings.at(-1)
  return rows.length > limit && last
    ? { findings, next: `${last.appId}|${last.subjectKey}` }
    : { findings }
}
