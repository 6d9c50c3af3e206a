import type { PatchPath } from '../filter/index.js'
import type { SchemaAliases } from '../schemas/index.js'

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
  /**
   * A `replace` whose value filter selects no value (`emails[type eq "work"].value` on a user
   * without a work email): RFC 7644 §3.5.2.3 answers 400 noTarget (the default); `create` adds
   * the value the filter describes instead, as Entra ID expects.
   */
  readonly replaceWithoutMatch?: 'noTarget' | 'create'
  /** Other spellings of schema URNs the directory accepts in paths (ENTRA_SCHEMA_ALIASES). */
  readonly schemaAliases?: SchemaAliases
}
