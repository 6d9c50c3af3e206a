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
  user_count: Generated<number>
  group_count: Generated<number>
  /** Moves on every create or delete of a user or group: positions in id order changed. */
  roster_version: Generated<number>
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
  /** Correlation rules (graph/correlation.ts), JSON; `{}` means the defaults. */
  correlation: ColumnType<unknown, string | undefined, string>
  /** Lifecycle policy (deprovisioning, orphans, safety, approvals), JSON; `{}`: defaults. */
  policy: ColumnType<unknown, string | undefined, string>
  /** Grant rules (access/apps/grant-rules.ts), JSON array; `[]` for none. */
  grant_rules: ColumnType<unknown, string | undefined, string>
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
  /** `open`, `done` (the assignee says so) or `verified` (an account import showed it). */
  status: 'open' | 'done' | 'verified'
  due_at: Timestamp | null
  idempotency_key: string
  created_at: Timestamp
  completed_at: Timestamp | null
  completed_by: string | null
  evidence: string | null
  verified_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>
  /** `import` or `listing`: what showed the change. */
  verified_by: ColumnType<string | null, string | null | undefined, string | null>
  /** When the "due soon" reminder is due (the due time less the app's reminder lead). */
  remind_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>
  reminded_due_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>
  reminded_overdue_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>
  /** The plan operation that opened it, when apply says. */
  operation_id: ColumnType<string | null, string | null | undefined, string | null>
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
  /** JSON: attribute mapping, NameID format, just-in-time provisioning. */
  settings: JsonColumn
  enforced: Flag
  /** Unsolicited responses accepted (SAML profiles §4.1.5); off unless an admin turns it on. */
  allow_idp_initiated: Flag
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

/** A person: the canonical SCIM User merged from every source that contributed them. */
export interface PeopleTable {
  id: string
  workspace_id: string
  user_name: string
  /** Lower-cased userName (correlation and filters are case-insensitive, RFC 7643 §4.1.1). */
  user_name_key: string
  external_id: string | null
  /** Lower-cased externalId, for correlation only (the filter column stays caseExact). */
  external_id_key: string | null
  display_name: string | null
  active: Flag
  /** Lower-cased primary (or first) email. */
  primary_email: string | null
  /** `active`, `inactive` or `gone` (every contributing source says the person left). */
  status: string
  gone_at: Timestamp | null
  /** The SCIM User (core + enterprise extension, `groups` as [{value, display}]), JSON. */
  resource: JsonColumn
  version: number
  created_at: Timestamp
  updated_at: Timestamp
}

export interface PersonEmailsTable {
  workspace_id: string
  person_id: string
  position: number
  value_key: string
  type: string | null
  is_primary: Flag | null
}

