import { err, ok, type Result } from '../../../shared/result.js'
import {
  type CatalogEntry,
  entitlementTypeOf,
  PRIVILEGED_BY_NAME,
  type RateLimitHint,
} from '../../catalog/index.js'
import { authenticatorFor, baseConnectionSchema, type OpenConnection } from '../connection.js'
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
  ConnectorManifest,
} from '../connector.js'
import {
  type GroupEntitlementType,
  groupEntitlements,
  groupGrants,
} from '../entitlements/group-entitlements.js'
import type { SharedToken } from '../http/auth.js'
import type { BreakerSnapshot } from '../http/circuit-breaker.js'
import { createHttpClient, type HttpClientDeps } from '../http/http-client.js'
import type { BucketSnapshot } from '../http/token-bucket.js'
import { createScimContext } from './scim-context.js'
import { ScimGroups } from './scim-groups.js'
import { createScimHttp } from './scim-http.js'
import {
  resolveScimProfile,
  type ScimConnectorProfile,
  scimCapabilities,
  scimProfileOverridesSchema,
} from './scim-profile.js'
import { ScimUsers } from './scim-users.js'

/** A SCIM app's connection (app.json `connection`): base URL, auth, and profile overrides. */
export const scimConnectionSchema = baseConnectionSchema
  .extend({ profile: scimProfileOverridesSchema.optional() })
  .refine((connection) => !connection.auth.type.startsWith('okta_'), {
    message: 'Okta credentials authenticate to Okta, not to a SCIM app',
    path: ['auth', 'type'],
  })

/** What every SCIM connector always has; the rest depends on the app's profile. */
export type ScimConnector = Connector &
  CanGetAccount &
  CanCreateAccount &
  CanUpdateAccount &
  CanDeactivateAccount &
  Partial<
    CanReactivateAccount &
      CanDeleteAccount &
      CanListGroups &
      CanManageGroups &
      CanManageMemberships &
      CanListEntitlements &
      CanManageGrants
  > & {
    /** The profile in force: the catalog's, the connection's overrides, then discovery. */
    profile(signal?: AbortSignal): Promise<ScimConnectorProfile>
    /** The connection's circuit breaker and token bucket, for health pages and benchmarks. */
    health(): BreakerSnapshot
    rate(): BucketSnapshot
  }

export type ScimConnectorInput = {
  /** Names the connection in logs (the app id); never a secret. */
  readonly connectionId: string
  readonly entry: CatalogEntry
  readonly connection: OpenConnection
  /** Where the connection's OAuth access token is kept (the registry's process-wide cache). */
  readonly token?: SharedToken
}

/** The manifest of a SCIM app's connector: its capabilities follow the resolved profile. */
export function scimManifest(
  entry: CatalogEntry,
  profile: ScimConnectorProfile,
): ConnectorManifest {
  return {
    id: entry.id,
    displayName: entry.name,
    configSchema: scimConnectionSchema,
    capabilities: scimCapabilities(profile),
    rateLimit: entry.rateLimits.hint,
  }
}

/**
 * The generic SCIM 2.0 client connector (RFC 7644), driven by the catalog profile of the app,
 * the connection's overrides and what the app announces. Only the methods the profile supports
 * exist on the object, so the capability guards and the manifest agree.
 */
export function createScimConnector(
  deps: HttpClientDeps,
  input: ScimConnectorInput,
): Result<ScimConnector, string> {
  const overrides = scimProfileOverridesSchema.safeParse(input.connection.profile ?? {})
  if (!overrides.success) return err(`invalid SCIM profile: ${overrides.error.message}`)
  const profile = resolveScimProfile(input.entry, overrides.data)
  if (!profile.ok) return profile
  const { connection } = input
  const http = createHttpClient(deps, {
    connectionId: input.connectionId,
    rateLimit: rateLimitOf(input.entry, connection),
    authenticate: authenticatorFor(connection.auth, {
      ...deps,
      ...(input.token ? { token: input.token } : {}),
    }),
    ...(connection.rateLimit?.share === undefined
      ? {}
      : { bucket: { quotaShare: connection.rateLimit.share } }),
  })
  const scimHttp = createScimHttp(http, connection.baseUrl, profile.value.contentType)
  const log = deps.log.child({ connector: 'scim', catalogId: input.entry.id })
  const context = createScimContext(scimHttp, profile.value, log)
  return ok(
    assemble(
      scimManifest(input.entry, profile.value),
      new ScimUsers(context),
      new ScimGroups(context),
      groupEntitlementTypeOf(input.entry),
      {
        profile: (signal) => context.profile(signal),
        health: () => http.health(),
        rate: () => http.rate(),
      },
    ),
  )
}

/** The tenant's own limit, when the connection states it, beats the catalog's hint. */
function rateLimitOf(entry: CatalogEntry, connection: OpenConnection): RateLimitHint {
  const stated = connection.rateLimit
  if (!stated) return entry.rateLimits.hint
  return { documented: true, requests: stated.requests, windowMs: stated.windowMs }
}

function assemble(
  manifest: ConnectorManifest,
  users: ScimUsers,
  groups: ScimGroups,
  entitlementType: GroupEntitlementType,
  extras: Pick<ScimConnector, 'profile' | 'health' | 'rate'>,
): ScimConnector {
  const has = new Set(manifest.capabilities)
  const entitlements = groupEntitlements(groups, entitlementType)
  const grants = groupGrants(groups)
  return {
    manifest,
    ...extras,
    listAccounts: (opts) => users.listAccounts(opts),
    getAccount: (id, opts) => users.getAccount(id, opts),
    findAccount: (query, opts) => users.findAccount(query, opts),
    createAccount: (account, opts) => users.createAccount(account, opts),
    updateAccount: (id, changes, opts) => users.updateAccount(id, changes, opts),
    deactivateAccount: (id, opts) => users.deactivateAccount(id, opts),
    ...(has.has('reactivate_account')
      ? { reactivateAccount: (id, opts) => users.reactivateAccount(id, opts) }
      : {}),
    ...(has.has('delete_account')
      ? { deleteAccount: (id, opts) => users.deleteAccount(id, opts) }
      : {}),
    ...(has.has('list_groups') ? { listGroups: (opts) => groups.listGroups(opts) } : {}),
    ...(has.has('manage_groups')
      ? {
          createGroup: (group, opts) => groups.createGroup(group, opts),
          updateGroup: (id, changes, opts) => groups.updateGroup(id, changes, opts),
        }
      : {}),
    ...(has.has('manage_memberships')
      ? {
          listMemberships: (opts) => groups.listMemberships(opts),
          addMember: (membership, opts) => groups.addMember(membership, opts),
          removeMember: (membership, opts) => groups.removeMember(membership, opts),
        }
      : {}),
    ...(has.has('list_entitlements')
      ? {
          listEntitlements: (opts) => entitlements.listEntitlements(opts),
          listGrants: (opts) => entitlements.listGrants(opts),
        }
      : {}),
    ...(has.has('manage_grants')
      ? {
          addGrant: (grant, opts) => grants.addGrant(grant, opts),
          removeGrant: (grant, opts) => grants.removeGrant(grant, opts),
        }
      : {}),
  }
}

/**
 * The kind and privileged names of the app's SCIM Groups, from the catalog (Stensul: roles);
 * an app whose groups the catalog does not describe has plain groups, privileged by name.
 */
function groupEntitlementTypeOf(entry: CatalogEntry): GroupEntitlementType {
  return (
    entitlementTypeOf(entry, 'scim_groups') ?? { kind: 'group', privileged: PRIVILEGED_BY_NAME }
  )
}
