import { sql } from 'kysely'
import type { Db } from './db.js'

/** Asks the database the cheapest question there is; throws when it cannot answer (`/healthz`). */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db)
}
