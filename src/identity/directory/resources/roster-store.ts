import { sql } from 'kysely'
import { type Db, prepareQuery } from '../../../platform/store/index.js'
import type { ResourceKind } from '../../../protocol/scim-sql/index.js'

const adjustUsers = prepareQuery((db: Db, directoryId: string, delta: number) =>
  db
    .updateTable('scim_directories')
    .set((eb) => ({
      user_count: eb('user_count', '+', delta),
      roster_version: eb('roster_version', '+', 1),
    }))
    .where('id', '=', directoryId),
)

const adjustGroups = prepareQuery((db: Db, directoryId: string, delta: number) =>
  db
    .updateTable('scim_directories')
    .set((eb) => ({
      group_count: eb('group_count', '+', delta),
      roster_version: eb('roster_version', '+', 1),
    }))
    .where('id', '=', directoryId),
)

/**
 * Keeps a directory's user/group count exact, in the transaction that creates or deletes the
 * resource, and moves its roster version (positions in id order changed; see page-anchors.ts).
 */
export async function adjustRoster(
  db: Db,
  directoryId: string,
  kind: ResourceKind,
  delta: 1 | -1,
): Promise<void> {
  await (kind === 'user' ? adjustUsers : adjustGroups).execute(db, directoryId, delta)
}

const rosterOfDirectory = prepareQuery((db: Db, directoryId: string) =>
  db
    .selectFrom('scim_directories')
    .select(['user_count', 'group_count', 'roster_version'])
    .where('id', '=', directoryId),
)

/** A directory's exact size for one resource kind, and its roster version (for page anchors). */
export async function readRoster(
  db: Db,
  directoryId: string,
  kind: ResourceKind,
): Promise<{ total: number; version: number }> {
  const row = (await rosterOfDirectory.execute(db, directoryId)).rows[0]
  if (!row) return { total: 0, version: 0 }
  return { total: kind === 'user' ? row.user_count : row.group_count, version: row.roster_version }
}

/**
 * The roster version and every `step`-th id of a directory's users or groups in id order (page
 * anchors). One statement, one snapshot: the version and the ids it describes are read together.
 */
export async function readRosterAnchors(
  db: Db,
  table: 'scim_users' | 'scim_groups',
  directoryId: string,
  step: number,
): Promise<{ version: number; id: string }[]> {
  const rows = await sql<{ version: number; id: string }>`
      select d.roster_version as version, x.id as id
      from scim_directories d
      join (
        select id, row_number() over (order by id) as n
        from ${sql.table(table)} where directory_id = ${directoryId}
      ) x on ((x.n - 1) % ${step}) = 0
      where d.id = ${directoryId}
      order by x.id`.execute(db)
  return rows.rows
}
