import { err, ok, type Result } from '../../../shared/result.js'
import type { AttributeDefinition, ResourceSchema } from '../schemas/index.js'
import { type ScimError, scimErrors } from '../scim-errors.js'
import type { AttrPath, CompareOperator, CompareValue, Filter } from './ast.js'
import { supportsOperator } from './compare.js'
import { comparedAttribute, resolveFilterPath, resolveValueFilterPath } from './filter-target.js'
import { printAttrPath } from './print.js'

/** Where the paths of a (sub)filter resolve: the resource type, or one multi-valued attribute. */
type Scope =
  | { readonly kind: 'resource'; readonly schema: ResourceSchema }
  | { readonly kind: 'value'; readonly parent: AttributeDefinition }

/**
 * Finds comparisons RFC 7644 calls errors rather than non-matches: ordering a boolean or binary
 * attribute, comparing a complex attribute without a sub-attribute, `co`/`sw`/`ew` on non-text,
 * ordering against null (§3.4.2.2, §3.12 Table 9 "comparison combination is not supported").
 * Unknown attributes are left alone: they simply match nothing.
 */
export function checkFilterOperators(
  filter: Filter,
  schema: ResourceSchema,
): Result<true, ScimError> {
  const problem = findProblem(filter, { kind: 'resource', schema })
  return problem === undefined ? ok(true) : err(scimErrors.invalidFilter(problem))
}

function findProblem(filter: Filter, scope: Scope): string | undefined {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return findProblem(filter.left, scope) ?? findProblem(filter.right, scope)
    case 'not':
      return findProblem(filter.filter, scope)
    case 'present':
      return undefined
    case 'compare':
      return compareProblem(filter.path, filter.op, filter.value, scope)
    case 'valuePath': {
      if (scope.kind === 'value') return 'value filters cannot be nested'
      const resolved = resolveFilterPath(scope.schema, filter.path)
      if (!resolved) return undefined
      return findProblem(filter.filter, { kind: 'value', parent: resolved.definition })
    }
  }
}

function compareProblem(
  path: AttrPath,
  op: CompareOperator,
  value: CompareValue,
  scope: Scope,
): string | undefined {
  const found = lookUp(path, scope)
  if (found === 'unknown') return undefined
  const shown = printAttrPath(path)
  if (found === 'complex') {
    return `"${shown}" is a complex attribute: name one of its sub-attributes, as in "name.givenName"`
  }
  if (!supportsOperator(found.type, op)) {
    return `operator "${op}" is not supported on ${found.type} attribute "${shown}"`
  }
  if (value === null && op !== 'eq' && op !== 'ne') {
    return `operator "${op}" cannot compare "${shown}" with null`
  }
  return undefined
}

/** The attribute a comparison reads, or why there is none. */
function lookUp(path: AttrPath, scope: Scope): AttributeDefinition | 'unknown' | 'complex' {
  if (scope.kind === 'value') {
    const sub = resolveValueFilterPath(scope.parent, path)
    return sub === undefined ? 'unknown' : sub.type === 'complex' ? 'complex' : sub
  }
  const resolved = resolveFilterPath(scope.schema, path)
  if (!resolved) return 'unknown'
  const compared = comparedAttribute(resolved)
  return compared ? (compared.subDefinition ?? compared.definition) : 'complex'
}
