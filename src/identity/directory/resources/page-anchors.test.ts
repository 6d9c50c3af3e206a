import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect, type TestStore } from '../../../../test/helpers/dialects.js'
import { fixedClock } from '../../../shared/clock.js'
import { silentLogger } from '../../../shared/logger.js'
import { createPageAnchors } from './page-anchors.js'

eachDialect('page anchors', (database) => {
  let store: TestStore
  const now = '2026-01-01T00:00:00.000Z'
  before(async () => {
    store = await database.open()
    await store.db
      .insertInto('workspaces')
      .values({
        id: 'w',
        slug: 'w',
        name: 'w',
        plan: 'enterprise',
        created_at: now,
        updated_at: now,
      })
      .execute()
    await store.db
      .insertInto('scim_directories')
      .values({
        id: 'd',
        workspace_id: 'w',
        name: 'd',
        token_hash: 'h',
        token_hint: 'h',
        settings: '{}',
        created_at: now,
        updated_at: now,
        token_rotated_at: now,
        roster_version: 7,
      })
      .execute()
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      id: `u-${String(i).padStart(5, '0')}`,
      directory_id: 'd',
      user_name: `user${i}`,
      user_name_key: `user${i}`,
      external_id: null,
      display_name: null,
      active: 1,
      resource: '{}',
      version: 1,
      created_at: now,
      updated_at: now,
    }))
    for (let i = 0; i < rows.length; i += 500)
      await store.db
        .insertInto('scim_users')
        .values(rows.slice(i, i + 500))
        .execute()
  })
  after(() => store.close())

  it('answers nothing until built, then the id at the nearest 1000th position, for that version only', async () => {
    const anchors = createPageAnchors({
      table: 'scim_users',
      clock: fixedClock(),
      log: silentLogger(),
    })
    assert.equal(anchors.nearest(store.db, 'd', 7, 99), undefined, 'shallow pages need no anchor')
    assert.equal(anchors.nearest(store.db, 'd', 7, 2345), undefined, 'not built yet')
    await anchors.settled()
    assert.deepEqual(anchors.nearest(store.db, 'd', 7, 2345), { id: 'u-02300', position: 2300 })
    assert.deepEqual(anchors.nearest(store.db, 'd', 7, 1000), { id: 'u-01000', position: 1000 })
    assert.deepEqual(anchors.nearest(store.db, 'd', 7, 9999), { id: 'u-02400', position: 2400 })
    assert.equal(anchors.nearest(store.db, 'd', 8, 2345), undefined, 'another roster version')
  })

  it('rebuilds at most once per interval when the roster keeps changing', async () => {
    const clock = fixedClock()
    const anchors = createPageAnchors({ table: 'scim_users', clock, log: silentLogger() })
    anchors.nearest(store.db, 'd', 7, 1500)
    await anchors.settled()
    await store.db.updateTable('scim_directories').set({ roster_version: 8 }).execute()
    assert.equal(anchors.nearest(store.db, 'd', 8, 1500), undefined, 'rebuild throttled')
    await anchors.settled()
    assert.equal(anchors.nearest(store.db, 'd', 8, 1500), undefined, 'still throttled')
    clock.advance(2000)
    anchors.nearest(store.db, 'd', 8, 1500)
    await anchors.settled()
    assert.deepEqual(anchors.nearest(store.db, 'd', 8, 1500), { id: 'u-01500', position: 1500 })
  })
})
