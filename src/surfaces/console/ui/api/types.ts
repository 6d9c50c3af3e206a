/**
 * The JSON the console reads, as the hub's APIs send it. Declared here, not imported from the
 * server: the bundle imports no server code (.dependency-cruiser.cjs), and the e2e tests check
 * these shapes against the real server.
 */

export type Permission =
  | 'scim:manage'
  | 'saml:manage'
  | 'integrations:read'
  | 'integrations:manage'
  | 'audit:read'

export type Session = {
  member: { id: string; email: string; role: 'owner' | 'admin' | 'member' }
  permissions: Permission[]
  workspace: { id: string; slug: string | null }
  csrfToken: string
  expiresAt: string
}

export type ScimResource = Record<string, unknown>

export type PersonStatus = 'active' | 'inactive' | 'gone'

export type Person = {
  id: string
  userName: string
  externalId: string | null
  displayName: string | null
  primaryEmail: string | null
  active: boolean
  status: PersonStatus
  goneAt: string | null
  resource: ScimResource
  version: number
  createdAt: string
  updatedAt: string
}

export type SourceRecord = {
  sourceId: string
  key: string
  goneAt: string | null
  updatedAt: string
}
/** An admin's standing offboarding: who (a member's email, else the actor's kind), when, why. */
export type Offboarding = { by: string; at: string; reason: string }

export type PersonDetail = Person & { records: SourceRecord[]; offboarding: Offboarding | null }

/** A source's burst of departures the safety gate holds for an admin (issue 13). */
export type DepartureBurst = {
  id: string
  sourceId: string
  sourceName: string
  windowStart: string
  openedAt: string
  departures: number
  population: number
  reason: string
  status: 'open' | 'approved' | 'rejected'
  decidedBy?: { type: string; id: string | null }
  decidedAt?: string
  decisionReason?: string
}

export type BurstDecision = { burst: DepartureBurst; plans: number; people: number }
export type PeopleCounts = { total: number; active: number; inactive: number; gone: number }

export type Ambiguity = {
  sourceId: string
  recordKey: string
  candidates: Array<{ personId: string; matchedOn: string[] }>
  reason: string
  updatedAt: string
}

export type Source = {
  id: string
  kind: 'okta' | 'scim' | 'csv'
  name: string
  priority: number
  schedule: { fullSyncMinutes: number | null; incrementalMinutes: number | null }
  lastFullCount: number | null
  lastFullSyncAt: string | null
  lastSyncAt: string | null
  createdAt: string
}

export type Assignment = { all: true } | { filter: string } | { people: string[] }

/** A bare expression is applied always; `on_create` only sets the value on a new account. */
export type Mapping = string | { expression: string; apply: 'always' | 'on_create' }

export type App = {
  id: string
  catalogId: string
  name: string
  owner: string | null
  connection: Record<string, unknown> | null
  assignment: Assignment
  mappings: Record<string, Mapping>
  /** How accounts are matched to people (reconciliation; absent on older hubs). */
  correlation?: { rules: string[]; domainAliases: Record<string, string> }
  /** What happens to accounts of people who should no longer have one. */
  policy?: {
    deprovision: string
    deleteAfterDays: number
    orphans: string
    approve: string[]
    safety: { maxShare: number; maxCount: number; minCount: number }
  }
  createdAt: string
  updatedAt: string
}

export type BreakerSnapshot =
  | { state: 'closed' }
  | { state: 'open'; reason: string; since: string; retryAt?: string }
  | { state: 'half_open'; reason: string; since: string }

export type BucketSnapshot = {
  ratePerSecond: number
  ceilingPerSecond: number
  capacity: number
  tokens: number
  pausedUntil?: string
}

export type ConnectionHealth =
  | { kind: 'api'; breaker: BreakerSnapshot; rate: BucketSnapshot }
  | { kind: 'manual' }
  | { kind: 'unavailable'; message: string }

export type Documented<T> = { documented: true; value: T; note?: string } | Undocumented
export type Undocumented = { documented: false; note?: string }

/** The parts of a catalog entry the console shows; the entry has more. */
export type CatalogEntry = {
  id: string
  name: string
  category: string
  hasUserApi: boolean
  scim: { available: boolean; version?: string; note?: string }
  auth: { method: string; notes?: string }
  operations: string[]
  rateLimits: {
    published: Array<{ requests: number; windowMs: number; scope: string; appliesTo: string }>
    hint: { documented: true; requests: number; windowMs: number } | Undocumented
    notes?: string[]
  }
  deactivation: {
    method: string
    semantics: string
    reversible: Documented<boolean>
    notes?: string
  }
  deletion: { supported: boolean; semantics: string; notes?: string }
  limitations: string[]
  watchOutFor?: string[]
  integration: { connector: 'scim' | 'okta' | 'manual'; reason: string }
  /** The kinds of entitlement the app has (issue 15; absent on older hubs, empty: none known). */
  entitlements?: EntitlementType[]
}

