import type { Actor } from '../../platform/audit/index.js'
import type { ScimResource } from '../../protocol/scim/schemas/index.js'

export type SourceKind = 'okta' | 'scim' | 'csv'

/** `gone`: every source that contributed the person says they left (safety rule in full-sync.ts). */
export type PersonStatus = 'active' | 'inactive' | 'gone'

/** A person: a canonical SCIM User (core + enterprise, `groups` as [{value, display}]). */
export type Person = {
  readonly id: string
  readonly workspaceId: string
  readonly userName: string
  readonly externalId: string | null
  readonly displayName: string | null
  readonly primaryEmail: string | null
  readonly active: boolean
  readonly status: PersonStatus
  readonly goneAt: string | null
  readonly resource: ScimResource
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
}

/** One person as one source sees them: the source's own key and a normalised SCIM User. */
export type SourceRecord = {
  readonly key: string
  readonly resource: ScimResource
}

/** What applying one record did. */
export type ApplyOutcome = 'created' | 'updated' | 'unchanged' | 'ambiguous'

/** Counts of a sync run, per source. */
export type SyncCounts = {
  seen: number
  created: number
  updated: number
  unchanged: number
  ambiguous: number
  gone: number
  skipped: number
  pages: number
}

export function emptyCounts(): SyncCounts {
  return {
    seen: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    ambiguous: 0,
    gone: 0,
    skipped: 0,
    pages: 0,
  }
}

export type SyncMode = 'full' | 'incremental' | 'events'

export type SyncStatus = 'running' | 'succeeded' | 'failed' | 'held'

/** The report of one sync run (CLI `sync --json`, `/api/sources/:id/sync`). */
export type SyncReport = {
  readonly runId: string
  readonly sourceId: string
  readonly kind: SourceKind
  readonly mode: SyncMode
  readonly status: SyncStatus
  readonly counts: SyncCounts
  /** Why the run failed or was held; nothing was marked gone in either case. */
  readonly error?: { readonly code: string; readonly message: string }
  /** A resumed run continues from the checkpoint of a failed one. */
  readonly resumed?: boolean
  readonly warnings?: readonly string[]
}

/** Progress of a running sync, for a terminal display. */
export type SyncProgress = {
  readonly sourceId: string
  readonly phase: 'listing' | 'marking_gone' | 'done'
  readonly counts: SyncCounts
}

export type SourceRef = {
  readonly id: string
  readonly workspaceId: string
  readonly kind: SourceKind
}

/** Who is writing: which source, in which sync run (null for event-driven changes), as whom. */
export type ApplyContext = {
  readonly source: SourceRef
  readonly runId: string | null
  readonly actor: Actor
}
