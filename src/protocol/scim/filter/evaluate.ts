import type {
  AttributeDefinition,
  ResolvedAttribute,
  ResourceSchema,
  ScimResource,
} from '../schemas/index.js'
import type { AttrPath, Filter } from './ast.js'
import { matchesValues } from './compare.js'
import { comparedAttribute, resolveFilterPath, resolveValueFilterPath } from './filter-target.js'

/** The values an attribute path yields, with the definition that says how to compare them. */
type Operand = { readonly attribute: AttributeDefinition; readonly values: readonly unknown[] }

/**
 * What a filter is evaluated against: a whole resource, or one value of a multi-valued attribute
 * inside `attr[…]`. `purpose` matters for a bare complex attribute: `pr` looks at the complex
 * value itself, a comparison at its `value` sub-attribute.
 */
type Subject = {
  operand(path: AttrPath, purpose: 'present' | 'compare'): Operand | undefined
  matchesValuePath(path: AttrPath, filter: Filter): boolean
}

/**
 * Whether `resource` matches `filter` (RFC 7644 §3.4.2.2). Unknown attributes match nothing;
 * this never throws, whatever the resource holds.
 */
export function matchesFilter(
  filter: Filter,
  resource: ScimResource,
  schema: ResourceSchema,
): boolean {
  return evaluate(filter, resourceSubject(resource, schema))
}

/**
 * Whether one value of a multi-valued `attribute` matches the filter of a value path
 * (`emails[type eq "work"]`): paths are sub-attribute names, and for simple values `value` is the
 * element itself.
 */
export function matchesValueFilter(
  filter: Filter,
  element: unknown,
  attribute: AttributeDefinition,
): boolean {
  return evaluate(filter, elementSubject(element, attribute))
}

function evaluate(filter: Filter, subject: Subject): boolean {
  switch (filter.kind) {
    case 'and':
      return evaluate(filter.left, subject) && evaluate(filter.right, subject)
    case 'or':
      return evaluate(filter.left, subject) || evaluate(filter.right, subject)
    case 'not':
      return !evaluate(filter.filter, subject)
    case 'present': {
      const values = subject.operand(filter.path, 'present')?.values ?? []
      return values.some((value) => isPresent(value, 0))
    }
    case 'compare': {
      const operand = subject.operand(filter.path, 'compare')
      return (
        operand !== undefined &&
        matchesValues(filter.op, filter.value, operand.attribute, operand.values)
      )
    }
    case 'valuePath':
      return subject.matchesValuePath(filter.path, filter.filter)
  }
}

function resourceSubject(resource: ScimResource, schema: ResourceSchema): Subject {
  return {
    operand(path, purpose) {
      const found = resolveFilterPath(schema, path)
      const resolved = found && purpose === 'compare' ? comparedAttribute(found) : found
      if (!resolved) return undefined
      const attribute = resolved.subDefinition ?? resolved.definition
      return { attribute, values: valuesAt(resource, resolved) }
    },
    matchesValuePath(path, filter) {
      const resolved = resolveFilterPath(schema, path)
      if (!resolved || resolved.subDefinition) return false
      const elements = valuesAt(resource, resolved)
      return elements.some((element) => matchesValueFilter(filter, element, resolved.definition))
    },
  }
}

function elementSubject(element: unknown, parent: AttributeDefinition): Subject {
  return {
    operand(path) {
      const attribute = resolveValueFilterPath(parent, path)
      if (!attribute) return undefined
      const value = parent.type === 'complex' ? member(element, attribute.name) : element
      return { attribute, values: valueList(value) }
    },
    // Value paths do not nest (RFC 7644 §3.4.2.2 valFilter); the parser never builds this.
    matchesValuePath: () => false,
  }
}

/**
 * The values at a resolved path, flattened over multi-valued attributes. Extension attributes
 * live under the extension URN (RFC 7643 §3.3); keys are matched ignoring case (RFC 7643 §2.1).
 */
function valuesAt(resource: ScimResource, resolved: ResolvedAttribute): unknown[] {
  const container = resolved.isExtension ? member(resource, resolved.schemaUri) : resource
  const values = valueList(member(container, resolved.definition.name))
  const sub = resolved.subDefinition
  return sub ? values.flatMap((value) => valueList(member(value, sub.name))) : values
}

/** An attribute's values as a list: `[]` for unassigned or null (RFC 7643 §2.5). */
function valueList(value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) return value.filter((item) => item !== undefined && item !== null)
  return [value]
}

/** `object[name]` matching the name ignoring case; own properties only. */
function member(object: unknown, name: string): unknown {
  if (!isRecord(object)) return undefined
  if (Object.hasOwn(object, name)) return object[name]
  const lower = name.toLowerCase()
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower)
  return key === undefined ? undefined : object[key]
}

/**
 * RFC 7644 §3.4.2.2 `pr`: "a non-empty value, or … a non-empty node for complex attributes".
 * SCIM values nest at most three levels (attribute, value, sub-attribute); deeper is present.
 */
function isPresent(value: unknown, depth: number): boolean {
  if (value === undefined || value === null || value === '') return false
  if (depth >= 3) return true
  if (Array.isArray(value)) return value.some((item) => isPresent(item, depth + 1))
  if (isRecord(value)) return Object.values(value).some((item) => isPresent(item, depth + 1))
  return true
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
