import type { Db, NewRow } from '../../platform/store/index.js'

/**
 * Queries of this domain's tables, `person_departures` and `residual_windows`. The candidate and
 * open-window reads join the graph's `accounts` and identity's `people` (read only, one statement).
 */

export type WindowQuery = {
  workspaceId: string
  appId?: string
  personId?: string
  status?: 'open' | 'closed' | 'all'
  limit?: number
}

/** Accounts of people with an open departure that closed after it and have no window yet. */
export function closedCandidates(db: Db) {
  return (
    db
      .selectFrom('person_departures as d')
      .innerJoin('accounts as a', (join) =>
        join
          .onRef('a.person_id', '=', 'd.person_id')
          .onRef('a.workspace_id', '=', 'd.workspace_id'),
      )
      .leftJoin('residual_windows as w', (join) =>
        join.onRef('w.account_id', '=', 'a.id').onRef('w.left_at', '=', 'd.left_at'),
      )
      .leftJoin('people as p', 'p.id', 'd.person_id')
      .select([
        'd.workspace_id',
        'd.person_id',
        'd.left_at',
        'a.id as account_id',
        'a.app_id',
        'a.active',
        'a.inactive_since',
        'a.removed_at',
        'a.email_key',
        'p.primary_email',
      ])
      .where('d.returned_at', 'is', null)
      .where('w.id', 'is', null)
      // Closed after the departure; an account already inactive when the person left is not one.
      .where((eb) =>
        eb.or([
          eb.and([eb('a.active', '=', 0), eb('a.inactive_since', '>=', eb.ref('d.left_at'))]),
          eb.and([
            eb('a.removed_at', '>=', eb.ref('d.left_at')),
            eb.or([
              eb('a.active', '=', 1),
              eb('a.inactive_since', 'is', null),
              eb('a.inactive_since', '>=', eb.ref('d.left_at')),
            ]),
          ]),
        ]),
      )
      .limit(1000)
      .execute()
  )
}

/** Records a closed window once (a unique index per account and departure): 1 if written. */
export async function insertWindow(db: Db, row: NewRow<'residual_windows'>): Promise<number> {
  const inserted = await db
    .insertInto('residual_windows')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst()
  return Number(inserted.numInsertedOrUpdatedRows ?? 0)
}

/** Recorded (closed) windows of the workspace, newest closure first. */
export async function closedWindowRows(db: Db, query: WindowQuery, limit: number) {
  return db
    .selectFrom('residual_windows')
    .selectAll()
    .where('workspace_id', '=', query.workspaceId)
    .$if(query.appId !== undefined, (q) => q.where('app_id', '=', query.appId ?? ''))
    .$if(query.personId !== undefined, (q) => q.where('person_id', '=', query.personId ?? ''))
    .orderBy('closed_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute()
}

/** Departed people's live active accounts (open windows), oldest departure first. */
export async function openWindowRows(db: Db, query: WindowQuery, limit: number) {
  return db
    .selectFrom('person_departures as d')
    .innerJoin('accounts as a', (join) =>
      join.onRef('a.person_id', '=', 'd.person_id').onRef('a.workspace_id', '=', 'd.workspace_id'),
    )
    .leftJoin('people as p', 'p.id', 'd.person_id')
    .select(['d.person_id', 'd.left_at', 'a.id', 'a.app_id', 'a.email_key', 'p.primary_email'])
    .where('d.workspace_id', '=', query.workspaceId)
    .where('d.returned_at', 'is', null)
    .where('a.active', '=', 1)
    .where('a.removed_at', 'is', null)
    .$if(query.appId !== undefined, (q) => q.where('a.app_id', '=', query.appId ?? ''))
    .$if(query.personId !== undefined, (q) => q.where('d.person_id', '=', query.personId ?? ''))
    .orderBy('d.left_at')
    .limit(limit)
    .execute()
}

/** The person's departure that has not ended (they have not come back), if any. */
export async function openDeparture(
  trx: Db,
  workspaceId: string,
  personId: string,
): Promise<{ id: string } | undefined> {
  return trx
    .selectFrom('person_departures')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('person_id', '=', personId)
    .where('returned_at', 'is', null)
    .executeTakeFirst()
}

export async function endDeparture(trx: Db, id: string, returnedAt: string): Promise<void> {
  await trx
    .updateTable('person_departures')
    .set({ returned_at: returnedAt })
    .where('id', '=', id)
    .execute()
}

export async function insertDeparture(trx: Db, row: NewRow<'person_departures'>): Promise<void> {
  await trx
    .insertInto('person_departures')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .execute()
}
