import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { sql } from 'kysely'
import { decodeJson } from '../../src/platform/store/index.js'
import { up } from '../../src/platform/store/migrations/2026_12_07_100_saml_idp_initiated.js'
import { eachDialect, type TestStore } from '../helpers/dialects.js'

/**
 * The migration that made IdP-initiated SAML sign-in opt-in: a connection saved before it has
 * `"allowIdpInitiated": true` in its settings JSON (the old default, written into every row);
 * afterwards the setting is a column that is off, and the JSON no longer carries the key.
 */
eachDialect('migration 2026_12_07_100_saml_idp_initiated', (database) => {
  let store: TestStore

  before(async () => {
    store = await database.open()
    // Back to the schema before the migration, with a connection as the old code saved it.
    await sql`alter table saml_connections drop column allow_idp_initiated`.execute(store.db)
    const at = new Date().toISOString()
    await store.db
      .insertInto('workspaces')
      .values({
        id: 'w1',
        slug: 'acme',
        name: 'Acme',
        plan: 'enterprise',
        created_at: at,
        updated_at: at,
      })
      .execute()
    const settings = { nameIdFormat: 'email', jitProvisioning: true, allowIdpInitiated: true }
    await sql`insert into saml_connections
      (id, workspace_id, idp_entity_id, sso_url, sso_binding, certificates, settings, enforced,
       created_at, updated_at)
      values ('c1', 'w1', 'https://idp.test', 'https://idp.test/sso', 'redirect', ${'[]'},
       ${JSON.stringify(settings)}, 0, ${at}, ${at})`.execute(store.db)
  })
  after(() => store.close())

  it('turns IdP-initiated sign-in off for existing connections and moves it out of the JSON', async () => {
    await up(store.db)
    const row = await store.db
      .selectFrom('saml_connections')
      .select(['allow_idp_initiated', 'settings'])
      .where('id', '=', 'c1')
      .executeTakeFirstOrThrow()
    assert.equal(row.allow_idp_initiated, 0)
    assert.deepEqual(decodeJson(row.settings), { nameIdFormat: 'email', jitProvisioning: true })
  })
})
