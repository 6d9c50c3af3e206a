import type { Result } from '../../../shared/result.js'
import {
  type CatalogEntry,
  entitlementTypeOf,
  PRIVILEGED_BY_NAME,
  type RateLimitHint,
} from '../../catalog/index.js'
import { authenticatorFor, type OpenConnection } from '../connection.js'
import type {
  CanCreateAccount,
  CanDeactivateAccount,
  CanDeleteAccount,
  CanGetAccount,
  CanListEntitlements,
  CanListGroups,
  CanManageGrants,
  CanManageGroups,
  CanManageMemberships,
  CanReactivateAccount,
  CanUpdateAccount,
  Connector,
  MutationOptions,
  Page,
  RemoteAccount,
  RemoteGroup,
} from '../connector.js'
import type { ConnectorError } from '../connector-errors.js'
import {
  type GroupEntitlementType,
  groupEntitlements,
  groupGrants,
} from '../entitlements/group-entitlements.js'
import type { SharedToken } from '../http/auth.js'
import type { BreakerSnapshot } from '../http/circuit-breaker.js'
import { createHttpClient, type HttpClientDeps } from '../http/http-client.js'
import type { RateBudgets } from '../http/rate-budgets.js'
import type { BucketSnapshot } from '../http/token-bucket.js'
import { oktaManifest } from './okta-connection.js'
import { type OktaGroupQuery, OktaGroups } from './okta-groups.js'
import { createOktaHttp } from './okta-http.js'
import { OktaLifecycle } from './okta-lifecycle.js'
import { type OktaUserPage, type OktaUserQuery, OktaUsers } from './okta-users.js'

type R<T> = Promise<Result<T, ConnectorError>>

/** The Okta Users API connector: every catalog operation, plus what only Okta has. */
export type OktaConnector = Connector &
  CanGetAccount &
  CanCreateAccount &
  CanUpdateAccount &
  CanDeactivateAccount &
  CanReactivateAccount &
  CanDeleteAccount &
  CanListGroups &
  CanManageGroups &
  CanManageMemberships &
  CanListEntitlements &
  CanManageGrants & {
    readonly kind: 'okta'
    /** Users with Okta's raw profile, by `search` or `filter` (sources of people use these). */
    listUsers(query: OktaUserQuery): R<OktaUserPage>
    listGroups(query: OktaGroupQuery): R<Page<RemoteGroup>>
    suspendAccount(id: string, opts: MutationOptions): R<RemoteAccount>
    unsuspendAccount(id: string, opts: MutationOptions): R<RemoteAccount>
    health(): BreakerSnapshot
    rate(): BucketSnapshot
  }

export type OktaConnectorDeps = HttpClientDeps & { readonly budgets: RateBudgets }

export type OktaConnectorInput = {
  /** Names the connection in logs (app or source id); never a secret. */
  readonly connectionId: string
  /** Okta's limits are per org: one budget per workspace and org, shared by its connections. */
  readonly workspaceId: string
  readonly entry: CatalogEntry
  readonly connection: OpenConnection
  /** Where the connection's OAuth access token is kept (the registry's process-wide cache). */
  readonly token?: SharedToken
}

export function isOktaConnector(connector: Connector): connector is OktaConnector {
  return (connector as Partial<OktaConnector>).kind === 'okta'
}

/**
 * Builds the Okta connector. Its HTTP client draws on the org's shared bucket, which starts at
 * the catalog's published limit (or the tenant's stated one) and follows X-Rate-Limit-Limit,
 * -Remaining and -Reset from every answer (developer.okta.com/docs/reference/rl-best-practices).
 */
export function createOktaConnector(
  deps: OktaConnectorDeps,
  input: OktaConnectorInput,
): OktaConnector {
  const { connection, entry } = input
  const org = new URL(connection.baseUrl).host
  const bucket = deps.budgets.bucketFor(
    `${input.workspaceId}|okta|${org}`,
    rateLimitOf(entry, connection),
    connection.rateLimit?.share === undefined ? {} : { quotaShare: connection.rateLimit.share },
  )
  const http = createHttpClient(deps, {
    connectionId: input.connectionId,
    rateLimit: entry.rateLimits.hint,
    authenticate: authenticatorFor(connection.auth, {
      ...deps,
      ...(input.token ? { token: input.token } : {}),
    }),
    sharedBucket: bucket,
  })
  const okta = createOktaHttp(http, connection.baseUrl)
  const users = new OktaUsers(okta, entry)
  const lifecycle = new OktaLifecycle(okta, users)
  const groups = new OktaGroups(okta)
  const entitlements = groupEntitlements(groups, oktaGroupType(entry))
  const grants = groupGrants(groups)
  const deactivate = (id: string, opts: MutationOptions) => lifecycle.deactivateAccount(id, opts)
  return {
    kind: 'okta',
    manifest: oktaManifest(entry),
    listAccounts: (opts) => users.listAccounts(opts),
    listUsers: (query) => users.listUsers(query),
    getAccount: (id, opts) => users.getAccount(id, opts),
    findAccount: (query, opts) => users.findAccount(query, opts),
    createAccount: (account, opts) => users.createAccount(account, opts),
    updateAccount: (id, changes, opts) => users.updateAccount(id, changes, opts),
    deactivateAccount: deactivate,
    reactivateAccount: (id, opts) => lifecycle.reactivateAccount(id, opts),
    suspendAccount: (id, opts) => lifecycle.suspendAccount(id, opts),
    unsuspendAccount: (id, opts) => lifecycle.unsuspendAccount(id, opts),
    deleteAccount: (id, opts) => users.deleteAccount(id, opts, deactivate),
    listGroups: (query) => groups.listGroups(query),
    createGroup: (group, opts) => groups.createGroup(group, opts),
    updateGroup: (id, changes, opts) => groups.updateGroup(id, changes, opts),
    listMemberships: (query) => groups.listMemberships(query),
    addMember: (membership, opts) => groups.addMember(membership, opts),
    removeMember: (membership, opts) => groups.removeMember(membership, opts),
    listEntitlements: (opts) => entitlements.listEntitlements(opts),
    listGrants: (opts) => entitlements.listGrants(opts),
    addGrant: (grant, opts) => grants.addGrant(grant, opts),
    removeGrant: (grant, opts) => grants.removeGrant(grant, opts),
    health: () => http.health(),
    rate: () => http.rate(),
  }
}

/** Okta groups as the catalog describes them; plain groups, privileged by name, otherwise. */
function oktaGroupType(entry: CatalogEntry): GroupEntitlementType {
  return (
    entitlementTypeOf(entry, 'okta_groups') ?? { kind: 'group', privileged: PRIVILEGED_BY_NAME }
  )
}

/** The tenant's own limit, when the connection states it, beats the catalog's hint. */
function rateLimitOf(entry: CatalogEntry, connection: OpenConnection): RateLimitHint {
  const stated = connection.rateLimit
  if (!stated) return entry.rateLimits.hint
  return { documented: true, requests: stated.requests, windowMs: stated.windowMs }
}
