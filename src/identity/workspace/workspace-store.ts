import type { Db, NewRow, Row } from '../../platform/store/index.js'

/** Kysely queries for workspaces, the tenants; the workspace domain is their only writer. */
export function workspaceStore(db: Db) {
  return {
    async insert(row: NewRow<'workspaces'>): Promise<void> {
      await db.insertInto('workspaces').values(row).execute()
    },

    findBySlug(slug: string): Promise<Row<'workspaces'> | undefined> {
      return db.selectFrom('workspaces').selectAll().where('slug', '=', slug).executeTakeFirst()
    },

    findById(id: string): Promise<Row<'workspaces'> | undefined> {
      return db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst()
    },

    listBySlug(): Promise<Row<'workspaces'>[]> {
      return db.selectFrom('workspaces').selectAll().orderBy('slug').execute()
    },
  }
}
