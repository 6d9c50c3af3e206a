import type { Db } from '../../platform/store/index.js'
import type { PersonRange } from './chunk-store.js'
import type { OverrideInput } from './overrides.js'

/**
 * The access override reads of reconciliation (issue 18): once per run whether the apps have any
 * at all (most workspaces have none, and then no chunk pays for them), then one query per chunk
 * slice for the people of its id range, never one per person. Ended overrides are history and
 * are not read; expired 'grant' ones are, for the words of the removal they cause.
 */

const COLUMNS = [
  'id',
  'person_id',
  'app_id',
  'entitlement_id',
  'effect',
  'until',
  'source_type',
  'source_id',
  'reason',
  'created_at',
] as const

type Selected = {
  id: string
  person_id: string
  app_id: string
  entitlement_id: string | null
  effect: 'grant' | 'revoke'
  until: string | null
  source_type: 'request' | 'review'
  source_id: string
  reason: string
  created_at: string
}

function inputOf(row: Selected): OverrideInput {
  return {
    id: row.id,
    personId: row.person_id,
    appId: row.app_id,
    entitlementId: row.entitlement_id,
    effect: row.effect,
    until: row.until,
    sourceType: row.source_type,
    sourceId: row.source_id,
    reason: row.reason,
    createdAt: row.created_at,
  }
}

/** Whether any of these apps has an override that is not ended. */
export async function hasOverrides(
  db: Db,
  workspaceId: string,
  appIds: readonly string[],
): Promise<boolean> {
  if (appIds.length === 0) return false
  const row = await db
    .selectFrom('access_overrides')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('app_id', 'in', [...appIds])
    .where('ended_at', 'is', null)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** The not-ended overrides of the people of a range in these apps. */
export async function readOverrides(
  db: Db,
  scope: { workspaceId: string; appIds: readonly string[]; range: PersonRange },
): Promise<OverrideInput[]> {
  if (scope.appIds.length === 0) return []
  const { range } = scope
  const rows = await db
    .selectFrom('access_overrides')
    .select([...COLUMNS])
    .where('workspace_id', '=', scope.workspaceId)
    .where('app_id', 'in', [...scope.appIds])
    .where('ended_at', 'is', null)
    .where((eb) => {
      if (range.kind === 'person') return eb('person_id', '=', range.personId)
      const lower = eb('person_id', '>', range.after)
      return range.upTo === null ? lower : eb.and([lower, eb('person_id', '<=', range.upTo)])
    })
    .execute()
  return rows.map((row) => inputOf(row as Selected))
}

/** One person's not-ended overrides in every app (their access page). */
export async function overridesOfPerson(
  db: Db,
  workspaceId: string,
  personId: string,
): Promise<OverrideInput[]> {
  const rows = await db
    .selectFrom('access_overrides')
    .select([...COLUMNS])
    .where('workspace_id', '=', workspaceId)
    .where('person_id', '=', personId)
    .where('ended_at', 'is', null)
    .orderBy('created_at')
    .execute()
  return rows.map((row) => inputOf(row as Selected))
}
