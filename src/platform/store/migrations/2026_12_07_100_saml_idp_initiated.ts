import { sql } from 'kysely'
import { isPostgres, type MigrationDb } from './migration-helpers.js'

/**
 * IdP-initiated SAML sign-in becomes a setting of its own, off unless an admin turns it on.
 * Unsolicited responses (SAML profiles §4.1.5) carry no InResponseTo to tie them to a sign-in
 * the browser started, which makes them a login-CSRF and replay vector (OWASP SAML Security
 * Cheat Sheet, "Unsolicited Response"). It used to be a key of the `settings` JSON that
 * defaulted to on and was written into every connection, so an explicit choice cannot be told
 * from the default: every existing connection starts with it off, and the key leaves the JSON.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable('saml_connections')
    .addColumn('allow_idp_initiated', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  const withoutKey = isPostgres(db)
    ? sql`settings - 'allowIdpInitiated'`
    : sql`json_remove(settings, '$.allowIdpInitiated')`
  await db.updateTable('saml_connections').set({ settings: withoutKey }).execute()
}
