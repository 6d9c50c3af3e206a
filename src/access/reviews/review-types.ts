import type { Actor } from '../../platform/audit/index.js'

/** What a campaign reviews; every key narrows it (at least one is required). */
export type ReviewScope = {
  /** Only these apps (ids). */
  readonly apps?: readonly string[]
  /** Only grants of these entitlements (ids); accounts are then not items. */
  readonly entitlements?: readonly string[]
  /** Only grants of privileged entitlements; accounts are then not items. */
  readonly privilegedOnly?: boolean
  /** Only the people this SCIM filter selects (as grant rules and assignments read it). */
  readonly people?: string
}

/** Who decides an item: the app's owner, the person's manager, or named members (any of them). */
export type ReviewersSpec =
  | { readonly type: 'app_owner' }
  | { readonly type: 'manager' }
  | { readonly type: 'members'; readonly emails: readonly string[] }

export type Decision = 'keep' | 'revoke' | 'modify'
export type ReviewStatus = 'open' | 'closed' | 'completed'
export type RevocationStatus = 'pending' | 'awaiting_verification' | 'verified'

/** Why an account or grant exists, as the campaign saw it when it was created. */
export type ItemEvidence = {
  /** `rule`, `exception`, `request` (an approved access request's override) or `none`; accounts: `link`. */
  readonly reason: 'rule' | 'exception' | 'request' | 'revoked' | 'none' | 'link'
  readonly words: string
  readonly rule?: { readonly id: string; readonly text: string }
  readonly exception?: { readonly id: string; readonly reason: string; readonly expiresAt: string }
  readonly request?: {
    readonly overrideId: string
    readonly requestId: string
    readonly until: string | null
  }
  /** When the app last reported a sign-in, where it does (else null). */
  readonly lastLoginAt: string | null
  /** Accounts: first seen in the app; grants: first seen held. */
  readonly since: string
  readonly linkRule?: string | null
}

export type Review = {
  readonly id: string
  readonly name: string
  readonly scope: ReviewScope
  readonly reviewers: ReviewersSpec
  readonly dueAt: string
  readonly defaultDecision: 'keep' | 'revoke'
  readonly remindAt: string
  readonly status: ReviewStatus
  readonly createdBy: Actor
  readonly createdAt: string
  readonly closedAt: string | null
  readonly completedAt: string | null
  readonly progress: ReviewProgress
}

export type ReviewProgress = {
  readonly items: number
  readonly decided: number
  readonly undecided: number
  readonly kept: number
  readonly revoked: number
  readonly awaitingVerification: number
  readonly verified: number
}

export type ReviewItem = {
  readonly id: string
  readonly position: number
  readonly kind: 'account' | 'grant'
  readonly app: { readonly id: string; readonly name: string }
  readonly person: { readonly id: string; readonly email: string | null }
  readonly account: { readonly id: string; readonly userName: string }
  readonly entitlement: {
    readonly id: string
    readonly name: string
    readonly privileged: boolean
  } | null
  readonly grantId: string | null
  readonly reviewer: string | null
  readonly evidence: ItemEvidence
  readonly decision: Decision | null
  readonly reason: string | null
  readonly note: string | null
  readonly decidedBy: { readonly actor: Actor; readonly email: string | null } | null
  readonly decidedAt: string | null
  readonly byDefault: boolean
  readonly revocation: RevocationStatus | null
  readonly planId: string | null
  readonly verifiedAt: string | null
}

/** Filters of a campaign's items (the reviewer's queue, bulk decisions). */
export type ItemFilter = {
  readonly appId?: string
  readonly entitlementId?: string
  readonly personId?: string
  readonly kind?: 'account' | 'grant'
  readonly reasonKind?: string
  /** `undecided`, `decided`, a decision, or a revocation status. */
  readonly status?: string
  /** Items this member (lower-cased email) reviews: assigned to them, or to the named reviewers. */
  readonly reviewer?: string
}
