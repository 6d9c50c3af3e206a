import type { Actor } from '../../platform/audit/index.js'
import { distinctSubjectsBySource, distinctSubjectsOf } from '../../platform/events/index.js'
import { type Db, decodeJson, type NewRow, type Row } from '../../platform/store/index.js'

/** The person.* event types that say a source lost someone (people/person-changes.ts). */
export const DEPARTURE_EVENTS = ['person.deactivated', 'person.gone'] as const

export type BurstStatus = 'open' | 'approved' | 'rejected'

/** A source's burst of departures: while `open`, its people's offboarding waits for an admin. */
export type DepartureBurst = {
  readonly id: string
  readonly sourceId: string
  readonly sourceName: string
  readonly windowStart: string
  readonly openedAt: string
  readonly departures: number
  readonly population: number
  readonly reason: string
  readonly status: BurstStatus
  readonly decidedBy?: Actor
  readonly decidedAt?: string
  readonly decisionReason?: string
}

export function toBurst(row: Row<'departure_bursts'>): DepartureBurst {
  return {
    id: row.id,
    sourceId: row.source_id,
    sourceName: row.source_name,
    windowStart: row.window_start,
    openedAt: row.opened_at,
    departures: Number(row.departures),
    population: Number(row.population),
    reason: row.reason,
    status: row.status,
    ...(row.decided_by ? { decidedBy: decodeJson<Actor>(row.decided_by) } : {}),
    ...(row.decided_at ? { decidedAt: row.decided_at } : {}),
    ...(row.decision_reason ? { decisionReason: row.decision_reason } : {}),
  }
}

/** Distinct people each source said left since `since`, in one workspace. */
export async function departuresBySource(
  db: Db,
  workspaceId: string,
  since: string,
): Promise<Map<string, number>> {
  return distinctSubjectsBySource(db, { workspaceId, types: DEPARTURE_EVENTS, since })
}

/** The source's name and everyone it has contributed (its records, gone ones included). */
export async function sourceOf(
  db: Db,
  sourceId: string,
): Promise<{ name: string; population: number }> {
  const source = await db
    .selectFrom('sources')
    .select('name')
    .where('id', '=', sourceId)
    .executeTakeFirst()
  const records = await db
    .selectFrom('source_records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('source_id', '=', sourceId)
    .executeTakeFirst()
  return { name: source?.name ?? `source ${sourceId}`, population: Number(records?.n ?? 0) }
}

/** The latest burst of each source of the workspace (open or decided), by source id. */
export async function latestBursts(
  db: Db,
  workspaceId: string,
): Promise<Map<string, DepartureBurst>> {
  const rows = await db
    .selectFrom('departure_bursts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('opened_at', 'asc')
    .execute()
  return new Map(rows.map((row) => [row.source_id, toBurst(row)]))
}

/** Of these people, who left from the burst's source since its window started. */
export async function peopleOfBurst(
  db: Db,
  workspaceId: string,
  burst: DepartureBurst,
  personIds?: readonly string[],
): Promise<string[]> {
  if (personIds?.length === 0) return []
  return distinctSubjectsOf(db, {
    ...{ workspaceId, sourceId: burst.sourceId, types: DEPARTURE_EVENTS },
    ...{ since: burst.windowStart, ...(personIds !== undefined ? { subjectIds: personIds } : {}) },
  })
}

/** Opens a burst unless its source already has one for the window; the row when this call did. */
export async function insertBurst(
  trx: Db,
  row: NewRow<'departure_bursts'>,
): Promise<Row<'departure_bursts'> | undefined> {
  return trx
    .insertInto('departure_bursts')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst()
}

export async function findBurst(
  db: Db,
  workspaceId: string,
  burstId: string,
): Promise<Row<'departure_bursts'> | undefined> {
  return db
    .selectFrom('departure_bursts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', burstId)
    .executeTakeFirst()
}

/** Records the decision on a burst that is still open (a decided one stays as it was). */
export async function decideBurst(
  trx: Db,
  burstId: string,
  decision: {
    status: 'approved' | 'rejected'
    decided_by: string
    decided_at: string
    decision_reason: string
  },
): Promise<void> {
  await trx
    .updateTable('departure_bursts')
    .set(decision)
    .where('id', '=', burstId)
    .where('status', '=', 'open')
    .execute()
}

/** The workspace's bursts (of one status, when given), newest first, at most 100. */
export async function listBursts(
  db: Db,
  workspaceId: string,
  status?: BurstStatus,
): Promise<Row<'departure_bursts'>[]> {
  return db
    .selectFrom('departure_bursts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .$if(status !== undefined, (q) => q.where('status', '=', status ?? 'open'))
    .orderBy('opened_at', 'desc')
    .limit(100)
    .execute()
}
