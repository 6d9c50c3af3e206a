import {
  type AttributeDefinition,
  attribute,
  findAttribute,
  type ResolvedAttribute,
  type ResourceSchema,
  resolveAttribute,
} from '../schemas/index.js'
import type { AttrPath } from './ast.js'

/**
 * What a filter path points at, shared by `evaluate` and `checkFilterOperators` so that what the
 * checker refuses is exactly what evaluation can never match.
 */

/**
 * RFC 7643 §3: every resource carries `schemas`, and RFC 7644 §3.4.2.2 lets clients filter on it
 * (Figure 2), but it sits outside any schema's attribute list, so `resolveAttribute` does not know it.
 */
const schemasAttribute: AttributeDefinition = attribute(
  'schemas',
  'reference',
  'The schema URIs of the resource.',
  { multiValued: true, referenceTypes: ['uri'] },
)

/** Resolves a top-level filter path; undefined for attributes the resource type does not have. */
export function resolveFilterPath(
  schema: ResourceSchema,
  path: AttrPath,
): ResolvedAttribute | undefined {
  const resolved = resolveAttribute(schema, path)
  if (resolved) return resolved
  const isSchemas = path.uri === undefined && path.subAttr === undefined
  return isSchemas && path.name.toLowerCase() === 'schemas'
    ? { schemaUri: schema.core.id, isExtension: false, definition: schemasAttribute }
    : undefined
}

/**
 * Resolves a path inside `attr[…]` against one value of `attribute`: a sub-attribute of a complex
 * attribute, or, for a multi-valued attribute of simple values (`schemas`), `value` meaning the
 * value itself (the convention of RFC 7644 §3.5.2.2's `members[value eq "…"]`).
 */
export function resolveValueFilterPath(
  parent: AttributeDefinition,
  path: AttrPath,
): AttributeDefinition | undefined {
  if (path.uri !== undefined || path.subAttr !== undefined) return undefined
  if (parent.type === 'complex') return findAttribute(parent.subAttributes, path.name)
  return path.name.toLowerCase() === 'value' ? parent : undefined
}

/**
 * The attribute a comparison reads. RFC 7644 §3.4.2.2: "For complex attributes, a fully qualified
 * sub-attribute MUST be specified", so a bare complex attribute has none, except that a
 * multi-valued one compares its `value` sub-attribute (`emails eq "x"` ≡ `emails.value eq "x"`).
 */
export function comparedAttribute(resolved: ResolvedAttribute): ResolvedAttribute | undefined {
  if (resolved.subDefinition !== undefined || resolved.definition.type !== 'complex') {
    return resolved
  }
  if (!resolved.definition.multiValued) return undefined
  const value = findAttribute(resolved.definition.subAttributes, 'value')
  return value ? { ...resolved, subDefinition: value } : undefined
}
