import type { Db, Row } from '../../platform/store/index.js'

/** A record that matched more than one person (or a taken one), as it is stored. */
export type AmbiguityWrite = {
  readonly sourceId: string
  readonly recordKey: string
  readonly workspaceId: string
  /** JSON: the candidates and what each matched on. */
  readonly candidates: string
  readonly reason: string
  readonly now: string
}

/** Records (or refreshes) the ambiguity of one source record. */
export async function saveAmbiguity(trx: Db, a: AmbiguityWrite): Promise<void> {
  await trx
    .insertInto('person_ambiguities')
    .values({
      source_id: a.sourceId,
      record_key: a.recordKey,
      workspace_id: a.workspaceId,
      candidates: a.candidates,
      reason: a.reason,
      created_at: a.now,
      updated_at: a.now,
    })
    .onConflict((oc) =>
      oc
        .columns(['source_id', 'record_key'])
        .doUpdateSet({ candidates: a.candidates, reason: a.reason, updated_at: a.now }),
    )
    .execute()
}

/** The record was linked to a person: it is no longer ambiguous. */
export async function clearAmbiguity(trx: Db, sourceId: string, recordKey: string): Promise<void> {
  await trx
    .deleteFrom('person_ambiguities')
    .where('source_id', '=', sourceId)
    .where('record_key', '=', recordKey)
    .execute()
}

/** A workspace's ambiguities, least recently updated first. */
export function listAmbiguities(db: Db, workspaceId: string): Promise<Row<'person_ambiguities'>[]> {
  return db
    .selectFrom('person_ambiguities')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('updated_at')
    .execute()
}
