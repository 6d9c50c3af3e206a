import { isRecord } from '../../../../shared/json.js'
import { ok, type Result } from '../../../../shared/result.js'
import { normalizeAttributeValue, normalizeSingle } from '../../schemas/index.js'
import type { ScimError } from '../../scim-errors.js'
import {
  checkImmutableSubAttributes,
  elementsOf,
  valueSetOf,
  withSubAttribute,
} from '../attribute-values.js'
import type { AttributeTarget } from '../resolve-target.js'
import { type WriteOptions, writeElements } from './elements.js'
import { mergeComplex, type WriteMode } from './merge-complex.js'

/**
 * The attribute's next value after an add (RFC 7644 §3.5.2.1) or a replace (§3.5.2.3) of a
 * non-null `raw` at `target`; undefined means unassigned. Values go through the same
 * normalization as POST and PUT (`"False"`, bare member ids, Entra's manager as a string).
 */
export function writeValue(
  mode: WriteMode,
  target: AttributeTarget,
  current: unknown,
  raw: unknown,
  options: WriteOptions,
): Result<unknown, ScimError> {
  const { definition, sub, filter } = target
  if (definition.multiValued && (filter || sub)) {
    return writeElements(mode, target, current, raw, options)
  }
  if (sub) return writeSubAttribute(target, current, raw)
  if (definition.multiValued) {
    return mode === 'add' ? appendValues(target, current, raw) : replaceValues(target, raw)
  }
  const normalized = normalizeSingle(definition, raw, target.label)
  if (!normalized.ok) return normalized
  // §3.5.2.1 and §3.5.2.3 both merge a complex value's sub-attributes into the existing ones.
  if (definition.type === 'complex') {
    return mergeComplex(mode, target, current, raw, normalized.value)
  }
  return ok(normalized.value)
}

/** `name.givenName`: one sub-attribute of a single-valued complex attribute. */
function writeSubAttribute(
  target: AttributeTarget,
  current: unknown,
  raw: unknown,
): Result<unknown, ScimError> {
  const sub = target.sub
  if (!sub) return ok(current)
  const normalized = normalizeSingle(sub, raw, target.label)
  if (!normalized.ok) return normalized
  const updated = withSubAttribute(isRecord(current) ? current : {}, sub.name, normalized.value)
  const checked = checkImmutableSubAttributes(target, current, updated)
  return checked.ok ? ok(updated) : checked
}

/**
 * RFC 7644 §3.5.2.1: "If the target location specifies a multi-valued attribute, a new value is
 * added to the attribute." A single value stands for a list of one (Entra's
 * `"value": "string id 1"`); a value already there is not added twice (see `sameValue`).
 */
function appendValues(
  target: AttributeTarget,
  current: unknown,
  raw: unknown,
): Result<unknown, ScimError> {
  const { definition } = target
  const normalized = normalizeAttributeValue(definition, listOf(raw), target.label)
  if (!normalized.ok) return normalized
  const next = [...elementsOf(current)]
  const present = valueSetOf(definition, next)
  for (const value of elementsOf(normalized.value)) {
    if (present.has(value)) continue
    next.push(value)
    present.add(value)
  }
  return ok(next)
}

/**
 * RFC 7644 §3.5.2.3: "If the target location is a multi-valued attribute and no filter is
 * specified, the attribute and all values are replaced."
 */
function replaceValues(target: AttributeTarget, raw: unknown): Result<unknown, ScimError> {
  return normalizeAttributeValue(target.definition, listOf(raw), target.label)
}

function listOf(raw: unknown): unknown[] {
  return Array.isArray(raw) ? raw : [raw]
}
