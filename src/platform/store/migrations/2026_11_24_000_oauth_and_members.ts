import { sql } from 'kysely'
import { jsonType, type MigrationDb } from './migration-helpers.js'

/**
 * People who sign in to the hub (members with a role), their console sessions, OAuth clients (apps
 * and API connections), the OAuth authorization server's state (oidc-provider's models: grants,
 * codes, tokens, sessions, interactions) and its signing keys.
 */
export async function up(db: MigrationDb): Promise<void> {
  await createMembers(db)
  await createOAuthClients(db)
  await createOAuthArtifacts(db)
}

async function createMembers(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    // scrypt$N$r$p$salt$hash; NULL for members who sign in by SAML only.
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('members_email')
    .on('members')
    .columns(['workspace_id', 'email_key'])
    .unique()
    .execute()

  await db.schema
    .createTable('console_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('console_sessions_member')
    .on('console_sessions')
    .column('member_id')
    .execute()
}

async function createOAuthClients(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('oauth_clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('secret_hint', 'text', (c) => c.notNull())
    .addColumn('redirect_uris', jsonType(db), (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('pkce', 'text')
    .addColumn('token_endpoint_auth_method', 'text', (c) => c.notNull())
    .addColumn('allowed_ips', jsonType(db), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('secret_rotated_at', 'text', (c) => c.notNull())
    .execute()
  // App names are unique per workspace (seed 002: 409 on a duplicate OAuth app); connections may
  // share a name.
  await db.schema
    .createIndex('oauth_clients_app_name')
    .on('oauth_clients')
    .columns(['workspace_id', 'name_key'])
    .unique()
    .where(sql.ref('kind'), '=', 'app')
    .execute()
  await db.schema
    .createIndex('oauth_clients_workspace')
    .on('oauth_clients')
    .columns(['workspace_id', 'kind'])
    .execute()
}

async function createOAuthArtifacts(db: MigrationDb): Promise<void> {
  // One table for every oidc-provider model (the Adapter contract). `id` is the SHA-256 of the
  // artifact's id, which for codes, tokens and sessions is the bearer value itself.
  await db.schema
    .createTable('oauth_artifacts')
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('payload', jsonType(db), (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('client_id', 'text')
    .addColumn('uid', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('consumed_at', 'text')
    .addPrimaryKeyConstraint('oauth_artifacts_pk', ['model', 'id'])
    .execute()
  for (const column of ['grant_id', 'client_id', 'uid', 'expires_at'] as const) {
    await db.schema
      .createIndex(`oauth_artifacts_${column}`)
      .on('oauth_artifacts')
      .column(column)
      .execute()
  }

  await db.schema
    .createTable('oauth_signing_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The private JWK, sealed with the secret box (AES-256-GCM).
    .addColumn('sealed_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: MigrationDb): Promise<void> {
  for (const table of [
    'oauth_signing_keys',
    'oauth_artifacts',
    'oauth_clients',
    'console_sessions',
    'members',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