/** A fact Rollcall acts on either way: documented, or assumed with the reason in `note`. */
export type Stated<T> =
  | { documented: true; value: T; note?: string }
  | { documented: false; assumed: T; note: string }

/** One kind of entitlement an app has, as the catalog states it, and how Rollcall reaches it. */
export type EntitlementType = {
  kind: EntitlementKind
  /** The app's own word for it: "role" (Stensul), "team" (Asana). */
  label: string
  /** `manual`: no API lists them; a person keeps them in the app. */
  source: 'scim_groups' | 'okta_groups' | 'manual'
  readOnly: Stated<boolean>
  grants: Stated<'api' | 'manual' | 'none'>
  notes?: string
}

/** `verified`: the next account import of the app showed the change (issue 8). */
export type TaskStatus = 'open' | 'done' | 'verified'

export type Task = {
  id: string
  appId: string
  personEmail: string
  action: string
  details: { appName: string; instructions: string; displayName?: string; accountId?: string }
  assignee: string
  status: TaskStatus
  dueAt: string | null
  createdAt: string
  completedAt: string | null
  completedBy: string | null
  evidence: string | null
  verifiedAt?: string | null
  reminders?: { dueSoonAt: string | null; overdueAt: string | null }
}

export type AuditEntry = {
  id: string
  at: string
  actor: { type: string; id: string | null }
  action: string
  target: { type: string; id: string | null }
  before: unknown
  after: unknown
  requestId: string | null
}

export type AuditPage = { entries: AuditEntry[]; nextCursor: string | null }

export type Member = {
  id: string
  email: string
  role: 'owner' | 'admin' | 'member'
  displayName: string | null
  hasPassword: boolean
  createdAt: string
}

export type Directory = {
  id: string
  name: string
  settings: { profile: 'standard' | 'okta' | 'entra' }
  tokenHint: string
  scimBaseUrl: string
  createdAt: string
  tokenRotatedAt: string
}

export type OAuthApp = {
  id: string
  clientId: string
  name: string
  redirectUris: string[]
  scopes: string[]
  pkce: 'required' | 'optional'
  secretHint: string
  createdAt: string
  secretRotatedAt: string
}

export type ApiConnection = {
  id: string
  clientId: string
  name: string
  allowedIps: string[]
  scopes: string[]
  secretHint: string
  createdAt: string
  secretRotatedAt: string
}

export type SamlConnection = {
  id: string
  spEntityId: string
  acsUrl: string
  metadataUrl: string
  idp: {
    entityId: string
    ssoUrl: string
    metadataUrl: string | null
    certificates: Array<{ subject: string; fingerprint256: string; validTo: string }>
  }
  allowedDomains: string[]
  enforced: boolean
  jitProvisioning: boolean
  /** Unsolicited responses (an IdP's app tile) accepted; off unless an admin turns it on. */
  allowIdpInitiated: boolean
  updatedAt: string
}

export type SsoCheck =
  | { domain: string; sso: false; enforced: false }
  | { domain: string; sso: true; enforced: boolean; workspaceId: string; authorizeUrl: string }

export type FindingKind =
  | 'missing'
  | 'drifted'
  | 'residual'
  | 'orphan'
  | 'ambiguous'
  | 'missing_grant'
  | 'excess_grant'
  | 'privileged_grant'
  | 'residual_grant'

/** The entitlement a grant operation adds or removes, or an account operation carries. */
export type GrantTarget = {
  entitlementId: string
  remoteId: string
  displayName: string
  kind: string
  privileged: boolean
}

/** A difference reconciliation found, with what a person needs to judge it. */
export type Finding = {
  appId: string
  kind: FindingKind
  subjectKey: string
  personId: string | null
  personEmail: string | null
  accountId: string | null
  evidence: Record<string, unknown>
  since: string
  lastSeenAt: string
}

export type FindingsPage = { findings: Finding[]; next?: string }

export type FindingCounts = {
  byKind: Record<FindingKind, number>
  byApp: Array<{ appId: string; counts: Record<FindingKind, number> }>
  total: number
}

export type PlanSummary = {
  id: string
  runId: string
  /** Follows the operations: ready, held, applying, partly_applied, applied, failed. */
  status: string
  /** What the plan does: "Offboard Grace Cerf", "Workspace reconcile", "Reconcile Sana". */
  title: string
  /** Where it stands in words: "72 of 77 applied; 5 held for approval." */
  headline: string
  scope: { appIds?: string[]; personId?: string; offboard?: boolean }
  createdAt: string
  counts: Record<string, number>
}

