/**
 * A person's trace (issue 17): what Rollcall did to one person, step by step, and what each app
 * answered, as one time-ordered list (Entra's provisioning logs per object are the comparison).
 */

/** What an entry records. */
export type TraceKind =
  /** A source changed the person (created, updated, deactivated, gone). */
  | 'sync'
  /** Correlation linked, unlinked or could not decide an account of the person. */
  | 'link'
  /** Reconciliation opened or resolved a finding about the person in an app. */
  | 'finding'
  /** A plan operation: planned, held, decided, applied or failed, with the app's answer. */
  | 'operation'
  /** A task for a person in an app without an API: opened, done, verified. */
  | 'task'
  /** A refresh of the app's accounts showed the change (or the account as it now is). */
  | 'verification'
  /** Offboarding, onboarding, reinstatement, leaving and the residual-access window. */
  | 'departure'

/** The ids an entry is about, each a link in the console. */
export type TraceIds = {
  readonly personId?: string
  readonly accountId?: string
  readonly runId?: string
  readonly planId?: string
  readonly operationId?: string
  readonly taskId?: string
  readonly snapshotId?: string
  readonly sourceId?: string
  readonly eventId?: string
}

/** What the app answered to an operation (the last attempt's failure, or the outcome). */
export type AppResponse = {
  readonly ok: boolean
  /** The HTTP status the app answered with, when the connector saw one (failures only today). */
  readonly status: number | null
  /** The connector's classification: `conflict`, `forbidden`, `transient`, ... */
  readonly class: string | null
  readonly code: string | null
  readonly message: string | null
  /** `already_exists`, `already_gone`, `no_change`, `task_opened`. */
  readonly marker: string | null
}

/** One step of the trace, as the API and the CLI show it. */
export type TraceEntry = {
  /** Unique and stable: where the entry comes from and its id there (the cursor names it). */
  readonly key: string
  readonly at: string
  readonly kind: TraceKind
  readonly app: { readonly id: string; readonly name: string } | null
  /** What happened, in words, with names rather than ids. */
  readonly summary: string
  /** The step's state after this entry: planned, held, approved, applied, failed, verified, ... */
  readonly status: string | null
  readonly response?: AppResponse
  readonly attempts?: number
  readonly ids: TraceIds
  readonly detail: Readonly<Record<string, unknown>>
}

/** An entry as a store reads it: the app by id (names are added once per page). */
export type TraceDraft = Omit<TraceEntry, 'app' | 'summary'> & {
  readonly appId: string | null
  /** Words with `{app}` where the app's name goes. */
  readonly words: string
}

/** Which part of the trace to read; `before` is the decoded cursor. */
export type TraceWindow = {
  readonly appId?: string
  readonly since?: string
  readonly before?: TraceCursor
  readonly limit: number
}

/** Where the previous page stopped: the last entry's time and key. */
export type TraceCursor = { readonly at: string; readonly key: string }

/** One page of a trace, newest first. */
export type TracePage = {
  readonly person: {
    readonly id: string
    readonly email: string | null
    readonly userName: string
    readonly displayName: string | null
  }
  readonly entries: readonly TraceEntry[]
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  readonly nextCursor?: string
}
