import type { Db, NewRow, Row } from '../../platform/store/index.js'

/** Kysely queries for members; the members domain is their only writer. */
export function memberStore(db: Db) {
  return {
    async insert(row: NewRow<'members'>): Promise<void> {
      await db.insertInto('members').values(row).execute()
    },

    findById(id: string): Promise<Row<'members'> | undefined> {
      return db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst()
    },

    /** By the lower-cased email, the key members are unique on in a workspace. */
    findByEmailKey(workspaceId: string, emailKey: string): Promise<Row<'members'> | undefined> {
      return db
        .selectFrom('members')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('email_key', '=', emailKey)
        .executeTakeFirst()
    },

    /** Clears a password that is set; true when there was one. */
    async clearPassword(id: string, at: string): Promise<boolean> {
      const changed = await db
        .updateTable('members')
        .set({ password_hash: null, updated_at: at })
        .where('id', '=', id)
        .where('password_hash', 'is not', null)
        .executeTakeFirst()
      return Number(changed.numUpdatedRows) > 0
    },

    listByEmail(workspaceId: string): Promise<Row<'members'>[]> {
      return db
        .selectFrom('members')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('email_key')
        .execute()
    },
  }
}

/**
 * The email of a member of a workspace, or undefined. Takes the caller's executor, so other
 * domains can ask inside their own transaction (the people domain names who offboarded someone).
 */
export async function memberEmail(
  db: Db,
  workspaceId: string,
  memberId: string,
): Promise<string | undefined> {
  const member = await db
    .selectFrom('members')
    .select('email')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', memberId)
    .executeTakeFirst()
  return member?.email
}
