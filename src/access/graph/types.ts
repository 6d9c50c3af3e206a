import type { NameParts, RemoteEmail } from '../../integrations/connectors/index.js'
import type { CorrelationRule } from '../apps/index.js'
import type { EntitlementCounts } from './entitlement-types.js'

/** `linked` to a person, `orphan` (nobody matches) or `ambiguous` (several could, nobody chosen). */
export type LinkState = 'linked' | 'orphan' | 'ambiguous'

/** How a link was made: by a correlation rule, or by a person (never undone by a refresh). */
export type LinkKind = 'rule' | 'manual'

/** What a connector said about an account, kept for drift detection and for the audit trail. */
export type AccountAttributes = {
  readonly userName: string
  readonly externalId?: string
  readonly displayName?: string
  readonly name?: NameParts
  readonly emails: readonly RemoteEmail[]
  readonly raw: Readonly<Record<string, unknown>>
}

/** An account in a connected app, and whose it is. */
export type Account = {
  readonly id: string
  readonly workspaceId: string
  readonly appId: string
  /** The app's own id. */
  readonly remoteId: string
  readonly userName: string
  readonly email: string | null
  readonly active: boolean
  readonly attributes: AccountAttributes
  readonly personId: string | null
  readonly linkState: LinkState
  readonly linkKind: LinkKind | null
  readonly linkRule: CorrelationRule | 'manual' | null
  readonly linkedAt: string | null
  readonly inactiveSince: string | null
  readonly firstSeenAt: string
  readonly removedAt: string | null
  readonly updatedAt: string
}

/** A person an ambiguous account matches, and by which rule. */
export type Candidate = { readonly personId: string; readonly rule: CorrelationRule }

/** Counts of one refresh of an app's accounts. */
export type RefreshCounts = {
  listed: number
  active: number
  created: number
  updated: number
  unchanged: number
  removed: number
  restored: number
  linked: number
  orphan: number
  ambiguous: number
  pages: number
  /** Entitlements and grants listed with the accounts, when the connector lists them. */
  entitlements?: EntitlementCounts
}

export function emptyRefreshCounts(): RefreshCounts {
  return {
    listed: 0,
    active: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    restored: 0,
    linked: 0,
    orphan: 0,
    ambiguous: 0,
    pages: 0,
  }
}

export type RefreshStatus = 'running' | 'succeeded' | 'failed' | 'held'

/** The report of one refresh (a graph snapshot): `rollcall sync`, the scheduler, the API. */
export type RefreshReport = {
  readonly snapshotId: string
  readonly appId: string
  readonly status: RefreshStatus
  readonly counts: RefreshCounts
  /** Why it failed, or why nothing was marked removed (held). */
  readonly error?: { readonly code: string; readonly message: string }
  readonly resumed?: boolean
}

/** One change a refresh (or a person) made to the graph. */
export type AccountChange = {
  readonly snapshotId: string
  readonly accountId: string
  readonly change:
    | 'created'
    | 'updated'
    | 'removed'
    | 'restored'
    | 'linked'
    | 'unlinked'
    | 'ambiguous'
    | 'orphaned'
  readonly before: unknown
  readonly after: unknown
  readonly at: string
}
