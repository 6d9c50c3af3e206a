import { sql } from 'kysely'
import type { Db } from '../store/index.js'

/** The connection's current schema: pg-boss's own tables go beside it. */
export async function currentSchema(db: Db): Promise<string | undefined> {
  const row = await sql<{ s: string }>`select current_schema() as s`.execute(db)
  return row.rows[0]?.s
}
