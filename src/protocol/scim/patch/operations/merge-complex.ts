import { isRecord } from '../../../../shared/json.js'
import { ok, type Result } from '../../../../shared/result.js'
import { findSubAttribute } from '../../schemas/index.js'
import type { ScimError } from '../../scim-errors.js'
import { checkImmutableSubAttributes } from '../attribute-values.js'
import type { AttributeTarget } from '../resolve-target.js'

/** add (RFC 7644 §3.5.2.1) or replace (§3.5.2.3): the two writing operations. */
export type WriteMode = 'add' | 'replace'

/**
 * Merges a complex value into an existing one. RFC 7644 §3.5.2.3: the given sub-attributes
 * replace existing values or are added, and "Sub-attributes that are not specified in the
 * 'value' parameter are left unchanged"; §3.5.2.1 merges the same way. A sub-attribute given as
 * `null` in a replace becomes unassigned (RFC 7643 §2.5). `normalized` is `raw` after
 * `normalizeSingle`, which drops nulls, unknown and readOnly sub-attributes.
 */
export function mergeComplex(
  mode: WriteMode,
  target: AttributeTarget,
  base: unknown,
  raw: unknown,
  normalized: unknown,
): Result<Record<string, unknown>, ScimError> {
  const merged = { ...(isRecord(base) ? base : {}), ...(isRecord(normalized) ? normalized : {}) }
  if (mode === 'replace' && isRecord(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      if (value !== null) continue
      const sub = findSubAttribute(target.definition.subAttributes ?? [], key)
      if (sub && sub.mutability !== 'readOnly') delete merged[sub.name]
    }
  }
  const checked = checkImmutableSubAttributes(target, base, merged)
  return checked.ok ? ok(merged) : checked
}
