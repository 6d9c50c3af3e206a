import { isRecord } from '../../../../shared/json.js'
import { ok, type Result } from '../../../../shared/result.js'
import { normalizeSingle } from '../../schemas/index.js'
import type { ScimError } from '../../scim-errors.js'
import {
  checkImmutableSubAttributes,
  elementsOf,
  sameValue,
  valueSetOf,
  withSubAttribute,
} from '../attribute-values.js'
import type { AttributeTarget } from '../resolve-target.js'
import { removeElements } from './elements.js'

/**
 * The attribute's next value after a remove (RFC 7644 §3.5.2.2) at `target`; undefined means
 * unassigned. `raw` is the operation's optional value: RFC 7644 gives remove none, but Entra
 * removes group members with `{"op":"Remove","path":"members","value":[{"value":"id"}]}`, so a
 * value names the values to remove (matched as `sameValue` does) instead of all of them.
 */
export function removeValue(
  target: AttributeTarget,
  current: unknown,
  raw: unknown,
): Result<unknown, ScimError> {
  const { definition, sub, filter } = target
  if (definition.multiValued && (filter || sub)) return removeElements(target, current)
  if (sub) return removeSubAttribute(target, current)
  // §3.5.2.2: "If the target location is a single-value attribute, the attribute and its
  // associated value is removed"; for a multi-valued one without filter "all values are removed".
  if (raw === undefined || raw === null) return ok(undefined)
  return definition.multiValued
    ? removeListedValues(target, current, raw)
    : removeIfSame(target, current, raw)
}

/** `name.middleName`: one sub-attribute of a single-valued complex attribute. */
function removeSubAttribute(target: AttributeTarget, current: unknown): Result<unknown, ScimError> {
  if (!target.sub || !isRecord(current)) return ok(current)
  const updated = withSubAttribute(current, target.sub.name, undefined)
  const checked = checkImmutableSubAttributes(target, current, updated)
  return checked.ok ? ok(updated) : checked
}

/** The Entra dialect on a multi-valued attribute: removes the listed values, keeps the rest. */
function removeListedValues(
  target: AttributeTarget,
  current: unknown,
  raw: unknown,
): Result<unknown, ScimError> {
  const doomed: unknown[] = []
  for (const [index, item] of (Array.isArray(raw) ? raw : [raw]).entries()) {
    const normalized = normalizeSingle(target.definition, item, `${target.label}[${index}]`)
    if (!normalized.ok) return normalized
    if (normalized.value !== undefined) doomed.push(normalized.value)
  }
  const named = valueSetOf(target.definition, doomed)
  return ok(elementsOf(current).filter((element) => !named.has(element)))
}

/** The same on a single-valued attribute: removed only when it holds the value named. */
function removeIfSame(
  target: AttributeTarget,
  current: unknown,
  raw: unknown,
): Result<unknown, ScimError> {
  const normalized = normalizeSingle(target.definition, raw, target.label)
  if (!normalized.ok) return normalized
  const named = normalized.value
  return ok(
    named !== undefined && sameValue(target.definition, current, named) ? undefined : current,
  )
}
