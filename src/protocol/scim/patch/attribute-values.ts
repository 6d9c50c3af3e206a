import { isRecord, jsonEqual } from '../../../shared/json.js'
import { err, ok, type Result } from '../../../shared/result.js'
import { type Filter, matchesValueFilter } from '../filter/index.js'
import { type AttributeDefinition, findAttribute, type ScimResource } from '../schemas/index.js'
import { type ScimError, scimErrors } from '../scim-errors.js'
import type { AttributeTarget } from './resolve-target.js'

/** Helpers over attribute values in canonical form; none of them mutates its arguments. */

/** The target attribute's current value in the draft (extensions live under their URN). */
export function readAttribute(draft: ScimResource, target: AttributeTarget): unknown {
  const container = target.extension === undefined ? draft : draft[target.extension]
  return isRecord(container) ? container[target.definition.name] : undefined
}

/**
 * Stores `value` as the target attribute of the draft (the one object `applyPatch` owns), or
 * removes it when undefined; an extension left without attributes is removed with it.
 */
export function writeAttribute(draft: ScimResource, target: AttributeTarget, value: unknown): void {
  const name = target.definition.name
  if (target.extension === undefined) {
    if (value === undefined) delete draft[name]
    else draft[name] = value
    return
  }
  const current = draft[target.extension]
  const container = isRecord(current) ? { ...current } : {}
  if (value === undefined) delete container[name]
  else container[name] = value
  if (Object.keys(container).length === 0) delete draft[target.extension]
  else draft[target.extension] = container
}

/** The values of a multi-valued attribute; `[]` when unassigned (RFC 7643 §2.5). */
export function elementsOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : []
}

/**
 * Whether a value filter (or its absence: every value) selects an element; built once per
 * operation. The filter module decides every match; a `value eq "…"` comparison first skips, at
 * the cost of a string comparison, the values that cannot match, so removing members one by one
 * from a group of 50,000 stays fast.
 */
export function selectorOf(target: AttributeTarget): (element: unknown) => boolean {
  const { filter, definition } = target
  if (filter === undefined) return () => true
  const matches = (element: unknown) => matchesValueFilter(filter, element, definition)
  const possible = possibleMatch(filter, definition)
  return possible ? (element) => possible(element) && matches(element) : matches
}

/**
 * A condition every value matching `filter` meets, for an `eq` on a string sub-attribute (alone
 * or inside an `and`): RFC 7644 §3.4.2.2 compares strings honouring caseExact, and a value
 * without that sub-attribute is left to the evaluator.
 */
function possibleMatch(
  filter: Filter,
  definition: AttributeDefinition,
): ((element: unknown) => boolean) | undefined {
  if (filter.kind === 'and') {
    return possibleMatch(filter.left, definition) ?? possibleMatch(filter.right, definition)
  }
  if (filter.kind !== 'compare' || filter.op !== 'eq' || typeof filter.value !== 'string') {
    return undefined
  }
  if (filter.path.uri !== undefined || filter.path.subAttr !== undefined) return undefined
  const sub = findAttribute(definition.subAttributes, filter.path.name)
  if (definition.type !== 'complex' || !sub || sub.type !== 'string' || sub.multiValued) {
    return undefined
  }
  const fold = (text: string) => (sub.caseExact ? text : text.toLowerCase())
  const expected = fold(filter.value)
  return (element) => {
    if (!isRecord(element)) return false
    const actual = element[sub.name]
    return actual === undefined || (typeof actual === 'string' && fold(actual) === expected)
  }
}

/**
 * RFC 7644 §3.5.2.1: "If the target location already contains the value specified, no changes
 * SHOULD be made". Values with an identity are the same when their identities are: a complex
 * value's `value` sub-attribute (a member is its id, whatever its `display`), a simple value
 * itself; strings honour `caseExact` (RFC 7643 §2.2), as filters do. Other values compare deeply.
 */
export function sameValue(definition: AttributeDefinition, a: unknown, b: unknown): boolean {
  const identity = identityOf(definition)
  const left = identity(a)
  const right = identity(b)
  return left !== undefined && right !== undefined ? left === right : jsonEqual(a, b)
}

/** A set of values under `sameValue`, for lists of any size (a group of 50,000 members). */
export type ValueSet = {
  has(value: unknown): boolean
  add(value: unknown): void
}

