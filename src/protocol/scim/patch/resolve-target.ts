import { err, ok, type Result } from '../../../shared/result.js'
import { type Filter, type PatchPath, printPatchPath } from '../filter/index.js'
import {
  type AttributeDefinition,
  findExtension,
  findSubAttribute,
  type ResourceSchema,
  resolveAttribute,
  type SchemaDefinition,
} from '../schemas/index.js'
import { type ScimError, scimErrors } from '../scim-errors.js'

/**
 * Where an operation acts: one attribute, narrowed for a multi-valued attribute to the values a
 * filter selects, and possibly to one sub-attribute of the value(s).
 */
export type AttributeTarget = {
  /** URN of the extension holding the attribute; undefined for core and common attributes. */
  readonly extension?: string
  readonly definition: AttributeDefinition
  /**
   * `emails[type eq "work"]`: the values selected. On a single-valued complex attribute
   * (`manager[value eq "id"]`) it selects the one value when it matches.
   */
  readonly filter?: Filter
  /**
   * `name.givenName`, `emails[type eq "work"].value`. On a multi-valued attribute without a
   * filter (`emails.value`) it means that sub-attribute of every value.
   */
  readonly sub?: AttributeDefinition
  /** The path in canonical text, for error details. */
  readonly label: string
}

export type Resolution =
  | { readonly kind: 'attribute'; readonly target: AttributeTarget }
  /** The path is an extension's URN: the operation applies to that extension's attributes. */
  | { readonly kind: 'extension'; readonly extension: SchemaDefinition }
  /** An attribute the resource type does not define (see `applyPatch` for why it is ignored). */
  | { readonly kind: 'unknown' }

const UNKNOWN: Result<Resolution, ScimError> = ok({ kind: 'unknown' })

/**
 * Resolves a parsed PATCH path (RFC 7644 §3.5.2) against a resource type. Names match ignoring
 * case (RFC 7643 §2.1); `displayName` reads as `display` where only that exists (Entra members).
 * Fails only for paths that cannot make sense whatever the data: a value filter on a
 * single-valued attribute (invalidPath).
 */
export function resolveTarget(
  path: PatchPath,
  schema: ResourceSchema,
): Result<Resolution, ScimError> {
  const label = printPatchPath(path)
  const { attrPath, valueFilter } = path
  const extension = wholeExtension(path, schema)
  if (extension) return ok({ kind: 'extension', extension })
  const located = resolveAttribute(
    schema,
    { ...(attrPath.uri !== undefined ? { uri: attrPath.uri } : {}), name: attrPath.name },
    { unqualifiedExtensions: true },
  )
  if (!located) return UNKNOWN
  const { definition } = located
  // A value filter selects values of a multi-valued attribute, or the one value of a complex
  // attribute (Entra removes a manager with `manager[value eq "id"]`).
  const filterable = definition.multiValued || definition.type === 'complex'
  if (valueFilter && (!filterable || attrPath.subAttr !== undefined)) {
    return err(
      scimErrors.invalidPath(
        `'${label}': a value filter applies to multi-valued or complex attributes only.`,
      ),
    )
  }
  const subName = attrPath.subAttr ?? path.subAttr
  const sub =
    subName === undefined ? undefined : findSubAttribute(definition.subAttributes ?? [], subName)
  if (subName !== undefined && !sub) return UNKNOWN
  const target: AttributeTarget = {
    ...(located.isExtension ? { extension: located.schemaUri } : {}),
    definition,
    ...(valueFilter ? { filter: valueFilter } : {}),
    ...(sub ? { sub } : {}),
    label,
  }
  return ok({ kind: 'attribute', target })
}

/**
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` as a path: the attribute-path
 * grammar reads it as URI `…:2.0` plus attribute `User`, so the two are put back together.
 */
function wholeExtension(path: PatchPath, schema: ResourceSchema): SchemaDefinition | undefined {
  const { attrPath } = path
  if (attrPath.uri === undefined || attrPath.subAttr !== undefined) return undefined
  if (path.valueFilter !== undefined || path.subAttr !== undefined) return undefined
  return findExtension(schema, `${attrPath.uri}:${attrPath.name}`)
}
