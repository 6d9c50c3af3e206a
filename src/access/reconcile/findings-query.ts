import { type Db, decodeJson } from '../../platform/store/index.js'
import { findingsPage } from './findings-read-store.js'
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
  const rows = await findingsPage(db, workspaceId, {
    appId: query.appId,
    kind: query.kind,
    personId: query.personId,
    after:
      afterApp !== undefined && afterSubject !== undefined
        ? { appId: afterApp, subjectKey: afterSubject }
        : undefined,
    limit: limit + 1,
  })
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
