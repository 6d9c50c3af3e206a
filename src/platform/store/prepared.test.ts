import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect, type TestStore } from '../../../test/helpers/dialects.js'
import type { Database } from './database.js'
import { prepareQuery } from './prepared.js'

const bySlug = prepareQuery((db: import('kysely').Kysely<Database>, slug: string) =>
  db
    .selectFrom('workspaces')
    .select(['id', 'plan'])
    .where('slug', '=', slug)
    .where('plan', '!=', 'none'),
)
const insert = prepareQuery(
  (db: import('kysely').Kysely<Database>, id: string, slug: string, at: string) =>
    db
      .insertInto('workspaces')
      .values({ id, slug, name: slug, plan: 'free', created_at: at, updated_at: at }),
)

eachDialect('prepared queries', (database) => {
  let store: TestStore
  before(async () => {
    store = await database.open()
  })
  after(() => store.close())

  it('compiles once and runs with new values each time, fixed values kept', async () => {
    await insert.execute(store.db, 'w1', 'one', '2026-01-01T00:00:00.000Z')
    await insert.execute(store.db, 'w2', 'two', '2026-01-01T00:00:00.000Z')
    assert.deepEqual((await bySlug.execute(store.db, 'two')).rows, [{ id: 'w2', plan: 'free' }])
    assert.deepEqual((await bySlug.execute(store.db, 'one')).rows, [{ id: 'w1', plan: 'free' }])
    assert.deepEqual((await bySlug.execute(store.db, 'three')).rows, [])
  })

  it('works inside a transaction', async () => {
    await store.db.transaction().execute(async (trx) => {
      await insert.execute(trx, 'w3', 'three', '2026-01-01T00:00:00.000Z')
      assert.equal((await bySlug.execute(trx, 'three')).rows.length, 1)
    })
  })

  it('refuses a builder that drops a parameter', async () => {
    const broken = prepareQuery((db: import('kysely').Kysely<Database>, _unused: string) =>
      db.selectFrom('workspaces').select('id'),
    )
    await assert.rejects(broken.execute(store.db, 'x'), /never reached the SQL/)
  })
})
