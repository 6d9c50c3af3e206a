import type { PeopleService } from '../../identity/people/index.js'
import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Db, Dialect, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { ApplyService } from '../apply/index.js'
import type { AppsService } from '../apps/index.js'
import type { GraphService } from '../graph/index.js'
import type { GrantExceptions, ReconcileService } from '../reconcile/index.js'

/** What access reviews need, each by the narrowest type (STYLE §4.6). */
export type ReviewsDeps = {
  readonly db: Db
  readonly dialect: Dialect
  readonly transact: Transact
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly audit: AuditLog
  readonly events: EventLog
  readonly apps: Pick<AppsService, 'list'>
  readonly people: Pick<PeopleService, 'get'>
  /** Members by id (who decides) and by email (named reviewers must be members). */
  readonly members: {
    findById(id: string): Promise<{ email: string; workspaceId: string } | undefined>
    findByEmail(workspaceId: string, email: string): Promise<{ email: string } | undefined>
  }
  /** Revocations become plans scoped to one person in one app (safety and approvals apply). */
  readonly reconcile: Pick<ReconcileService, 'createPlan'>
  readonly apply: Pick<ApplyService, 'apply'>
  /** Apps are read afresh before their revocations are planned (a stale app plans nothing). */
  readonly graph: Pick<GraphService, 'refreshApp'>
  /** A revoked grant an exception kept: the decision ends the exception (it outranks it). */
  readonly exceptions: Pick<GrantExceptions, 'revoke'>
}

/** Who calls: their permissions and the actor the audit trail records. */
export type Caller = { readonly scopes: readonly string[]; readonly actor: Actor }

/** The worker's actor (defaults at the due date, verification, reminders). */
export const REVIEW_SYSTEM: Actor = { type: 'system', id: 'access-reviews' }
