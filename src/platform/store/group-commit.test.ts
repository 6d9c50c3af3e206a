import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect, type TestStore } from '../../../test/helpers/dialects.js'
import { isUniqueViolation } from './sql-errors.js'

const at = '2026-01-01T00:00:00.000Z'
const workspace = (slug: string) => ({
  id: slug,
  slug,
  name: slug,
  plan: 'free',
  created_at: at,
  updated_at: at,
})

eachDialect('store.transact (group commit on SQLite)', (database) => {
  let store: TestStore
  before(async () => {
    store = await database.open()
  })
  after(() => store.close())

  it('commits concurrent units together, rolling back only the failing one, whole', async () => {
    const units = Array.from({ length: 20 }, (_, i) =>
      store.transact(async (trx) => {
        await trx
          .insertInto('workspaces')
          .values(workspace(`unit-${i}`))
          .execute()
        // Unit 7 writes, then fails: its first write must vanish with it.
        if (i === 7) await trx.insertInto('workspaces').values(workspace('unit-0')).execute()
        return i
      }),
    )
    const settled = await Promise.allSettled(units)
    const failed = settled.flatMap((s, i) => (s.status === 'rejected' ? [i] : []))
    assert.deepEqual(failed, [7])
    const reason = (settled[7] as PromiseRejectedResult).reason
    assert.ok(isUniqueViolation(reason))
    const slugs = (
      await store.db
        .selectFrom('workspaces')
        .select('slug')
        .where('slug', 'like', 'unit-%')
        .execute()
    ).map((r) => r.slug)
    assert.equal(slugs.length, 19)
    assert.ok(!slugs.includes('unit-7'))
  })

  it('runs units one after another: each sees what the previous ones wrote', async () => {
    await store.transact(async (trx) =>
      trx.insertInto('workspaces').values(workspace('seen')).execute(),
    )
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        store.transact(async (trx) => {
          // PostgreSQL runs the units concurrently: lock the row, as the services do.
          const row = await trx
            .selectFrom('workspaces')
            .select('name')
            .where('slug', '=', 'seen')
            .$if(database.dialect === 'postgres', (q) => q.forUpdate())
            .executeTakeFirstOrThrow()
          const next = `${row.name}+`
          await trx
            .updateTable('workspaces')
            .set({ name: next })
            .where('slug', '=', 'seen')
            .execute()
          return next
        }),
      ),
    )
    assert.deepEqual(results.sort(), ['seen+', 'seen++', 'seen+++', 'seen++++', 'seen+++++'])
  })

  it('resolves only after the data is readable outside the transaction', async () => {
    await store.transact(async (trx) =>
      trx.insertInto('workspaces').values(workspace('durable')).execute(),
    )
    const row = await store.db
      .selectFrom('workspaces')
      .select('slug')
      .where('slug', '=', 'durable')
      .executeTakeFirst()
    assert.equal(row?.slug, 'durable')
  })
})
