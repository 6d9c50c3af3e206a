import type { Db } from '../store/index.js'

/** Reads of the log by subject, for rules that count who an event was about (departure bursts). */

export type SubjectTally = {
  readonly workspaceId: string
  readonly types: readonly string[]
  /** Events created at or after this instant (ISO-8601). */
  readonly since: string
}

/** Distinct subjects per source of events of these types since the instant (sourced events only). */
export async function distinctSubjectsBySource(
  db: Db,
  tally: SubjectTally,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('events')
    .select(['source_id', (eb) => eb.fn.count<number>('subject_id').distinct().as('people')])
    .where('workspace_id', '=', tally.workspaceId)
    .where('type', 'in', tally.types)
    .where('created_at', '>=', tally.since)
    .where('source_id', 'is not', null)
    .groupBy('source_id')
    .execute()
  return new Map(rows.map((r) => [r.source_id ?? '', Number(r.people)]))
}

/** Distinct subjects (of these, when given) of one source's events of these types since the instant. */
export async function distinctSubjectsOf(
  db: Db,
  tally: SubjectTally & { readonly sourceId: string; readonly subjectIds?: readonly string[] },
): Promise<string[]> {
  const subjectIds = tally.subjectIds
  const rows = await db
    .selectFrom('events')
    .select('subject_id')
    .distinct()
    .where('workspace_id', '=', tally.workspaceId)
    .where('source_id', '=', tally.sourceId)
    .where('type', 'in', tally.types)
    .where('created_at', '>=', tally.since)
    .$if(subjectIds !== undefined, (q) => q.where('subject_id', 'in', subjectIds ?? []))
    .execute()
  return rows.map((r) => r.subject_id)
}
