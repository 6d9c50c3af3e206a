import { type ApiClient, withQuery } from './client.js'
import type { EntitlementGrants, EntitlementKind, EntitlementList, PersonAccess } from './types.js'

/**
 * The entitlements API of issue 15 (docs: the entitlements wire contract): an app's
 * entitlements, the members of one, and a person's access across apps. Paths are exported
 * too: a path is the key `useResource` reloads on.
 */

/** What the entitlements of an app are narrowed by; empty values are left out of the query. */
export type EntitlementFilter = {
  readonly kind?: EntitlementKind | ''
  /** Text in the display name. */
  readonly q?: string
  /** Also those a complete listing no longer returned (`include=removed`). */
  readonly includeRemoved?: boolean
}

export function entitlementsPath(appId: string, filter: EntitlementFilter = {}): string {
  return withQuery(`/api/apps/${encodeURIComponent(appId)}/entitlements`, {
    kind: filter.kind,
    q: filter.q?.trim(),
    include: filter.includeRemoved ? 'removed' : undefined,
  })
}

export function entitlementGrantsPath(appId: string, entitlementId: string): string {
  return `/api/apps/${encodeURIComponent(appId)}/entitlements/${encodeURIComponent(entitlementId)}/grants`
}

export function personAccessPath(personId: string): string {
  return `/api/people/${encodeURIComponent(personId)}/access`
}

/** GET /api/apps/:appId/entitlements, ordered by display name. */
export function listEntitlements(
  api: ApiClient,
  appId: string,
  filter: EntitlementFilter = {},
): Promise<EntitlementList> {
  return api.get<EntitlementList>(entitlementsPath(appId, filter))
}

/** GET /api/apps/:appId/entitlements/:entitlementId/grants: the entitlement and its members. */
export function listEntitlementGrants(
  api: ApiClient,
  appId: string,
  entitlementId: string,
): Promise<EntitlementGrants> {
  return api.get<EntitlementGrants>(entitlementGrantsPath(appId, entitlementId))
}

/** GET /api/people/:personId/access: every account and grant of the person, by app. */
export function getPersonAccess(api: ApiClient, personId: string): Promise<PersonAccess> {
  return api.get<PersonAccess>(personAccessPath(personId))
}
