import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

/**
 * Table types of the one database (STYLE §4.8). Conventions that hold on both dialects:
 * - timestamps are ISO-8601 UTC strings (`2026-11-23T10:00:00.000Z`), which sort as text;
 * - booleans are integers 0/1 (better-sqlite3 cannot bind JS booleans; PostgreSQL gets smallint);
 * - JSON documents are `jsonb` on PostgreSQL and text on SQLite: write a JSON string, read with
 *   `decodeJson` (pg hands back objects, SQLite strings).
 */
export type Timestamp = string
export type Flag = number
export type JsonColumn = ColumnType<unknown, string, string>

export interface WorkspacesTable {
  id: string
  slug: string
  name: string
  plan: string
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ApiTokensTable {
  id: string
  workspace_id: string
  name: string
  token_hash: string
  token_hint: string
  scopes: string
  created_at: Timestamp
  expires_at: Timestamp | null
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
}

export interface ScimDirectoriesTable {
  id: string
  workspace_id: string
  name: string
  token_hash: string
  token_hint: string
  /** Compatibility settings for the IdP's dialect (see directory/compat.ts), JSON. */
  settings: JsonColumn
  created_at: Timestamp
  updated_at: Timestamp
  token_rotated_at: Timestamp
}

export interface ScimUsersTable {
  id: string
  directory_id: string
  user_name: string
  /** Lower-cased userName: RFC 7643 §4.1.1 makes userName caseExact=false and unique. */
  user_name_key: string
  external_id: string | null
  display_name: string | null
  active: Flag
  /** The canonical SCIM resource without id, meta and groups. */
  resource: JsonColumn
  version: number
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ScimUserEmailsTable {
  directory_id: string
  user_id: string
  position: number
  value_key: string
  type: string | null
  /** 1, 0, or NULL when the client did not say (missing is not false, RFC 7643 §2.5). */
  is_primary: Flag | null
}

export interface ScimGroupsTable {
  id: string
  directory_id: string
  display_name: string
  display_name_key: string
  external_id: string | null
  /** The canonical SCIM resource without id, meta and members (members have their own table). */
  resource: JsonColumn
  version: number
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ScimGroupMembersTable {
  directory_id: string
  group_id: string
  member_id: string
  member_type: string
  display: string | null
}

export interface AuditLogTable {
  id: string
  workspace_id: string | null
  at: Timestamp
  actor_type: string
  actor_id: string | null
  action: string
  target_type: string
  target_id: string | null
  before: JsonColumn | null
  after: JsonColumn | null
  request_id: string | null
}

export interface EventsTable {
  seq: Generated<number>
  id: string
  workspace_id: string
  source_id: string | null
  type: string
  subject_type: string
  subject_id: string
  data: JsonColumn
  created_at: Timestamp
}

export interface MembersTable {
  id: string
  workspace_id: string
  email: string
  /** Lower-cased email: one member per address and workspace. */
  email_key: string
  role: string
  /** `scrypt$N$r$p$salt$hash`, or NULL for members who never sign in with a password. */
  password_hash: string | null
  /** From the IdP's attributes (SAML just-in-time provisioning); NULL when unknown. */
  display_name: ColumnType<string | null, string | null | undefined, string | null>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ConsoleSessionsTable {
  id: string
  workspace_id: string
  member_id: string
  /** SHA-256 of the session cookie's value. */
  token_hash: string
  created_at: Timestamp
  expires_at: Timestamp
}

export interface OAuthClientsTable {
  id: string
  workspace_id: string
  /** `app` (authorization code) or `connection` (client credentials, IP allowlist). */
  kind: string
  client_id: string
  name: string
  name_key: string
  secret_hash: string
  secret_hint: string
  /** JSON array of exact redirect URIs (apps). */
  redirect_uris: JsonColumn
  /** Space-separated allowed scopes. */
  scopes: string
  /** `required` or `optional` (apps); NULL for connections. */
  pkce: string | null
  token_endpoint_auth_method: string
  /** JSON array of CIDRs (connections); empty for apps. */
  allowed_ips: JsonColumn
  created_at: Timestamp
  updated_at: Timestamp
  secret_rotated_at: Timestamp
}

/** oidc-provider's models (grants, codes, tokens, sessions, interactions) through its Adapter. */
export interface OAuthArtifactsTable {
  model: string
  /** SHA-256 of the artifact id (for tokens and codes, the bearer value itself). */
  id: string
  payload: JsonColumn
  grant_id: string | null
  client_id: string | null
  uid: string | null
  expires_at: Timestamp | null
  consumed_at: Timestamp | null
}

export interface OAuthSigningKeysTable {
  id: string
  sealed_jwk: string
  created_at: Timestamp
}

export interface AppsTable {
  id: string
  workspace_id: string
  catalog_id: string
  name: string
  /** Lower-cased name: unique per workspace. */
  name_key: string
  owner: string | null
  /** Base URL and auth with the secret sealed by the secret box (never plain text); JSON. */
  connection: JsonColumn | null
  assignment: JsonColumn
  mappings: JsonColumn
  created_at: Timestamp
  updated_at: Timestamp
}

export interface TasksTable {
  id: string
  workspace_id: string
  app_id: string
  person_email: string
  /** A connector TaskAction: create_account, deactivate_account, ... */
  action: string
  /** What the assignee reads (app name, instructions, account id), JSON. */
  details: JsonColumn
  assignee: string
  status: 'open' | 'done'
  due_at: Timestamp | null
  idempotency_key: string
  created_at: Timestamp
  completed_at: Timestamp | null
  completed_by: string | null
  evidence: string | null
}

export interface SamlConnectionsTable {
  id: string
  workspace_id: string
  idp_entity_id: string
  sso_url: string
  /** `redirect` or `post`: how the AuthnRequest reaches the IdP (SAML bindings §3.4, §3.5). */
  sso_binding: string
  slo_url: string | null
  /** JSON array of PEM certificates pinned for the IdP's signatures. */
  certificates: JsonColumn
  metadata_url: string | null
  /** JSON: attribute mapping, NameID format, just-in-time provisioning, IdP-initiated logins. */
  settings: JsonColumn
  enforced: Flag
  created_at: Timestamp
  updated_at: Timestamp
}

export interface SamlDomainsTable {
  /** Lower-cased email domain; unique across workspaces. */
  domain: string
  workspace_id: string
  connection_id: string
}

/** AuthnRequest and LogoutRequest ids we issued, used once to match InResponseTo. */
export interface SamlRequestsTable {
  id: string
  workspace_id: string
  /** `authn` or `logout`. */
  kind: string
  return_to: string
  created_at: Timestamp
  expires_at: Timestamp
}

/** Assertion ids accepted, kept until their NotOnOrAfter so a replay is refused. */
export interface SamlAssertionIdsTable {
  idp_entity_id: string
  assertion_id: string
  workspace_id: string
  expires_at: Timestamp
}

/** The IdP session behind a console session (NameID, SessionIndex), for single logout. */
export interface SamlSessionsTable {
  console_session_id: string
  workspace_id: string
  name_id: string
  name_id_format: string | null
  session_index: string | null
}

export interface Database {
  workspaces: WorkspacesTable
  api_tokens: ApiTokensTable
  scim_directories: ScimDirectoriesTable
  scim_users: ScimUsersTable
  scim_user_emails: ScimUserEmailsTable
  scim_groups: ScimGroupsTable
  scim_group_members: ScimGroupMembersTable
  audit_log: AuditLogTable
  events: EventsTable
  members: MembersTable
  console_sessions: ConsoleSessionsTable
  oauth_clients: OAuthClientsTable
  oauth_artifacts: OAuthArtifactsTable
  oauth_signing_keys: OAuthSigningKeysTable
  apps: AppsTable
  tasks: TasksTable
  saml_connections: SamlConnectionsTable
  saml_domains: SamlDomainsTable
  saml_requests: SamlRequestsTable
  saml_assertion_ids: SamlAssertionIdsTable
  saml_sessions: SamlSessionsTable
}

export type Row<T extends keyof Database> = Selectable<Database[T]>
export type NewRow<T extends keyof Database> = Insertable<Database[T]>
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>

/** Reads a JSON column: PostgreSQL returns jsonb parsed, SQLite returns the text. */
export function decodeJson<T = unknown>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}
