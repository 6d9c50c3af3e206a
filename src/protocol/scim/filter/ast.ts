/**
 * The abstract syntax of SCIM filters and PATCH paths (RFC 7644 §3.4.2.2 and §3.5.2). Pure data:
 * the parser builds it, the printer prints it, `evaluate` runs it over a resource in memory, and
 * the store translates it to SQL.
 */

/**
 * `attrPath = [URI ":"] ATTRNAME *1subAttr`. `uri` is the schema URN when the path was written
 * with one (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value` →
 * uri=`urn:…:User`, name=`manager`, subAttr=`value`). Names keep the case the client wrote;
 * resolving them against a schema is case-insensitive (RFC 7643 §2.1).
 */
export type AttrPath = {
  readonly uri?: string
  readonly name: string
  readonly subAttr?: string
}

export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le'

/** `compValue = false / null / true / number / string` (RFC 7644 §3.4.2.2). */
export type CompareValue = string | number | boolean | null

export type Filter =
  | {
      readonly kind: 'compare'
      readonly path: AttrPath
      readonly op: CompareOperator
      readonly value: CompareValue
    }
  | { readonly kind: 'present'; readonly path: AttrPath }
  | { readonly kind: 'and'; readonly left: Filter; readonly right: Filter }
  | { readonly kind: 'or'; readonly left: Filter; readonly right: Filter }
  | { readonly kind: 'not'; readonly filter: Filter }
  /**
   * `valuePath = attrPath "[" valFilter "]"`, e.g. `emails[type eq "work" and value co "@acme.com"]`.
   * Paths inside `filter` are relative to one value of the multi-valued attribute: their `name` is
   * a sub-attribute name (`type`, `value`) and they carry no uri.
   */
  | { readonly kind: 'valuePath'; readonly path: AttrPath; readonly filter: Filter }

/**
 * A PATCH path (RFC 7644 §3.5.2): `PATH = attrPath / valuePath [subAttr]`, e.g. `members`,
 * `name.givenName`, `emails[type eq "work"].value`, `members[value eq "2819c223"]`.
 * When `valueFilter` is set, `attrPath.subAttr` is absent and `subAttr` (after the `]`) may be set.
 */
export type PatchPath = {
  readonly attrPath: AttrPath
  readonly valueFilter?: Filter
  readonly subAttr?: string
}
