import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Db, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { EntitlementChoice } from '../apps/index.js'

/** What access requests need, as narrow ports the composition root fills. */
export type RequestsDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly audit: AuditLog
  readonly events: EventLog
  /** The app (APP_NOT_FOUND outside the workspace): its owner approves by policy. */
  readonly apps: {
    get(
      workspaceId: string,
      appId: string,
    ): Promise<{ id: string; name: string; owner: string | null; catalogId: string }>
  }
  /** The app's entitlements as its listings left them (removed ones too). */
  readonly entitlements: (
    workspaceId: string,
    appId: string,
  ) => Promise<readonly EntitlementChoice[]>
  /** Whether grants of an entitlement kind can change in the app (catalog and connector). */
  readonly grantsChange: (workspaceId: string, appId: string, kind: string) => Promise<boolean>
  /** A person by id or email (GRAPH_PERSON_NOT_FOUND outside the workspace). */
  readonly people: {
    resolve(workspaceId: string, ref: string): Promise<{ id: string; email: string | null }>
  }
  /** Members by email: a policy names only members of the workspace. */
  readonly members: { findByEmail(workspaceId: string, email: string): Promise<unknown> }
  /**
   * Plans the person's access in the app now and applies the plan (reconcile, then apply), so an
   * approval or an early revoke is carried out like any other change; the plan's id.
   */
  readonly planAccess: (
    workspaceId: string,
    scope: { appId: string; personId: string },
    actor: Actor,
  ) => Promise<string>
  /** Where a failed follow-up plan is told (the decision itself stands). */
  readonly log?: { warn(details: object, message: string): void }
}
