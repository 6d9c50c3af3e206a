import type { EntitlementKind } from '../../catalog/index.js'
import type { TaskAction } from '../connector.js'

/**
 * The port the manual connector writes to (STYLE §4.6: ports are declared by the consumer). The
 * tasks domain implements it on the database; the composition root plugs one into the other.
 */
export interface TaskSink {
  /**
   * Opens a task once per idempotency key. A repeat of the same key returns the task opened the
   * first time with `created: false`, whatever it says this time.
   */
  openTask(task: OpenTask): Promise<{ readonly taskId: string; readonly created: boolean }>
  /**
   * The accounts an app's owner confirmed by completing tasks: one per person, as the latest
   * completed task left it (deleted ones included, so a page is `limit` long unless it is the
   * last), in email order after `after`. A removal counts only once an account import verified
   * it (issue 8): until then the owner's word keeps the residual finding open.
   */
  confirmedAccounts(query: ConfirmedAccountsQuery): Promise<readonly ConfirmedAccount[]>
}

export type OpenTask = {
  readonly workspaceId: string
  readonly appId: string
  readonly action: TaskAction
  /** Whose account the task is about. */
  readonly personEmail: string
  /** Who does it: the app's owner. */
  readonly assignee: string
  readonly details: TaskDetails
  /** When it is due; absent, the sink decides (the app's SLA, else `defaultDueAt`). */
  readonly dueAt?: Date
  readonly idempotencyKey: string
}

/** What the person doing the task reads. */
export type TaskDetails = {
  readonly appName: string
  readonly instructions: string
  readonly displayName?: string
  readonly accountId?: string
  /** For grant tasks: the entitlement to add the person to or remove them from. */
  readonly entitlement?: {
    readonly id: string
    readonly displayName: string
    readonly kind?: EntitlementKind
  }
}

export type ConfirmedAccountsQuery = {
  readonly workspaceId: string
  readonly appId: string
  /** Exclusive lower bound on the person's email (the previous page's last one). */
  readonly after?: string
  readonly limit: number
}

export type ConfirmedAccount = {
  readonly personEmail: string
  readonly accountId?: string
  readonly displayName?: string
  /** What the latest completed create, reactivate, deactivate or delete task left. */
  readonly state: 'active' | 'inactive' | 'deleted'
  /** When the owner marked the task that decided this state done. */
  readonly confirmedAt: string
}
