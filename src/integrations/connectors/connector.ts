import type { z } from 'zod'
import type { Result } from '../../shared/result.js'
import type { AppOperation, EntitlementKind, RateLimitHint } from '../catalog/index.js'
import type { ConnectorError } from './connector-errors.js'

/**
 * The connector contract, after baton-sdk (STYLE §4.7): one required interface and optional
 * capability interfaces checked at run time. Every method takes an options object, so adding a
 * field never forces a `V2` of the interface.
 */

/**
 * What a connector can do: the catalog's operations, the manual path, and entitlements
 * (`list_entitlements`: entitlements and their grants; `manage_grants`: add and remove grants).
 */
export type Capability = AppOperation | 'create_tasks' | 'list_entitlements' | 'manage_grants'

export type ConnectorManifest<TConfig = unknown> = {
  readonly id: string
  readonly displayName: string
  /** Validates a connection's configuration (base URL, auth) before the connector is built. */
  readonly configSchema: z.ZodType<TConfig>
  readonly capabilities: readonly Capability[]
  /** Where the token bucket starts: a documented limit, or `undocumented` (start conservative). */
  readonly rateLimit: RateLimitHint
}

/** Every call can be cancelled. */
export type CallOptions = {
  readonly signal?: AbortSignal
}

/**
 * Every mutating call carries an idempotency key: the same key means the same intent, so a
 * retried job after a crash does not create a second account or a second task.
 */
export type MutationOptions = CallOptions & {
  readonly idempotencyKey: string
}

export type ListOptions = CallOptions & {
  /** Opaque cursor from a previous page; absent for the first page. */
  readonly cursor?: string
  /** A hint; the app may return fewer (or, if it ignores the hint, more). */
  readonly pageSize?: number
}

/**
 * One page of a listing. `nextCursor` is an opaque, serialisable string: stored in a checkpoint,
 * it lets a killed sync resume where it stopped (baton's `State.Marshal()`). Absent on the last page.
 */
export type Page<T> = {
  readonly items: readonly T[]
  readonly nextCursor?: string
}

/** Success markers: "already there" and "already gone" are outcomes, not errors. */
export type MutationMarker = 'already_exists' | 'already_gone' | 'no_change'

export type RemoteEmail = {
  readonly value: string
  readonly primary?: boolean
  readonly type?: string
}

export type NameParts = {
  readonly givenName?: string
  readonly familyName?: string
  readonly formatted?: string
}

/** An account as the app reports it. */
export type RemoteAccount = {
  readonly id: string
  readonly userName: string
  readonly externalId?: string
  readonly emails: readonly RemoteEmail[]
  readonly active: boolean
  readonly displayName?: string
  readonly name?: NameParts
  /** The app's own representation, kept for mappings and for the audit trail. */
  readonly raw: Readonly<Record<string, unknown>>
  /** Set on mutation results only. */
  readonly marker?: MutationMarker
}

export type NewAccount = {
  readonly userName: string
  readonly externalId?: string
  readonly emails: readonly RemoteEmail[]
  readonly active?: boolean
  readonly displayName?: string
  readonly name?: NameParts
  /** App-specific attributes produced by the app's mappings. */
  readonly attributes?: Readonly<Record<string, unknown>>
}

/** Fields to change; absent fields are left alone. */
export type AccountChanges = Partial<Omit<NewAccount, 'userName'>> & {
  readonly userName?: string
}

/** How create finds an existing account first: any one of these that the app can filter on. */
export type AccountQuery = {
  readonly userName?: string
  readonly externalId?: string
  readonly email?: string
}

/** The receipt of a deactivation or a deletion; the account itself when the app returned it. */
export type RemovalReceipt = {
  readonly id: string
  readonly account?: RemoteAccount
  readonly marker?: 'already_gone' | 'no_change'
}

export type RemoteGroup = {
  readonly id: string
  readonly displayName: string
  readonly externalId?: string
  /** Members when the app lists them inline; otherwise use `listMemberships`. */
  readonly memberIds?: readonly string[]
  readonly raw: Readonly<Record<string, unknown>>
  readonly marker?: MutationMarker
}

export type NewGroup = {
  readonly displayName: string
  readonly externalId?: string
  readonly attributes?: Readonly<Record<string, unknown>>
}

export type Membership = {
  readonly groupId: string
  readonly accountId: string
}

export type MembershipReceipt = Membership & { readonly marker?: MutationMarker }

/**
 * Something an account holds in an app beyond the account itself: a group, a role, a license
 * or a permission (issue 15). Where an app exposes them as groups, `id` is the group's id.
 */
