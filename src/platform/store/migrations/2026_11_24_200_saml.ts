import { jsonType, type MigrationDb } from './migration-helpers.js'

/**
 * SAML 2.0 single sign-on per workspace (issue 4): the IdP connection of each workspace, the email
 * domains it claims, the AuthnRequest/LogoutRequest ids we issued (to match InResponseTo), the
 * assertion ids seen (replay defence), and which console sessions came from which IdP session
 * (single logout). Members get a display name that SAML just-in-time provisioning fills in.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('saml_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // One IdP per workspace: the SP entity ID and the SSO routes are per workspace.
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().unique().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('idp_entity_id', 'text', (c) => c.notNull())
    .addColumn('sso_url', 'text', (c) => c.notNull())
    .addColumn('sso_binding', 'text', (c) => c.notNull())
    .addColumn('slo_url', 'text')
    // JSON array of PEM certificates: signatures are accepted only from these (rollover: two).
    .addColumn('certificates', jsonType(db), (c) => c.notNull())
    .addColumn('metadata_url', 'text')
    // JSON: which attribute gives the email and the display name, and the NameID format.
    .addColumn('settings', jsonType(db), (c) => c.notNull())
    .addColumn('enforced', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('saml_connections_idp')
    .on('saml_connections')
    .column('idp_entity_id')
    .execute()

  // A domain belongs to one workspace only: the unique key decides races, not a read-then-write.
  await db.schema
    .createTable('saml_domains')
    .addColumn('domain', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('connection_id', 'text', (c) =>
      c.notNull().references('saml_connections.id').onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('saml_domains_connection')
    .on('saml_domains')
    .column('connection_id')
    .execute()

  await db.schema
    .createTable('saml_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('return_to', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('saml_requests_expiry')
    .on('saml_requests')
    .column('expires_at')
    .execute()

  await db.schema
    .createTable('saml_assertion_ids')
    .addColumn('idp_entity_id', 'text', (c) => c.notNull())
    .addColumn('assertion_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('saml_assertion_ids_pk', ['idp_entity_id', 'assertion_id'])
    .execute()
  await db.schema
    .createIndex('saml_assertion_ids_expiry')
    .on('saml_assertion_ids')
    .column('expires_at')
    .execute()

  await db.schema
    .createTable('saml_sessions')
    .addColumn('console_session_id', 'text', (c) =>
      c.primaryKey().references('console_sessions.id').onDelete('cascade'),
    )
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('name_id', 'text', (c) => c.notNull())
    .addColumn('name_id_format', 'text')
    .addColumn('session_index', 'text')
    .execute()
  await db.schema
    .createIndex('saml_sessions_name_id')
    .on('saml_sessions')
    .columns(['workspace_id', 'name_id'])
    .execute()

  await db.schema.alterTable('members').addColumn('display_name', 'text').execute()
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('members').dropColumn('display_name').execute()
  for (const table of [
    'saml_sessions',
    'saml_assertion_ids',
    'saml_requests',
    'saml_domains',
    'saml_connections',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