/** Where people come from: an Okta org, an inbound SCIM directory, a CSV file. */
export interface SourcesTable {
  id: string
  workspace_id: string
  kind: string
  name: string
  name_key: string
  /** Kind-specific settings with secrets sealed by the secret box, JSON. */
  config: JsonColumn
  schedule: JsonColumn
  safety: JsonColumn
  /** Lower wins when sources disagree about a person's attributes. */
  priority: number
  last_full_count: number | null
  last_full_sync_at: Timestamp | null
  last_sync_at: Timestamp | null
  event_cursor: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

/** One person as one source sees them, keyed by the source's own id. */
export interface SourceRecordsTable {
  source_id: string
  record_key: string
  workspace_id: string
  /** NULL while the record is ambiguous (see person_ambiguities). */
  person_id: string | null
  /** The normalised SCIM User of this record, JSON. */
  record: JsonColumn
  seen_run_id: string | null
  gone_at: Timestamp | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface PersonAmbiguitiesTable {
  source_id: string
  record_key: string
  workspace_id: string
  /** JSON array of `{personId, matchedOn}`. */
  candidates: JsonColumn
  reason: string
  created_at: Timestamp
  updated_at: Timestamp
}

export interface SyncRunsTable {
  id: string
  workspace_id: string
  source_id: string
  /** `full`, `incremental` or `events`. */
  mode: string
  trigger: string
  /** `running`, `succeeded`, `failed` or `held` (the safety rule stopped it). */
  status: string
  counts: JsonColumn
  error: JsonColumn | null
  /** Where a failed run resumes: the listing cursor, JSON. */
  checkpoint: JsonColumn | null
  started_at: Timestamp
  finished_at: Timestamp | null
}

export interface LeasesTable {
  name: string
  holder: string
  expires_at: Timestamp
}

export interface AccountImportsTable {
  id: string
  workspace_id: string
  app_id: string
  file_name: string
  counts: JsonColumn
  imported_at: Timestamp
}

export interface ImportedAccountsTable {
  app_id: string
  /** Lower-cased email (or userName): how the manual listing keys accounts. */
  account_key: string
  workspace_id: string
  import_id: string
  account_id: string | null
  user_name: string
  email: string | null
  display_name: string | null
  active: Flag
  raw: JsonColumn
}

/** An account in a connected app, as the last refresh listed it, and its link to a person. */
export interface AccountsTable {
  id: string
  workspace_id: string
  app_id: string
  /** The app's own id for the account. */
  remote_id: string
  user_name: string
  user_name_key: string
  external_id_key: string | null
  /** Lower-cased primary (or first) email. */
  email_key: string | null
  employee_number: string | null
  display_name: string | null
  active: Flag
  /** The account as the connector reported it (userName, emails, name, raw), JSON. */
  attributes: JsonColumn
  /** Hash of `attributes` and `active`: a refresh rewrites only accounts whose hash changed. */
  fingerprint: string
  person_id: string | null
  /** `linked`, `orphan` (nobody matches) or `ambiguous` (see account_candidates). */
  link_state: string
  /** `rule` or `manual`; a manual link is never undone by a refresh. */
  link_kind: string | null
  /** Which correlation rule made the link (`externalId`, `email`, ...) or `manual`. */
  link_rule: string | null
  linked_at: Timestamp | null
  /** When the account was first seen inactive (deactivate-then-delete counts from here). */
  inactive_since: Timestamp | null
  seen_snapshot_id: string | null
  first_seen_at: Timestamp
  /** A complete listing no longer returned it. */
  removed_at: Timestamp | null
  updated_at: Timestamp
}

export interface AccountCandidatesTable {
  account_id: string
  person_id: string
  app_id: string
  workspace_id: string
  rule: string
}

/** One refresh of an app's accounts. */
/** An app's group, role, license or permission (issue 15), refreshed with its accounts. */
export interface EntitlementsTable {
  id: string
  workspace_id: string
  app_id: string
  /** The app's own id for it. */
  remote_id: string
  /** `group`, `role`, `license` or `permission`. */
  kind: string
  display_name: string
  description: string | null
  privileged: Flag
  /** As the connector reported it (raw included), JSON. */
  attributes: JsonColumn
  /** Hash of the reported fields: a refresh rewrites only what changed. */
  fingerprint: string
  seen_snapshot_id: string | null
  first_seen_at: Timestamp
  /** A complete listing no longer returned it. */
  removed_at: Timestamp | null
  updated_at: Timestamp
}

/** An account holds an entitlement. */
export interface GrantsTable {
  id: string
  workspace_id: string
  app_id: string
  entitlement_id: string
  account_id: string
  seen_snapshot_id: string | null
  first_seen_at: Timestamp
  /** A complete listing no longer returned it. */
  removed_at: Timestamp | null
}

/** An admin keeps one excess grant, with a reason, until it expires or is revoked. */
export interface GrantExceptionsTable {
  id: string
  workspace_id: string
  app_id: string
  entitlement_id: string
  account_id: string
  reason: string
  expires_at: Timestamp
  created_by: JsonColumn
  created_at: Timestamp
  revoked_at: Timestamp | null
  revoked_by: JsonColumn | null
}

/**
 * A decision about one person's access in one app that outranks the app's rules until it ends
 * (issue 18): 'grant' (an approved access request, until a time) or 'revoke' (an access review's
 * revoke, until reversed). `entitlement_id` null: the account itself.
 */
export interface AccessOverridesTable {
  id: string
  workspace_id: string
  app_id: string
  person_id: string
  entitlement_id: string | null
  effect: 'grant' | 'revoke'
  until: Timestamp | null
  source_type: 'request' | 'review'
  source_id: string
  reason: string
  created_by: JsonColumn
  created_at: Timestamp
  ended_at: Timestamp | null
  ended_by: JsonColumn | null
}

/**
 * An access request (issue 18): a member asks for an entitlement (null: an account) in an app for
 * a reason and a duration; an approval writes a 'grant' access override until `until`.
 */
export interface AccessRequestsTable {
  id: string
  workspace_id: string
  app_id: string
  person_id: string
  entitlement_id: string | null
  reason: string
  duration_seconds: number
  status: 'pending' | 'approved' | 'rejected' | 'cancelled' | 'expired' | 'revoked'
  policy: JsonColumn
  requested_by: JsonColumn
  requester_key: string
  requester_email: string | null
  created_at: Timestamp
  decided_at: Timestamp | null
  decided_by: JsonColumn | null
  decision_reason: string | null
  until: Timestamp | null
  override_id: string | null
  ended_at: Timestamp | null
  ended_by: JsonColumn | null
  end_reason: string | null
}

/** One approval of an access request (two distinct approvers when the policy says so). */
export interface AccessRequestApprovalsTable {
  request_id: string
  approver_key: string
  approver: JsonColumn
  reason: string
  created_at: Timestamp
}

/** Who may request, who approves, and for how long: per app ('') or per entitlement (its id). */
export interface AccessRequestPoliciesTable {
  workspace_id: string
  app_id: string
  entitlement_key: string
  policy: JsonColumn
  updated_by: JsonColumn
  updated_at: Timestamp
}

/** An access review campaign (issue 18): scope, reviewers, due date, default, progress. */
export interface AccessReviewsTable {
  id: string
  workspace_id: string
  name: string
  scope: JsonColumn
  reviewers: JsonColumn
  due_at: Timestamp
  default_decision: 'keep' | 'revoke'
  remind_at: Timestamp
  status: 'open' | 'closed' | 'completed'
  item_count: number
  created_by: JsonColumn
  created_at: Timestamp
  closed_at: Timestamp | null
  closed_by: JsonColumn | null
  planned_at: Timestamp | null
  completed_at: Timestamp | null
  reminded_due_at: Timestamp | null
  reminded_overdue_at: Timestamp | null
}

/** One account or grant a campaign reviews, its evidence, decision and revocation. */
export interface AccessReviewItemsTable {
  id: string
  review_id: string
  workspace_id: string
  position: number
  kind: 'account' | 'grant'
  app_id: string
  app_name: string
  person_id: string
  person_email: string | null
  account_id: string
  account_user_name: string
  entitlement_id: string | null
  entitlement_name: string | null
  grant_id: string | null
  privileged: Flag
  reviewer: string | null
  reason_kind: string
  evidence: JsonColumn
  decision: 'keep' | 'revoke' | 'modify' | null
  decision_reason: string | null
  decision_note: string | null
  decided_by: JsonColumn | null
  decided_by_email: string | null
  decided_at: Timestamp | null
  by_default: Generated<Flag>
  revocation: 'pending' | 'awaiting_verification' | 'verified' | null
  override_id: string | null
  plan_id: string | null
  verified_at: Timestamp | null
}

/** What one refresh changed in the grants of an app. */
export interface GrantChangesTable {
  snapshot_id: string
  workspace_id: string
  app_id: string
  entitlement_id: string
  account_id: string
  /** `added`, `removed` or `restored`. */
  change: string
  at: Timestamp
}

export interface GraphSnapshotsTable {
  id: string
  workspace_id: string
  app_id: string
  trigger: string
  /** `running`, `succeeded`, `failed` or `held` (too many accounts would be marked removed). */
  status: string
  counts: JsonColumn
  checkpoint: JsonColumn | null
  error: JsonColumn | null
  started_at: Timestamp
  finished_at: Timestamp | null
}

export interface AccountChangesTable {
  snapshot_id: string
  account_id: string
  app_id: string
  workspace_id: string
  /** `created`, `updated`, `removed`, `restored`, `linked`, `ambiguous`, `orphaned`. */
  change: string
  before: JsonColumn | null
  after: JsonColumn | null
  at: Timestamp
}

/** An open finding of reconciliation; resolved findings are deleted (events keep the history). */
export interface FindingsTable {
  app_id: string
  /** The person id, or `account:<id>` for orphan and ambiguous accounts. */
  subject_key: string
  workspace_id: string
  /** `missing`, `drifted`, `residual`, `orphan` or `ambiguous`. */
  kind: string
  person_id: string | null
  account_id: string | null
  evidence: JsonColumn
  first_seen_at: Timestamp
  last_seen_at: Timestamp
  run_id: string
}

export interface ReconcileRunsTable {
  id: string
  workspace_id: string
  scope: JsonColumn
  trigger: string
  status: string
  counts: JsonColumn
  /** Per app: assignment, people selected, accounts (the safety rule's memory), JSON. */
  apps: JsonColumn
  started_at: Timestamp
  finished_at: Timestamp | null
}

export interface PlansTable {
  id: string
  workspace_id: string
  run_id: string
  scope: JsonColumn
  /** `ready` or `held` (some operations wait for approval). */
  status: string
  counts: JsonColumn
  created_by: JsonColumn
  created_at: Timestamp
  updated_at: Timestamp
  /** What the plan could not plan, in words (JSON list), e.g. apps whose accounts were never read. */
  notes: ColumnType<unknown, string | null | undefined, string | null>
}

export interface PlanOperationsTable {
  id: string
  plan_id: string
  workspace_id: string
  position: number
  app_id: string
  /** `create`, `update`, `deactivate`, `reactivate`, `delete` or `task`. */
  kind: string
  /** The connector capability that carries it out (`create_account`, `create_tasks`, ...). */
  capability: string
  finding_kind: string
  person_id: string | null
  person_email: string | null
  account_id: string | null
  remote_id: string | null
  payload: JsonColumn
  idempotency_key: string
  /** `planned`, `held`, `approved` or `rejected` (apply adds its own states). */
  status: string
  hold_reason: string | null
  decided_by: JsonColumn | null
  decided_at: Timestamp | null
  /** Why the approver decided as they did. */
  decision_reason: ColumnType<string | null, string | null | undefined, string | null>
  /** A held operation nobody decided on by then becomes `expired`. */
  expires_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>
  /** Apply: how many times a job ran it, what the app answered, the last failure, when done. */
  attempts: ColumnType<number, number | undefined, number>
  result: ColumnType<unknown, string | null | undefined, string | null>
  error: ColumnType<unknown, string | null | undefined, string | null>
  finished_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>
}

/** The embedded job queue (SQLite); PostgreSQL runs pg-boss in its own schema instead. */
export interface JobsTable {
  id: string
  queue: string
  key: string
  data: JsonColumn
  priority: number
  attempt: number
  run_at: Timestamp
  /** `queued`, `active` (leased), `done` or `dead`. */
  state: string
  lease_owner: string | null
  lease_until: Timestamp | null
  last_error: JsonColumn | null
  created_at: Timestamp
  updated_at: Timestamp
}

/** Jobs that ran out of attempts or failed for good, with the reason (both queues). */
export interface JobDeadLettersTable {
  key: string
  queue: string
  data: JsonColumn
  reason: string
  error: JsonColumn | null
  attempts: number
  at: Timestamp
}

/** Apps whose jobs are not run (circuit open, bad credentials, permanent failure). */
export interface AppQuarantinesTable {
  app_id: string
  workspace_id: string
  reason: string
  error: JsonColumn | null
  since: Timestamp
  until: Timestamp | null
}

/** Who asked to apply a plan, and when it finished. */
export interface PlanAppliesTable {
  plan_id: string
  workspace_id: string
  requested_by: JsonColumn
  requested_at: Timestamp
  /** When every applyable operation was queued (null while `apply` is still queueing). */
  enqueued_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>
  /** App ids refreshed after their operations finished, JSON. */
  refreshed: ColumnType<unknown, string | undefined, string>
  finished_at: Timestamp | null
}

/** A webhook subscription: where a workspace's events go, signed with a sealed secret. */
export interface WebhooksTable {
  id: string
  workspace_id: string
  url: string
  description: string | null
  event_types: JsonColumn
  secret_sealed: string
  secret_hint: string
  enabled: Flag
  /** The last event seq handled; the next delivery is of the first matching event after it. */
  cursor: ColumnType<number | string, number, number>
  attempts: number
  next_attempt_at: Timestamp | null
  lease_holder: string | null
  lease_until: Timestamp | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface WebhookDeliveriesTable {
  id: string
  webhook_id: string
  workspace_id: string
  event_seq: ColumnType<number | string, number, number>
  event_id: string
  event_type: string
  attempt: number
  status: 'succeeded' | 'failed' | 'abandoned'
  http_status: number | null
  error: string | null
  duration_ms: number
  at: Timestamp
}

export interface EventConsumersTable {
  name: string
  cursor: ColumnType<number | string, number, number>
  updated_at: Timestamp
}

export interface PersonDeparturesTable {
  id: string
  workspace_id: string
  person_id: string
  left_at: Timestamp
  returned_at: Timestamp | null
}

export interface ResidualWindowsTable {
  id: string
  workspace_id: string
  app_id: string
  person_id: string
  person_email: string | null
  account_id: string
  left_at: Timestamp
  closed_at: Timestamp
  seconds: ColumnType<number | string, number, number>
  evidence: string
  task_id: string | null
  recorded_at: Timestamp
}

export interface DepartureBurstsTable {
  id: string
  workspace_id: string
  source_id: string
  source_name: string
  window_start: Timestamp
  opened_at: Timestamp
  departures: number
  population: number
  reason: string
  status: 'open' | 'approved' | 'rejected'
  decided_by: JsonColumn | null
  decided_at: Timestamp | null
  decision_reason: string | null
}

export interface PersonOffboardingsTable {
  id: string
  workspace_id: string
  person_id: string
  plan_id: string | null
  offboarded_by: JsonColumn
  offboarded_at: Timestamp
  reason: string
  ended_at: Timestamp | null
  ended_by: JsonColumn | null
  end_reason: string | null
}

export interface RememberedRejectionsTable {
  id: string
  workspace_id: string
  person_id: string
  app_id: string
  kind: string
  facts: string
  operation_id: string
  decided_by: JsonColumn
  decided_at: Timestamp
  reason: string
  expires_at: Timestamp
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
  people: PeopleTable
  person_emails: PersonEmailsTable
  sources: SourcesTable
  source_records: SourceRecordsTable
  person_ambiguities: PersonAmbiguitiesTable
  sync_runs: SyncRunsTable
  leases: LeasesTable
  entitlements: EntitlementsTable
  grants: GrantsTable
  grant_changes: GrantChangesTable
  grant_exceptions: GrantExceptionsTable
  access_overrides: AccessOverridesTable
  access_requests: AccessRequestsTable
  access_request_approvals: AccessRequestApprovalsTable
  access_request_policies: AccessRequestPoliciesTable
  access_reviews: AccessReviewsTable
  access_review_items: AccessReviewItemsTable
  account_imports: AccountImportsTable
  imported_accounts: ImportedAccountsTable
  accounts: AccountsTable
  account_candidates: AccountCandidatesTable
  graph_snapshots: GraphSnapshotsTable
  account_changes: AccountChangesTable
  findings: FindingsTable
  reconcile_runs: ReconcileRunsTable
  plans: PlansTable
  plan_operations: PlanOperationsTable
  jobs: JobsTable
  job_dead_letters: JobDeadLettersTable
  app_quarantines: AppQuarantinesTable
  plan_applies: PlanAppliesTable
  webhooks: WebhooksTable
  webhook_deliveries: WebhookDeliveriesTable
  event_consumers: EventConsumersTable
  person_departures: PersonDeparturesTable
  residual_windows: ResidualWindowsTable
  departure_bursts: DepartureBurstsTable
  person_offboardings: PersonOffboardingsTable
  remembered_rejections: RememberedRejectionsTable
}

export type Row<T extends keyof Database> = Selectable<Database[T]>
export type NewRow<T extends keyof Database> = Insertable<Database[T]>
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>

/** Reads a JSON column: PostgreSQL returns jsonb parsed, SQLite returns the text. */
export function decodeJson<T = unknown>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}
