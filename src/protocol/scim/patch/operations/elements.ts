import { isRecord } from '../../../../shared/json.js'
import { err, ok, type Result } from '../../../../shared/result.js'
import type { Filter } from '../../filter/index.js'
import { type AttributeDefinition, findSubAttribute, normalizeSingle } from '../../schemas/index.js'
import { type ScimError, scimErrors } from '../../scim-errors.js'
import {
  checkImmutableSubAttributes,
  elementsOf,
  selectorOf,
  withSubAttribute,
} from '../attribute-values.js'
import type { AttributeTarget } from '../resolve-target.js'
import { mergeComplex, type WriteMode } from './merge-complex.js'

/**
 * Operations on some values of a multi-valued attribute: the values a filter selects
 * (`emails[type eq "work"]`), one of their sub-attributes (`emails[type eq "work"].value`), or one
 * sub-attribute of every value (`emails.value`).
 */

/** How a write treats a value filter that selects nothing (see `createElement`). */
export type WriteOptions = {
  /** A replace creates the value its filter describes (Entra ID) instead of failing noTarget. */
  readonly createOnReplace: boolean
}

/**
 * add or replace on selected values: their sub-attribute is set, or the given complex value is
 * merged into each (a simple value is replaced). `raw` is not null. RFC 7644 §3.5.2.3 says "all
 * matching record values SHALL be replaced"; merging instead keeps what the client did not
 * send, above all the sub-attributes the filter selected on (`emails[type eq "work"]` with
 * `{"value":"x"}` stays a work email), and matches how §3.5.2.3 treats complex attributes.
 * The price: replacing `members[value eq "1"]` by `{"value":"2"}` changes an immutable value in
 * place (mutability) where remove + add of the member works.
 */
export function writeElements(
  mode: WriteMode,
  target: AttributeTarget,
  current: unknown,
  raw: unknown,
  options: WriteOptions,
): Result<unknown, ScimError> {
  const piece = normalizeSingle(target.sub ?? target.definition, raw, target.label)
  if (!piece.ok) return piece
  if (piece.value === undefined) return ok(current) // e.g. `{}`: nothing to write
  const elements = elementsOf(current)
  const selects = selectorOf(target)
  if (!elements.some(selects)) {
    // RFC 7644 §3.5.2.3: a replace whose filter matched nothing is noTarget (quoted below).
    const refuse = mode === 'replace' && target.filter !== undefined && !options.createOnReplace
    return refuse ? noTarget(target) : createElement(target, elements, piece.value)
  }
  const next: unknown[] = []
  for (const element of elements) {
    const updated = selects(element)
      ? updateElement(mode, target, element, raw, piece.value)
      : ok(element)
    if (!updated.ok) return updated
    next.push(updated.value)
  }
  return ok(next)
}

function updateElement(
  mode: WriteMode,
  target: AttributeTarget,
  element: unknown,
  raw: unknown,
  piece: unknown,
): Result<unknown, ScimError> {
  if (target.definition.type !== 'complex') return ok(piece)
  if (!target.sub) return mergeComplex(mode, target, element, raw, piece)
  if (!isRecord(element)) return ok(element)
  const updated = withSubAttribute(element, target.sub.name, piece)
  const checked = checkImmutableSubAttributes(target, element, updated)
  return checked.ok ? ok(updated) : checked
}

/**
 * RFC 7644 §3.5.2.3: "If the target location is a multi-valued attribute for which a value
 * selection filter ('valuePath') has been supplied and no record match was made, the service
 * provider SHALL indicate failure by returning HTTP status code 400 and a 'scimType' error code
 * of 'noTarget'." An add, which §3.5.2.1 does not restrict, and a replace where the directory
 * says so (Entra ID sets a user's first work email with `{"op":"Add"|"Replace","path":
 * "emails[type eq \"work\"].value","value":"…"}`) create the value instead, when a filter made
 * only of `eq` comparisons describes it. The new value must match
 * the filter; `emails.value` (no filter) on an attribute without values creates one.
 */
function createElement(
  target: AttributeTarget,
  elements: readonly unknown[],
  piece: unknown,
): Result<unknown, ScimError> {
  const template = equalityTemplate(target.filter, target.definition)
  if (template === undefined || target.definition.type !== 'complex') return noTarget(target)
  const built = target.sub
    ? { ...template, [target.sub.name]: piece }
    : { ...template, ...(isRecord(piece) ? piece : {}) }
  const created = normalizeSingle(target.definition, built, target.label)
  if (!created.ok) return created
  if (created.value === undefined || !selectorOf(target)(created.value)) return noTarget(target)
  return ok([...elements, created.value])
}

function noTarget(target: AttributeTarget): Result<never, ScimError> {
  return err(
    scimErrors.noTarget(`No value of '${target.definition.name}' matches '${target.label}'.`),
  )
}

/**
 * The sub-attribute values a filter of `eq` comparisons joined by `and` pins down
 * (`type eq "work" and primary eq true` → `{type: "work", primary: true}`); undefined when the
 * filter says anything else. No filter pins nothing: `{}`.
 */
function equalityTemplate(
  filter: Filter | undefined,
  definition: AttributeDefinition,
): Record<string, unknown> | undefined {
  if (filter === undefined) return {}
  if (filter.kind === 'and') {
    const left = equalityTemplate(filter.left, definition)
    const right = equalityTemplate(filter.right, definition)
    if (!left || !right) return undefined
    const conflict = Object.keys(right).some((key) => key in left && left[key] !== right[key])
    return conflict ? undefined : { ...left, ...right }
  }
  if (filter.kind !== 'compare' || filter.op !== 'eq' || filter.value === null) return undefined
  if (filter.path.uri !== undefined || filter.path.subAttr !== undefined) return undefined
  const sub = findSubAttribute(definition.subAttributes ?? [], filter.path.name)
  if (!sub || sub.mutability === 'readOnly') return undefined
  return { [sub.name]: filter.value }
}

/**
 * remove on selected values (RFC 7644 §3.5.2.2): without a sub-attribute the matching values
 * are removed; with one, that sub-attribute is removed from each. No match changes nothing.
 */
export function removeElements(
  target: AttributeTarget,
  current: unknown,
): Result<unknown, ScimError> {
  const selects = selectorOf(target)
  const next: unknown[] = []
  for (const element of elementsOf(current)) {
    if (!selects(element)) next.push(element)
    else if (target.sub && isRecord(element)) {
      const updated = withSubAttribute(element, target.sub.name, undefined)
      const checked = checkImmutableSubAttributes(target, element, updated)
      if (!checked.ok) return checked
      next.push(updated)
    }
  }
  return ok(next)
}
