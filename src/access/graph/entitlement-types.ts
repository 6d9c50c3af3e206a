import type { EntitlementKind } from '../../integrations/catalog/index.js'

/**
 * Entitlements and grants as the graph keeps them (issue 15): an app's groups, roles, licenses
 * and permissions, and which account holds which. Refreshed with the accounts by the same
 * listing; `removedAt` is set when a complete listing no longer returned it.
 */
export type Entitlement = {
  readonly id: string
  readonly workspaceId: string
  readonly appId: string
  /** The app's own id for it. */
  readonly remoteId: string
  readonly kind: EntitlementKind
  readonly displayName: string
  readonly description: string | null
  /** Privileged by the app's catalog facts (admin, owner…) or as the app reported it. */
  readonly privileged: boolean
  readonly firstSeenAt: string
  readonly removedAt: string | null
}

/** An account holds an entitlement. */
export type Grant = {
  readonly id: string
  readonly workspaceId: string
  readonly appId: string
  readonly entitlementId: string
  readonly accountId: string
  readonly firstSeenAt: string
  readonly removedAt: string | null
}

/** What one refresh changed in an app's grants (grant_changes). */
export type GrantChangeKind = 'added' | 'removed' | 'restored'

/** One row of `grant_changes`: a grant a refresh added, removed or restored. */
export type GrantChange = {
  readonly snapshotId: string
  readonly entitlementId: string
  readonly accountId: string
  readonly change: GrantChangeKind
  readonly at: string
}

/**
 * A refresh's entitlement figures, kept in the snapshot's counts beside the account figures
 * (`counts.entitlements`, present when the app's connector lists entitlements). Written with
 * each page, so a resumed refresh goes on counting where the killed one stopped.
 */
export type EntitlementCounts = {
  /** Entitlements the listing returned. */
  entitlements: number
  entitlementsRemoved: number
  /** Grants the listing returned that tie a listed account to a listed entitlement. */
  grantsSeen: number
  grantsAdded: number
  grantsRemoved: number
  grantsRestored: number
  /** Grants naming an account (or entitlement) the listing did not return: never invented. */
  grantsSkipped: number
  entitlementPages: number
  grantPages: number
}

export function emptyEntitlementCounts(): EntitlementCounts {
  return {
    entitlements: 0,
    entitlementsRemoved: 0,
    grantsSeen: 0,
    grantsAdded: 0,
    grantsRemoved: 0,
    grantsRestored: 0,
    grantsSkipped: 0,
    entitlementPages: 0,
    grantPages: 0,
  }
}
