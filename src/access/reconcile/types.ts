import type { EntitlementKind } from '../../integrations/catalog/index.js'
import type {
  AccountChanges,
  Capability,
  NewAccount,
  TaskAction,
} from '../../integrations/connectors/index.js'
import type { Actor } from '../../platform/audit/index.js'
import type { PlanStatus } from './plan-status.js'

/**
 * What reconciliation says about one (person, app) pair, or one account nobody is linked to:
 * `missing` (should have an active account, hasn't), `drifted` (an attribute differs from its
 * mapping), `residual` (left or unassigned, account still active, or due for deletion), `orphan`
 * (an account linked to nobody), `ambiguous` (several people could be the owner).
 */
export type FindingKind = AccountFindingKind | GrantFindingKind

export type AccountFindingKind = 'missing' | 'drifted' | 'residual' | 'orphan' | 'ambiguous'

/**
 * What reconciliation says about one (holder, entitlement) pair of an app (issue 15):
 * `missing_grant` (a rule grants it, the person's account lacks it), `excess_grant` (held, but
 * no rule grants it and no exception keeps it), `privileged_grant` (an excess grant of a
 * privileged entitlement: the same, louder, and its removal waits for approval),
 * `residual_grant` (held by an account that is an orphan or residual: it goes with the account).
 */
export type GrantFindingKind =
  | 'missing_grant'
  | 'excess_grant'
  | 'privileged_grant'
  | 'residual_grant'

/** Every pair is classified; in-sync pairs have no finding. */
export type PairClass = 'in_sync' | FindingKind

export const FINDING_KINDS: readonly FindingKind[] = [
  'missing',
  'drifted',
  'residual',
  'orphan',
  'ambiguous',
  'missing_grant',
  'excess_grant',
  'privileged_grant',
  'residual_grant',
]

export const GRANT_FINDING_KINDS: readonly GrantFindingKind[] = [
  'missing_grant',
  'excess_grant',
  'privileged_grant',
  'residual_grant',
]

/** A finding as reconciliation produces it (before it is stored with its first-seen time). */
export type FindingDraft = {
  readonly appId: string
  readonly kind: FindingKind
  /** The person id, or `account:<id>` for orphan and ambiguous accounts. */
  readonly subjectKey: string
  readonly personId: string | null
  readonly accountId: string | null
  /** Which rule, which values, since when: what a person needs to judge it. */
  readonly evidence: Readonly<Record<string, unknown>>
}

/** A stored finding: the draft plus since when it holds. */
export type Finding = FindingDraft & {
  readonly personEmail: string | null
  readonly since: string
  readonly lastSeenAt: string
}

export type OperationKind =
  | 'create'
  | 'update'
  | 'deactivate'
  | 'reactivate'
  | 'delete'
  | 'task'
  | 'add_grant'
  | 'remove_grant'

/**
 * The entitlement a grant operation adds or removes, as the plan shows it and apply needs it
 * (the app's own id for the connector, our id for the graph, the words for a person).
 */
export type GrantTarget = {
  readonly entitlementId: string
  readonly remoteId: string
  readonly displayName: string
  readonly kind: EntitlementKind
  readonly privileged: boolean
}

/**
 * `planned`: ready to apply; `held`: waits for a person (safety rule or approval policy);
 * `approved` / `rejected`: a person decided. Apply (src/access/apply) moves an operation on to
 * `running` (a job has it), then `applied`, `failed` (with the reason) or `skipped` (an earlier
 * plan already carried out the same intent, by idempotency key).
 */
export type OperationStatus =
  | 'planned'
  | 'held'
  | 'approved'
  | 'rejected'
  | 'running'
  | 'applied'
  | 'failed'
  | 'skipped'
  /** Held, and nobody decided within `lifecycle.approvalExpiryHours`: never applied. */
  | 'expired'

/**
 * What an operation carries to the connector. A create carries the grants the new account gets
 * (added right after it exists, by the same job: an account and its birthright roles are one
 * step, approved and retried together); a deactivation or deletion carries the grants removed
 * first, where the app keeps grants on a deactivated account (issue 15: "remove grants before
 * deactivation"). Grants of an account that exists and stays are their own operations.
 */
