import type { LineProblem } from '../../../shared/csv-table.js'
import type { Result } from '../../../shared/result.js'
import type { SourceRecord } from '../types.js'

/** Why a listing stopped: a classified connector error, an invalid file, a missing directory. */
export type SyncFailure = { readonly code: string; readonly message: string }

export type RecordPage = {
  readonly records: readonly SourceRecord[]
  /** Opaque; stored as the run's checkpoint so a failed run resumes after the last page. */
  readonly nextCursor?: string
  /** Lines skipped (CSV with skipBadLines): the listing is then not complete. */
  readonly skipped?: readonly LineProblem[]
}

/** A source's full listing, page by page, from a checkpoint. */
export interface FullReader {
  /** Work before the first page, redone on resume (Okta: who is in which group). */
  prepare?(signal?: AbortSignal): Promise<Result<void, SyncFailure>>
  page(cursor: string | undefined, signal?: AbortSignal): Promise<Result<RecordPage, SyncFailure>>
}
