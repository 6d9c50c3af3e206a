/**
 * The app catalog: what each app supports, taken from its public documentation (and the seed
 * guides). A fact the vendor does not publish is written `{ documented: false }`, never guessed:
 * an admin reading "not documented" knows to test it, while a guess would be trusted.
 */

/** A fact that the vendor documents, or an explicit "not documented" with what we know. */
export type Documented<T> = { documented: true; value: T; note?: string } | Undocumented

export type Undocumented = { documented: false; note?: string }

/**
 * How a connection authenticates. `oauth2_authorization_code` and `oauth2_jwt_bearer` describe
 * apps whose only documented route is a user-consented or signed-JWT token; Rollcall then stores
 * the resulting token as a bearer token.
 */
export type AuthMethod =
  | 'bearer'
  | 'oauth2_client_credentials'
  | 'api_key_header'
  | 'basic'
  | 'none'
  | 'oauth2_authorization_code'
  | 'oauth2_jwt_bearer'

export type Auth = {
  method: AuthMethod
  /** For `api_key_header`: the header, e.g. `Authorization`. */
  header?: string
  /** For `api_key_header`: the value prefix, e.g. Okta's `SSWS `. */
  prefix?: string
  scopes?: string[]
  notes?: string
}

/** Account and group operations an app's API supports. */
export type AppOperation =
  | 'list_accounts'
  | 'get_account'
  | 'create_account'
  | 'update_account'
  | 'deactivate_account'
  | 'reactivate_account'
  | 'delete_account'
  | 'list_groups'
  | 'manage_groups'
  | 'manage_memberships'

export type Scim =
  | {
      available: true
      version: '2.0' | '1.1'
      planRequired: Documented<string>
      /** The SCIM base URL pattern, when the vendor publishes one. */
      endpoint: Documented<string>
      /** Non-standard resources beyond Users and Groups (Stensul's Libraries). */
      extraResources?: string[]
    }
  | { available: false; planRequired?: Documented<string>; note?: string }

export type BaseUrl =
  | { kind: 'fixed'; url: string }
  | { kind: 'tenant'; pattern: string; note?: string }
  | { kind: 'undocumented'; note: string }
  | { kind: 'none' }

export type CreateRule = 'required' | 'optional' | 'unsupported' | 'undocumented'
export type UpdateRule = 'optional' | 'immutable' | 'unsupported' | 'undocumented'

export type UserField = {
  name: string
  type: 'string' | 'boolean' | 'object' | 'multi'
  onCreate: CreateRule
  onUpdate: UpdateRule
  notes?: string
}

/** `page` is page-number paging, which the client drives like `offset`. */
export type PaginationMethod = 'offset' | 'page' | 'cursor' | 'link' | 'none'

export type Pagination = {
  method: PaginationMethod
  defaultPageSize: Documented<number>
  maxPageSize: Documented<number>
  /** The request parameters or response field that move to the next page. */
  pointer: Documented<string>
}

export type PublishedLimit = {
  requests: number
  windowMs: number
  /** Who shares the limit: per org, per token, per user... */
  scope: string
  /** Which calls it covers. */
  appliesTo: string
}

/**
 * Where a connection's token bucket starts. `documented: false` starts conservative and adapts
 * to what the app reports (Sana).
 */
export type RateLimitHint =
  | { documented: true; requests: number; windowMs: number; note?: string }
  | Undocumented

export type RateLimitHeaderFamily =
  | 'retry_after'
  | 'x_ratelimit'
  | 'x_rate_limit'
  | 'ietf_ratelimit'
  | 'vendor_specific'

export type RateLimits = {
  published: PublishedLimit[]
  headers: Documented<RateLimitHeaderFamily[]>
  retryAfter: Documented<boolean>
  /** The figure the connector starts from: the most restrictive one that covers user calls. */
  hint: RateLimitHint
  notes?: string[]
}

/** Whether the app pushes change events, and which ones concern users. */
export type Webhooks =
  | { documented: true; value: boolean; note?: string; events?: string[] }
  | { documented: false; note?: string; events?: string[] }