export type OperationPayload =
  | {
      readonly kind: 'create'
      readonly account: NewAccount
      readonly grants?: readonly GrantTarget[]
    }
  | { readonly kind: 'update'; readonly changes: AccountChanges }
  | {
      readonly kind: 'reactivate'
      readonly changes?: AccountChanges
      readonly grants?: readonly GrantTarget[]
    }
  | { readonly kind: 'deactivate' | 'delete'; readonly grants?: readonly GrantTarget[] }
  | { readonly kind: 'add_grant' | 'remove_grant'; readonly entitlement: GrantTarget }
  | {
      readonly kind: 'task'
      readonly action: TaskAction
      readonly appName: string
      readonly person: { readonly email: string; readonly displayName?: string }
      readonly instructions: string
      readonly account?: NewAccount
      /** The grants the task asks for (create) or takes away (deactivate/delete). */
      readonly grants?: readonly GrantTarget[]
    }

/** An operation as the planner makes it, before it has an id and a status. */
export type OperationDraft = {
  readonly appId: string
  readonly kind: OperationKind
  /** The connector capability that carries it out; what apply dispatches on. */
  readonly capability: Capability
  readonly findingKind: FindingKind
  readonly personId: string | null
  readonly personEmail: string | null
  readonly accountId: string | null
  readonly remoteId: string | null
  readonly payload: OperationPayload
  /**
   * The same intent gives the same key, across plans: a second plan that wants the same step
   * (or a retried job) must not open a second task or create a second account.
   */
  readonly idempotencyKey: string
  /** Set when policy says this kind always waits for approval. */
  readonly needsApproval?: string
}

export type Operation = OperationDraft & {
  readonly id: string
  readonly planId: string
  readonly position: number
  readonly status: OperationStatus
  readonly holdReason: string | null
  readonly decidedBy: Actor | null
  readonly decidedAt: string | null
  /** Why the approver decided so (every decision has one). */
  readonly decisionReason?: string | null
  /** When a held operation expires if nobody decides. */
  readonly expiresAt?: string | null
}

/** Which part of the workspace a reconcile run or a plan covers. */
export type Scope = {
  readonly appIds?: readonly string[]
  readonly personId?: string
  /** Plan as if the person were leaving every app (an offboarding preview); needs personId. */
  readonly offboard?: boolean
}

export type ClassCounts = Record<PairClass, number>

export function emptyClassCounts(): ClassCounts {
  return {
    in_sync: 0,
    missing: 0,
    drifted: 0,
    residual: 0,
    orphan: 0,
    ambiguous: 0,
    missing_grant: 0,
    excess_grant: 0,
    privileged_grant: 0,
    residual_grant: 0,
  }
}

/** One app's part of a run: what the safety rule compares the next run with. */
export type AppRunSummary = {
  readonly appId: string
  readonly name: string
  readonly assignment: unknown
  /** People the assignment selected who are active (entitled to an account). */
  readonly entitled: number
  /** Live active accounts of the app in the graph. */
  readonly accounts: number
  readonly counts: ClassCounts
  /** Deactivations and deletions the run would plan. */
  readonly removals: number
  /** Grants the app's accounts hold now (live, of live accounts): the base of grant safety. */
  readonly grants?: number
  /** Grant removals the run would plan (remove_grant operations and grants a deactivation takes). */
  readonly grantRemovals?: number
}

export type RunReport = {
  readonly runId: string
  readonly scope: Scope
  readonly counts: ClassCounts
  readonly apps: readonly AppRunSummary[]
}

/** A plan as the CLI and API show it (DESIGN: `rollcall plan … --json`). */
export type PlanSummary = {
  readonly id: string
  readonly runId: string
  /** Follows the operations (plan-status.ts): ready, held, applying, partly_applied, applied, failed. */
  readonly status: PlanStatus
  /** What the plan does: "Offboard Grace Cerf", "Workspace reconcile", "Reconcile Sana". */
  readonly title: string
  /** Where it stands in words: "72 of 77 applied; 5 held for approval." */
  readonly headline: string
  readonly scope: Scope
  readonly createdAt: string
  readonly counts: Readonly<Record<OperationKind | OperationStatus, number>>
}
