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

/** A refresh's entitlement figures, kept in the snapshot's counts beside the account figures. */
export type EntitlementCounts = {
  readonly entitlements: number
  readonly grantsSeen: number
  readonly grantsAdded: number
  readonly grantsRemoved: number
}
