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
  is_primary: Flag
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
}

export type Row<T extends keyof Database> = Selectable<Database[T]>
export type NewRow<T extends keyof Database> = Insertable<Database[T]>
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>

/** Reads a JSON column: PostgreSQL returns jsonb parsed, SQLite returns the text. */
export function decodeJson<T = unknown>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}