export type Semantics = 'soft' | 'hard' | 'unknown'

export type DeactivationMethod =
  | 'patch_active_false'
  | 'put_active_false'
  | 'delete'
  | 'api_call'
  | 'manual'

export type Deactivation = {
  method: DeactivationMethod
  /** Soft: the account and its data survive and can come back. Hard: gone. */
  semantics: Semantics
  reversible: Documented<boolean>
  notes?: string
}

export type Deletion = {
  supported: boolean
  semantics: Semantics
  /** Whether a deleted account still shows up in list/get answers. */
  visibleAfterDelete: Documented<boolean>
  notes?: string
}

export type Groups = {
  supported: boolean
  readOnly?: boolean
  /** What the app calls a SCIM group (Stensul: roles). */
  meaning?: string
  notes?: string
}

/** The kinds of access an account can hold in an app beyond the account itself (issue 15). */
export const ENTITLEMENT_KINDS = ['group', 'role', 'license', 'permission'] as const
export type EntitlementKind = (typeof ENTITLEMENT_KINDS)[number]

/**
 * A fact Rollcall acts on either way: documented by the vendor, or assumed, with the reason in
 * `note`. Unlike `Documented<T>` an assumption carries a value, because the connector must do
 * something; the console and the docs show the note so an admin knows what to verify.
 */
export type Stated<T> =
  | { documented: true; value: T; note?: string }
  | { documented: false; assumed: T; note: string }

/** How Rollcall reaches an app's entitlements: SCIM Groups, Okta groups, or a person (tasks, CSV). */
export type EntitlementSource = 'scim_groups' | 'okta_groups' | 'manual'

/** How a grant (membership) changes: through the API, by a person, or not at all. */
export type GrantChanges = 'api' | 'manual' | 'none'

/** One kind of entitlement an app has, and what Rollcall can do with it. */
export type EntitlementType = {
  kind: EntitlementKind
  /** The app's own word for it: "role" (Stensul), "team" (Asana), "user group" (Slack). */
  label: string
  source: EntitlementSource
  /** True: the entitlements themselves cannot be created or changed through the API. */
  readOnly: Stated<boolean>
  grants: Stated<GrantChanges>
  /**
   * Case-insensitive patterns (regular expression sources) on the display name that make an
   * entitlement privileged by default; removing a privileged grant needs approval.
   */
  privileged: Stated<string[]>
  notes?: string
}

/** How the generic SCIM connector must talk to one app. */
export type ScimProfile = {
  id: string
  /** RFC 7644 §3.5.2 op names; some apps (Sana's example, Entra) capitalise them. */
  patchOpCase: 'lowercase' | 'capitalized'
  deactivateWith: 'patch' | 'put' | 'delete'
  /** Attributes the app accepts in `filter=<attr> eq "..."`, tried in this order before create. */
  lookupFilters: Array<'userName' | 'externalId' | 'emails'>
  /** Page size to request; small when the app documents none. */
  pageSize: number
  /** Whether GET /Users returns deactivated accounts (some hide them, as Stensul hides deleted). */
  listsInactiveUsers: Documented<boolean>
  contentType: 'application/scim+json' | 'application/json'
}

export type Integration =
  | { connector: 'scim'; profile: ScimProfile }
  | { connector: 'okta'; profile: 'okta-users-api' }
  | { connector: 'manual'; reason: string }

export type CatalogEntry = {
  /** Stable id (kebab-case); other code and users' app.json files rely on it. */
  id: string
  name: string
  category: string
  hasUserApi: boolean
  scim: Scim
  auth: Auth
  baseUrl: BaseUrl
  operations: AppOperation[]
  userFields: UserField[]
  pagination: Pagination
  rateLimits: RateLimits
  webhooks: Webhooks
  deactivation: Deactivation
  deletion: Deletion
  groups: Groups
  /** Entitlement kinds the app has (empty: none that Rollcall knows of). */
  entitlements: EntitlementType[]
  limitations: string[]
  watchOutFor: string[]
  integration: Integration
  /** Where each fact comes from: documentation URLs, or `seed:NNN` for the seed guides. */
  sources: string[]
}