/** Builds a ValueSet: values with an identity are hashed by it, the rest compared one by one. */
export function valueSetOf(definition: AttributeDefinition, values: readonly unknown[]): ValueSet {
  const keyed = new Set<string>()
  const others: unknown[] = []
  const identity = identityOf(definition)
  const set: ValueSet = {
    has: (value) => {
      const key = identity(value)
      return key === undefined ? others.some((o) => jsonEqual(o, value)) : keyed.has(key)
    },
    add: (value) => {
      const key = identity(value)
      if (key === undefined) others.push(value)
      else keyed.add(key)
    },
  }
  for (const value of values) set.add(value)
  return set
}

/** A value's identity as a string key (see `sameValue`); undefined when it has none. */
function identityOf(definition: AttributeDefinition): (value: unknown) => string | undefined {
  const complex = definition.type === 'complex'
  const simple = complex ? findAttribute(definition.subAttributes, 'value') : definition
  if (!simple) return () => undefined
  const fold = (text: string) => (simple.caseExact ? text : text.toLowerCase())
  return (value) => {
    const identity = complex ? (isRecord(value) ? value.value : undefined) : value
    if (identity === undefined || identity === null || typeof identity === 'object')
      return undefined
    return typeof identity === 'string' ? `s:${fold(identity)}` : `j:${JSON.stringify(identity)}`
  }
}

/** A copy of a complex value with one sub-attribute set, or removed when `value` is undefined. */
export function withSubAttribute(
  complex: Record<string, unknown>,
  name: string,
  value: unknown,
): Record<string, unknown> {
  const copy = { ...complex }
  if (value === undefined) delete copy[name]
  else copy[name] = value
  return copy
}

/**
 * RFC 7643 §2.5: an empty complex value and an empty array are unassigned, so a value emptied by
 * a removal disappears instead of being stored as `{}` or `[]`.
 */
export function compact(value: unknown): unknown {
  if (value === null || isEmptyRecord(value)) return undefined
  if (!Array.isArray(value)) return value
  const kept = value.filter((item) => item !== null && item !== undefined && !isEmptyRecord(item))
  return kept.length === 0 ? undefined : kept
}

function isEmptyRecord(value: unknown): boolean {
  return isRecord(value) && Object.keys(value).length === 0
}

/**
 * RFC 7644 §3.5.2: "a PATCH operation that sets a value's 'primary' sub-attribute to 'true'
 * SHALL cause the server to automatically set 'primary' to 'false' for any other values in the
 * array." Values this operation did not touch are the very objects of `previous`; a touched or
 * new value with `primary: true` wins. Two winners in one operation is a contradiction.
 */
export function enforcePrimary(
  target: AttributeTarget,
  previous: readonly unknown[],
  next: readonly unknown[],
): Result<readonly unknown[], ScimError> {
  const isPrimary = (value: unknown) => isRecord(value) && value.primary === true
  const winners = next.filter((value) => isPrimary(value) && !previous.includes(value))
  if (winners.length === 0) return ok(next)
  if (winners.length > 1) {
    return err(scimErrors.invalidValue(`'${target.label}' would have more than one primary value.`))
  }
  return ok(
    next.map((value) =>
      isRecord(value) && value.primary === true && value !== winners[0]
        ? { ...value, primary: false }
        : value,
    ),
  )
}

/**
 * RFC 7644 §3.5.2: "A client MUST NOT modify an attribute that has mutability 'readOnly' or
 * 'immutable'. However, a client MAY 'add' a value to an 'immutable' attribute if the attribute
 * had no previous value." Checks the immutable sub-attributes of one complex value that an
 * operation changed in place (`members[value eq "1"].value`), not values added or removed whole.
 */
export function checkImmutableSubAttributes(
  target: AttributeTarget,
  before: unknown,
  after: unknown,
): Result<true, ScimError> {
  if (!isRecord(before)) return ok(true)
  for (const sub of target.definition.subAttributes ?? []) {
    if (sub.mutability !== 'immutable' || before[sub.name] === undefined) continue
    const next = isRecord(after) ? after[sub.name] : undefined
    if (!jsonEqual(before[sub.name], next)) {
      return err(
        scimErrors.mutability(
          `'${target.definition.name}.${sub.name}' is immutable and already has a value (in '${target.label}').`,
        ),
      )
    }
  }
  return ok(true)
}

/** The same check for the attribute as a whole (RFC 7644 §3.5.2, quoted above). */
export function checkImmutableAttribute(
  target: AttributeTarget,
  before: unknown,
  after: unknown,
): Result<true, ScimError> {
  const { definition } = target
  if (definition.mutability !== 'immutable' || before === undefined || jsonEqual(before, after)) {
    return ok(true)
  }
  return err(scimErrors.mutability(`'${definition.name}' is immutable and already has a value.`))
}
