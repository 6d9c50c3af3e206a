import type { Db, NewRow, Row } from '../../platform/store/index.js'

/**
 * Kysely queries for console sessions. The members domain is their only writer: SAML single
 * logout ends sessions through the ConsoleSessionService, never here.
 */
export function consoleSessionStore(db: Db) {
  return {
    async deleteExpiredOf(memberId: string, now: string): Promise<void> {
      await db
        .deleteFrom('console_sessions')
        .where('member_id', '=', memberId)
        .where('expires_at', '<=', now)
        .execute()
    },

    async insert(row: NewRow<'console_sessions'>): Promise<void> {
      await db.insertInto('console_sessions').values(row).execute()
    },

    findByTokenHash(tokenHash: string): Promise<Row<'console_sessions'> | undefined> {
      return db
        .selectFrom('console_sessions')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst()
    },

    async deleteByTokenHash(tokenHash: string): Promise<void> {
      await db.deleteFrom('console_sessions').where('token_hash', '=', tokenHash).execute()
    },

    /** Returns how many sessions there were. */
    async deleteAllOf(memberId: string): Promise<number> {
      const ended = await db
        .deleteFrom('console_sessions')
        .where('member_id', '=', memberId)
        .executeTakeFirst()
      return Number(ended.numDeletedRows)
    },

    async deleteByIds(ids: readonly string[]): Promise<void> {
      await db.deleteFrom('console_sessions').where('id', 'in', ids).execute()
    },
  }
}
