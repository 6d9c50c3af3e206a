import type { PatchPath } from '../filter/index.js'

/** The three operations of RFC 7644 §3.5.2; `op` is matched ignoring case on input. */
export type PatchOp = 'add' | 'replace' | 'remove'

/**
 * One validated PATCH operation (RFC 7644 §3.5.2). `path` is already parsed; `value` is the
 * client's JSON as sent (possibly `null`), normalized only when applied against a schema.
 */
export type PatchOperation = {
  readonly op: PatchOp
  readonly path?: PatchPath
  readonly value?: unknown
}

/** What `applyPatch` needs to know about the target resource beyond its attributes. */
export type PatchContext = {
  /** The resource's own id: `{"id": <this>}` inside a replace is tolerated (Okta group rename). */
  readonly id: string
}
