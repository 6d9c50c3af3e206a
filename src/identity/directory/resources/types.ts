import type { Db } from '../../../platform/store/index.js'
import type { AttrPath, Filter } from '../../../protocol/scim/filter/ast.js'
import type { ResourceSchema, ScimResource } from '../../../protocol/scim/schemas/index.js'
import type { ResourceKind } from '../../../protocol/scim-sql/index.js'

/** A resource as stored: canonical SCIM JSON (no id/meta) plus server-kept metadata. */
export type StoredResource = {
  readonly id: string
  /** Users: without `groups` (see `groups` below). Groups: with `members` when loaded. */
  readonly resource: ScimResource
  /**
   * Users read from the database: the stored resource as JSON text, so a response can splice it
   * in without a parse/stringify round trip (serialize.ts). Absent on records built in memory;
   * never copy it onto a record with another `resource`.
   */
  readonly json?: string
  readonly version: number
  readonly created: string
  readonly lastModified: string
  /** Users only: the groups the user belongs to (RFC 7643 §4.1.2, readOnly), when loaded. */
  readonly groups?: readonly GroupRef[]
}

/** A group a user belongs to: "direct" as a member itself, "indirect" through nested groups. */
export type GroupRef = {
  readonly value: string
  readonly display: string
  readonly type: 'direct' | 'indirect'
}

export type ListQuery = {
  readonly filter?: Filter
  readonly sortBy?: AttrPath
  readonly sortOrder?: 'ascending' | 'descending'
  /** 0-based offset (startIndex - 1). */
  readonly offset: number
  /** Page size; 0 returns the total only (RFC 7644 §3.4.2.4). */
  readonly limit: number
  /** Load group memberships (users) or members (groups) of the page. */
  readonly withRelated: boolean
  /**
   * Set for a list of the whole directory in id order (no filter, no sortBy): its exact size and
   * roster version (roster.ts), so no COUNT(*) runs and deep pages can start from a page anchor.
   */
  readonly roster?: { readonly total: number; readonly version: number }
}

export type ListResult = { readonly total: number; readonly items: readonly StoredResource[] }

/** Rows ⇄ resources for one resource type, inside a directory. */
export interface ResourceRepository {
  readonly kind: ResourceKind
  readonly schema: ResourceSchema
  load(
    db: Db,
    directoryId: string,
    id: string,
    options: { withRelated: boolean; forUpdate?: boolean },
  ): Promise<StoredResource | undefined>
  insert(db: Db, directoryId: string, record: StoredResource): Promise<void>
  update(
    db: Db,
    directoryId: string,
    record: StoredResource,
    previous: StoredResource,
  ): Promise<void>
  remove(db: Db, directoryId: string, id: string): Promise<void>
  list(db: Db, directoryId: string, query: ListQuery): Promise<ListResult>
}
