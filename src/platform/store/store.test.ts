import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect, type TestStore } from '../../../test/helpers/dialects.js'
import { decodeJson, isUniqueViolation } from './index.js'

eachDialect('store', (database) => {
  let store: TestStore
  before(async () => {
    store = await database.open()
  })
  after(() => store.close())

  it('migrates and round-trips a JSON column', async () => {
    const now = new Date().toISOString()
    await store.db
      .insertInto('workspaces')
      .values({
        id: 'w1',
        slug: 'acme',
        name: 'Acme',
        plan: 'enterprise',
        created_at: now,
        updated_at: now,
      })
      .execute()
    await store.db
      .insertInto('scim_directories')
      .values({
        id: 'd1',
        workspace_id: 'w1',
        name: 'Okta',
        token_hash: 'h',
        token_hint: 'abcd',
        settings: JSON.stringify({ patchResponse: 204 }),
        created_at: now,
        updated_at: now,
        token_rotated_at: now,
      })
      .execute()
    const row = await store.db.selectFrom('scim_directories').selectAll().executeTakeFirstOrThrow()
    assert.deepEqual(decodeJson(row.settings), { patchResponse: 204 })
  })

  it('reports unique violations in a dialect-neutral way', async () => {
    const now = new Date().toISOString()
    const values = {
      id: 'w2',
      slug: 'acme',
      name: 'Dup',
      plan: 'free',
      created_at: now,
      updated_at: now,
    }
    const error = await store.db
      .insertInto('workspaces')
      .values(values)
      .execute()
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    assert.ok(isUniqueViolation(error))
  })

  it('keeps the audit log append-only', async () => {
    await store.db
      .insertInto('audit_log')
      .values({
        id: 'a1',
        workspace_id: 'w1',
        at: 'x',
        actor_type: 'system',
        actor_id: null,
        action: 'test',
        target_type: 't',
        target_id: null,
        before: null,
        after: null,
        request_id: null,
      })
      .execute()
    await assert.rejects(
      store.db.updateTable('audit_log').set({ action: 'rewritten' }).execute(),
      /append-only/,
    )
    await assert.rejects(store.db.deleteFrom('audit_log').execute(), /append-only/)
  })
})
