import type { Actor } from '../../platform/audit/index.js'
import { type Db, decodeJson } from '../../platform/store/index.js'

/**
 * An admin's offboarding remembered as the person's own state (issue 19): who, when and why.
 * While it stands, reconciliation keeps the person out of every app whatever the sources say;
 * it ends when an admin reverses it with a reason, or when a source also says the person left
 * (then the sources agree and a later return in the source counts again).
 */
export type Offboarding = {
  readonly personId: string
  readonly planId: string | null
  readonly by: Actor
  readonly at: string
  readonly reason: string
}

export async function currentOffboarding(
  db: Db,
  workspaceId: string,
  personId: string,
): Promise<Offboarding | undefined> {
  const row = await db
    .selectFrom('person_offboardings')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('person_id', '=', personId)
    .where('ended_at', 'is', null)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    personId: row.person_id,
    planId: row.plan_id,
    by: decodeJson<Actor>(row.offboarded_by),
    at: row.offboarded_at,
    reason: row.reason,
  }
}

/** Records an offboarding unless one already stands (the first one's who and why stay). */
export async function recordOffboarding(
  trx: Db,
  o: Offboarding & { id: string; workspaceId: string },
): Promise<void> {
  await trx
    .insertInto('person_offboardings')
    .values({
      ...{ id: o.id, workspace_id: o.workspaceId, person_id: o.personId, plan_id: o.planId },
      ...{ offboarded_by: JSON.stringify(o.by), offboarded_at: o.at, reason: o.reason },
    })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'person_id']).where('ended_at', 'is', null).doNothing(),
    )
    .execute()
}

/** Ends the standing offboarding, if any; returns whether there was one. */
export async function endOffboarding(
  trx: Db,
  e: { workspaceId: string; personId: string; by: Actor; at: string; reason: string },
): Promise<boolean> {
  const ended = await trx
    .updateTable('person_offboardings')
    .set({ ended_at: e.at, ended_by: JSON.stringify(e.by), end_reason: e.reason })
    .where('workspace_id', '=', e.workspaceId)
    .where('person_id', '=', e.personId)
    .where('ended_at', 'is', null)
    .executeTakeFirst()
  return Number(ended.numUpdatedRows) > 0
}