export type Operation = {
  id: string
  planId: string
  position: number
  appId: string
  kind:
    | 'create'
    | 'update'
    | 'deactivate'
    | 'reactivate'
    | 'delete'
    | 'task'
    | 'add_grant'
    | 'remove_grant'
  capability: string
  findingKind: FindingKind
  personId: string | null
  personEmail: string | null
  accountId: string | null
  remoteId: string | null
  payload: {
    kind: string
    action?: string
    instructions?: string
    /** add_grant / remove_grant: the entitlement. */
    entitlement?: GrantTarget
    /** create, reactivate, deactivate, delete, task: the grants that go with the account. */
    grants?: GrantTarget[]
  } & Record<string, unknown>
  status: string
  holdReason: string | null
  decidedBy: { type: string; id: string | null } | null
  decidedAt: string | null
  decisionReason?: string | null
  expiresAt?: string | null
}

export type PlanView = PlanSummary & {
  operations: Operation[]
  held: Array<{ operationId: string; reason: string }>
  /** What the plan could not plan, in words ("Sana: accounts never read; …"). */
  notes?: string[]
  /** People whose grants move (issue 15): one explained diff each, the first 200. */
  movers?: PlanMover[]
  moversTotal?: number
  nextAfter?: number
}

/** A mover: "ada@acme.com leaves: role Sales-Editor in Stensul; joins: …". */
export type PlanMover = {
  personId: string
  email: string | null
  words: string
}

export type LinkState = 'linked' | 'orphan' | 'ambiguous'

/** An account in a connected app, and whose it is (the identity graph). */
export type Account = {
  id: string
  appId: string
  remoteId: string
  userName: string
  email: string | null
  active: boolean
  personId: string | null
  linkState: LinkState
  linkKind: 'rule' | 'manual' | null
  linkRule: string | null
  linkedAt: string | null
  inactiveSince: string | null
  firstSeenAt: string
  removedAt: string | null
  updatedAt: string
}

export type ResidualWindowSummary = {
  appId: string
  closed: number
  open: number
  averageSeconds: number | null
  p95Seconds: number | null
  maxSeconds: number | null
  longestOpenSeconds: number | null
}

export type ResidualWindows = {
  windows: Array<{
    appId: string
    personId: string
    personEmail: string | null
    accountId: string
    leftAt: string
    closedAt: string | null
    seconds: number
  }>
  summary: ResidualWindowSummary[]
}

/** The kinds of access an account can hold in an app beyond the account itself (issue 15). */
export type EntitlementKind = 'group' | 'role' | 'license' | 'permission'

/** One of an app's entitlements (GET /api/apps/:appId/entitlements). */
export type EntitlementView = {
  id: string
  remoteId: string
  kind: EntitlementKind
  displayName: string
  description: string | null
  privileged: boolean
  /** Live grants: accounts that hold it now. */
  members: number
  firstSeenAt: string
  removedAt: string | null
}

export type EntitlementList = { items: EntitlementView[] }

/** An account that holds an entitlement, and whose it is. */
export type EntitlementMember = {
  accountId: string
  userName: string
  personId: string | null
  personName: string | null
  personEmail: string | null
  /** When the grant was first seen. */
  since: string
}

/** GET /api/apps/:appId/entitlements/:entitlementId/grants */
export type EntitlementGrants = { entitlement: EntitlementView; items: EntitlementMember[] }

/** Why a grant exists: an assignment rule, an approved exception, or nothing (found as is). */
export type GrantReason = { kind: 'rule' | 'exception' | 'none'; words: string }

/** One of a person's accounts in an app, and why it exists, in words. */
export type AccessAccount = {
  id: string
  remoteId: string
  userName: string
  active: boolean
  linkState: LinkState
  /** The correlation rule that linked it, `manual` for a link made by hand. */
  linkRule: string | null
  removedAt: string | null
  why: string
}

/** An entitlement one of the person's accounts holds. */
export type AccessGrant = {
  id: string
  entitlementId: string
  entitlementName: string
  kind: EntitlementKind
  privileged: boolean
  accountId: string
  since: string
  reason: GrantReason
}

export type PersonAccessApp = {
  app: { id: string; name: string; catalogId: string }
  accounts: AccessAccount[]
  grants: AccessGrant[]
}

/** GET /api/people/:personId/access: every account and grant of a person, by app name. */
export type PersonAccess = {
  person: { id: string; displayName: string | null; email: string | null; status: PersonStatus }
  apps: PersonAccessApp[]
}