export type RemoteEntitlement = {
  readonly id: string
  readonly kind: EntitlementKind
  readonly displayName: string
  readonly description?: string
  /** By the catalog's patterns (admin, owner…) unless the app says more; see `isPrivilegedName`. */
  readonly privileged: boolean
  readonly raw: Readonly<Record<string, unknown>>
}

/** One account holding one entitlement. */
export type Grant = {
  readonly entitlementId: string
  readonly accountId: string
}

/**
 * Words for a person when the grant is changed by hand (the manual connector); API connectors
 * ignore it. Without it the task names the ids.
 */
export type GrantContext = {
  readonly person?: { readonly email: string; readonly displayName?: string }
  readonly entitlement?: { readonly displayName: string; readonly kind?: EntitlementKind }
}

export type GrantChange = Grant & { readonly context?: GrantContext }

/**
 * The outcome of adding or removing a grant. `already_exists` / `already_gone` are successes.
 * A manual app answers with the task it opened instead (the grant is verified by the next import).
 */
export type GrantReceipt = Grant & {
  readonly marker?: 'already_exists' | 'already_gone'
  readonly task?: TaskReceipt
}

export type GrantListOptions = ListOptions & {
  /** Only this entitlement's grants; absent, every entitlement's, one after another. */
  readonly entitlementId?: string
}

/** A lifecycle step a person performs by hand in an app without an API (seed 001, Samepage). */
export type TaskAction =
  | 'create_account'
  | 'update_account'
  | 'deactivate_account'
  | 'reactivate_account'
  | 'delete_account'
  | 'review_access'
  | 'add_grant'
  | 'remove_grant'

export type TaskRequest = {
  readonly action: TaskAction
  readonly appName: string
  readonly person: { readonly email: string; readonly displayName?: string }
  readonly accountId?: string
  /** For `add_grant` / `remove_grant`: which entitlement. */
  readonly entitlement?: {
    readonly id: string
    readonly displayName: string
    readonly kind?: EntitlementKind
  }
  /** What to do, in words for the person who does it. */
  readonly instructions: string
  /** Who receives the task (the app owner). */
  readonly assignee: string
  readonly dueAt?: Date
}

export type TaskReceipt = {
  readonly taskId: string
  readonly marker?: 'already_exists'
}

export interface Connector {
  readonly manifest: ConnectorManifest
  listAccounts(opts: ListOptions): Promise<Result<Page<RemoteAccount>, ConnectorError>>
}

export interface CanGetAccount {
  getAccount(id: string, opts: CallOptions): Promise<Result<RemoteAccount, ConnectorError>>
  /** First match for the query, or undefined; create uses it to avoid duplicates. */
  findAccount(
    query: AccountQuery,
    opts: CallOptions,
  ): Promise<Result<RemoteAccount | undefined, ConnectorError>>
}

export interface CanCreateAccount {
  /** Looks the account up first; an existing one comes back with marker `already_exists`. */
  createAccount(
    input: NewAccount,
    opts: MutationOptions,
  ): Promise<Result<RemoteAccount, ConnectorError>>
}

export interface CanUpdateAccount {
  updateAccount(
    id: string,
    changes: AccountChanges,
    opts: MutationOptions,
  ): Promise<Result<RemoteAccount, ConnectorError>>
}

export interface CanDeactivateAccount {
  /** An inactive account gives `no_change`; a missing one gives `already_gone`. */
  deactivateAccount(
    id: string,
    opts: MutationOptions,
  ): Promise<Result<RemovalReceipt, ConnectorError>>
}

export interface CanReactivateAccount {
  reactivateAccount(
    id: string,
    opts: MutationOptions,
  ): Promise<Result<RemoteAccount, ConnectorError>>
}

export interface CanDeleteAccount {
  /** A missing account gives `already_gone`. */
  deleteAccount(id: string, opts: MutationOptions): Promise<Result<RemovalReceipt, ConnectorError>>
}

export interface CanListGroups {
  listGroups(opts: ListOptions): Promise<Result<Page<RemoteGroup>, ConnectorError>>
}

export interface CanManageGroups {
  createGroup(input: NewGroup, opts: MutationOptions): Promise<Result<RemoteGroup, ConnectorError>>
  updateGroup(
    id: string,
    changes: Partial<NewGroup>,
    opts: MutationOptions,
  ): Promise<Result<RemoteGroup, ConnectorError>>
}

export interface CanManageMemberships {
  listMemberships(
    opts: ListOptions & { readonly groupId: string },
  ): Promise<Result<Page<Membership>, ConnectorError>>
  addMember(
    membership: Membership,
    opts: MutationOptions,
  ): Promise<Result<MembershipReceipt, ConnectorError>>
  removeMember(
    membership: Membership,
    opts: MutationOptions,
  ): Promise<Result<MembershipReceipt, ConnectorError>>
}

