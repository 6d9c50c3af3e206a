import { z } from 'zod'
import { err, ok, type Result } from '../../../shared/result.js'
import {
  type CatalogEntry,
  entitlementTypeOf,
  grantChangesOf,
  type ScimProfile,
} from '../../catalog/index.js'
import type { Capability } from '../connector.js'

/**
 * How the generic SCIM connector talks to one app: the catalog's compatibility profile, the
 * connection's overrides, and (at run time) what the app's discovery endpoints say.
 */
export type ScimConnectorProfile = {
  readonly catalogId: string
  /** RFC 7644 §3.5.2 names ops in lower case; some apps (Sana's example, Entra) capitalise them. */
  readonly patchOpCase: 'lowercase' | 'capitalized'
  /** `path`: one operation per changed attribute; `value`: one replace without a path. */
  readonly patchStyle: 'path' | 'value'
  /** PATCH with the changed attributes, or PUT of the whole resource. */
  readonly updateWith: 'patch' | 'put'
  readonly deactivateWith: 'patch' | 'put' | 'delete'
  /** Whether DELETE exists and what it does: soft keeps the account restorable (Stensul). */
  readonly deletes: 'soft' | 'hard' | 'unknown' | 'unsupported'
  readonly reactivates: boolean
  /** Page size asked for; the app may cap it silently, and paging copes. */
  readonly pageSize: number
  /** Whether `filter=` works; without it, lookups scan the listing and match in memory. */
  readonly filters: boolean
  readonly lookupFilters: readonly ('userName' | 'externalId' | 'emails')[]
  readonly groups: 'none' | 'read_only' | 'full'
  /**
   * Whether group members (grants) are changed through the API, by PATCH of the group
   * (RFC 7644 §3.5.2), even where the groups themselves are read-only (Stensul roles).
   */
  readonly memberships: boolean
  /**
   * How one member is removed: `filter` is RFC 7644 §3.5.2.2's `members[value eq "id"]` path;
   * `value` is the Entra dialect, `path: "members"` with a value array naming the members.
   */
  readonly memberRemoval: 'filter' | 'value'
  /** Read /ServiceProviderConfig and /Schemas before the first call. */
  readonly discovery: boolean
  readonly contentType: ScimProfile['contentType']
  /** What /ServiceProviderConfig announced about bulk; recorded, not used (see docs/connectors.md). */
  readonly bulk: { readonly supported: boolean; readonly maxOperations?: number }
  /** Lower-cased top-level User attributes from /Schemas; undefined when not discovered. */
  readonly userAttributes?: ReadonlySet<string>
}

/** What a connection may override in `connection.profile` (app.json). */
export const scimProfileOverridesSchema = z
  .object({
    patchOpCase: z.enum(['lowercase', 'capitalized']),
    patchStyle: z.enum(['path', 'value']),
    updateWith: z.enum(['patch', 'put']),
    deactivateWith: z.enum(['patch', 'put', 'delete']),
    deletes: z.enum(['soft', 'hard', 'unknown', 'unsupported']),
    reactivates: z.boolean(),
    pageSize: z.number().int().min(1).max(1000),
    filters: z.boolean(),
    lookupFilters: z.array(z.enum(['userName', 'externalId', 'emails'])).min(1),
    groups: z.enum(['none', 'read_only', 'full']),
    memberships: z.boolean(),
    memberRemoval: z.enum(['filter', 'value']),
    discovery: z.boolean(),
  })
  .partial()
  .strict()

export type ScimProfileOverrides = z.infer<typeof scimProfileOverridesSchema>

/** The profile an entry and a connection's overrides give, before discovery. */
export function resolveScimProfile(
  entry: CatalogEntry,
  overrides: ScimProfileOverrides = {},
): Result<ScimConnectorProfile, string> {
  if (entry.integration.connector !== 'scim') return err(`${entry.id} is not a SCIM app`)
  const base = entry.integration.profile
  const deletes = entry.operations.includes('delete_account') ? entry.deletion.semantics : null
  const merged: Omit<ScimConnectorProfile, 'memberships'> & { memberships?: boolean } = {
    catalogId: entry.id,
    patchOpCase: base.patchOpCase,
    patchStyle: 'path',
    updateWith: 'patch',
    deactivateWith: base.deactivateWith,
    deletes: deletes ?? 'unsupported',
    reactivates: entry.operations.includes('reactivate_account'),
    pageSize: base.pageSize,
    filters: base.lookupFilters.length > 0,
    lookupFilters: base.lookupFilters.length > 0 ? base.lookupFilters : ['userName'],
    groups: groupSupport(entry),
    memberRemoval: 'filter',
    discovery: true,
    contentType: base.contentType,
    bulk: { supported: false },
    ...overrides,
  }
  const profile: ScimConnectorProfile = {
    ...merged,
    memberships:
      merged.groups !== 'none' &&
      (overrides.memberships ?? (merged.groups === 'full' || membershipsOf(entry))),
  }
  // Deactivating with a DELETE that may be hard destroys the account: only where the app offers
  // nothing else (the catalog says so, as for Notion) or where its DELETE is known to be soft.
  const vendorWay = base.deactivateWith === 'delete'
  if (profile.deactivateWith === 'delete' && profile.deletes !== 'soft' && !vendorWay) {
    return err('deactivateWith "delete" is allowed only where DELETE is soft (deletes "soft")')
  }
  return ok(profile)
}

