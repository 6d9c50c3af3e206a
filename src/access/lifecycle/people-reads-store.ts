import type { Db } from '../../platform/store/index.js'

/**
 * Reads of `people` (identity/people's table) that lifecycle needs. Read only: people are written
 * by identity/people alone. Kept here, in one place, until identity/people exports them.
 */

export async function personStatus(
  db: Db,
  workspaceId: string,
  personId: string,
): Promise<{ status: string } | undefined> {
  return db
    .selectFrom('people')
    .select('status')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', personId)
    .executeTakeFirst()
}

export async function personEmail(
  db: Db,
  workspaceId: string,
  personId: string,
): Promise<{ id: string; primary_email: string | null } | undefined> {
  return db
    .selectFrom('people')
    .select(['id', 'primary_email'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', personId)
    .executeTakeFirst()
}

/** The primary email and userName of the given people: one IN list. */
export async function peopleNames(
  db: Db,
  workspaceId: string,
  personIds: readonly string[],
): Promise<{ primary_email: string | null; user_name: string }[]> {
  return db
    .selectFrom('people')
    .select(['primary_email', 'user_name'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', personIds)
    .execute()
}