/**
 * An app's entitlements and who holds them, paged by opaque cursors that survive a checkpoint.
 * A listing of grants walks every entitlement unless `entitlementId` narrows it.
 */
export interface CanListEntitlements {
  listEntitlements(opts: ListOptions): Promise<Result<Page<RemoteEntitlement>, ConnectorError>>
  listGrants(opts: GrantListOptions): Promise<Result<Page<Grant>, ConnectorError>>
}

/**
 * Adds or removes one grant. Adding a held grant is `already_exists`, removing a missing one
 * (or one of a vanished entitlement) `already_gone`; the idempotency key makes a retry safe.
 */
export interface CanManageGrants {
  addGrant(grant: GrantChange, opts: MutationOptions): Promise<Result<GrantReceipt, ConnectorError>>
  removeGrant(
    grant: GrantChange,
    opts: MutationOptions,
  ): Promise<Result<GrantReceipt, ConnectorError>>
}

/** The manual path: lifecycle work becomes a tracked task for a person. */
export interface CreatesTasks {
  createTask(
    request: TaskRequest,
    opts: MutationOptions,
  ): Promise<Result<TaskReceipt, ConnectorError>>
}

function hasMethods(connector: Connector, ...names: string[]): boolean {
  const record = connector as unknown as Record<string, unknown>
  return names.every((name) => typeof record[name] === 'function')
}

export const canGetAccount = (c: Connector): c is Connector & CanGetAccount =>
  hasMethods(c, 'getAccount', 'findAccount')
export const canCreateAccount = (c: Connector): c is Connector & CanCreateAccount =>
  hasMethods(c, 'createAccount')
export const canUpdateAccount = (c: Connector): c is Connector & CanUpdateAccount =>
  hasMethods(c, 'updateAccount')
export const canDeactivateAccount = (c: Connector): c is Connector & CanDeactivateAccount =>
  hasMethods(c, 'deactivateAccount')
export const canReactivateAccount = (c: Connector): c is Connector & CanReactivateAccount =>
  hasMethods(c, 'reactivateAccount')
export const canDeleteAccount = (c: Connector): c is Connector & CanDeleteAccount =>
  hasMethods(c, 'deleteAccount')
export const canListGroups = (c: Connector): c is Connector & CanListGroups =>
  hasMethods(c, 'listGroups')
export const canManageGroups = (c: Connector): c is Connector & CanManageGroups =>
  hasMethods(c, 'createGroup', 'updateGroup')
export const canManageMemberships = (c: Connector): c is Connector & CanManageMemberships =>
  hasMethods(c, 'listMemberships', 'addMember', 'removeMember')
export const createsTasks = (c: Connector): c is Connector & CreatesTasks =>
  hasMethods(c, 'createTask')
export const canListEntitlements = (c: Connector): c is Connector & CanListEntitlements =>
  hasMethods(c, 'listEntitlements', 'listGrants')
export const canManageGrants = (c: Connector): c is Connector & CanManageGrants =>
  hasMethods(c, 'addGrant', 'removeGrant')

const GUARDS: ReadonlyArray<readonly [Capability, (c: Connector) => boolean]> = [
  ['list_accounts', (c) => typeof c.listAccounts === 'function'],
  ['get_account', canGetAccount],
  ['create_account', canCreateAccount],
  ['update_account', canUpdateAccount],
  ['deactivate_account', canDeactivateAccount],
  ['reactivate_account', canReactivateAccount],
  ['delete_account', canDeleteAccount],
  ['list_groups', canListGroups],
  ['manage_groups', canManageGroups],
  ['manage_memberships', canManageMemberships],
  ['create_tasks', createsTasks],
  ['list_entitlements', canListEntitlements],
  ['manage_grants', canManageGrants],
]

/** The capabilities a connector object actually implements. */
export function capabilitiesOf(connector: Connector): Capability[] {
  return GUARDS.filter(([, has]) => has(connector)).map(([capability]) => capability)
}

/**
 * Differences between what the manifest claims and what the object implements; empty when they
 * agree. Plans are built from the manifest, so a connector whose manifest lies must be refused.
 */
export function manifestMismatches(connector: Connector): string[] {
  const implemented = new Set(capabilitiesOf(connector))
  const claimed = new Set(connector.manifest.capabilities)
  const missing = [...claimed].filter((c) => !implemented.has(c)).map((c) => `claims ${c}`)
  const unclaimed = [...implemented].filter((c) => !claimed.has(c)).map((c) => `hides ${c}`)
  return [...missing, ...unclaimed]
}