function groupSupport(entry: CatalogEntry): ScimConnectorProfile['groups'] {
  if (!entry.groups.supported || !entry.operations.includes('list_groups')) return 'none'
  const manages = entry.operations.includes('manage_groups') && !entry.groups.readOnly
  return manages ? 'full' : 'read_only'
}

/**
 * Members change through the API where the catalog lists membership management or states
 * (documented or assumed, as for Stensul's roles) that grants of its SCIM Groups change by API.
 */
function membershipsOf(entry: CatalogEntry): boolean {
  if (entry.operations.includes('manage_memberships')) return true
  const type = entitlementTypeOf(entry, 'scim_groups')
  return type !== undefined && grantChangesOf(type) === 'api'
}

/**
 * What the connector implements for a profile. GET by id is always there: RFC 7644 §3.4.1 makes
 * it part of every service provider, and Okta's and Entra's provisioning (which Sana supports)
 * depend on it; deactivation needs it to tell "already inactive" from "gone".
 */
export function scimCapabilities(profile: ScimConnectorProfile): Capability[] {
  const capabilities: Capability[] = [
    'list_accounts',
    'get_account',
    'create_account',
    'update_account',
    'deactivate_account',
  ]
  if (profile.reactivates && profile.deactivateWith !== 'delete') {
    capabilities.push('reactivate_account')
  }
  if (profile.deletes !== 'unsupported') capabilities.push('delete_account')
  if (profile.groups !== 'none') capabilities.push('list_groups', 'list_entitlements')
  if (profile.groups === 'full') capabilities.push('manage_groups')
  if (profile.memberships) capabilities.push('manage_memberships', 'manage_grants')
  return capabilities
}

/** What the app's /ServiceProviderConfig and /Schemas said (RFC 7643 §5, §7). */
export type Discovered = {
  readonly patch?: boolean
  readonly filter?: { readonly supported: boolean; readonly maxResults?: number }
  readonly bulk?: { readonly supported: boolean; readonly maxOperations?: number }
  readonly userAttributes?: ReadonlySet<string>
}

/**
 * Adapts a profile to what the app announced: no PATCH means PUT, no filter means lookups by
 * scanning, `filter.maxResults` caps the page size. Overrides the admin wrote still win where the
 * app's announcement would make them impossible only (PATCH and filters it does not have).
 */
export function adaptProfile(
  profile: ScimConnectorProfile,
  discovered: Discovered,
): ScimConnectorProfile {
  const patch = discovered.patch !== false
  const maxResults = discovered.filter?.maxResults
  return {
    ...profile,
    updateWith: patch ? profile.updateWith : 'put',
    deactivateWith: !patch && profile.deactivateWith === 'patch' ? 'put' : profile.deactivateWith,
    filters: profile.filters && discovered.filter?.supported !== false,
    lookupFilters: usableLookups(profile.lookupFilters, discovered.userAttributes),
    pageSize:
      maxResults !== undefined && maxResults > 0
        ? Math.min(profile.pageSize, maxResults)
        : profile.pageSize,
    bulk: discovered.bulk ?? profile.bulk,
    ...(discovered.userAttributes ? { userAttributes: discovered.userAttributes } : {}),
  }
}

/** `emails` is a User schema attribute; an app whose schema lacks it cannot filter on it. */
function usableLookups(
  lookups: ScimConnectorProfile['lookupFilters'],
  attributes: ReadonlySet<string> | undefined,
): ScimConnectorProfile['lookupFilters'] {
  if (!attributes) return lookups
  const usable = lookups.filter((name) => name !== 'emails' || attributes.has('emails'))
  return usable.length > 0 ? usable : ['userName']
}
