import { isRecord } from '../../shared/json.js'
import { err, ok, type Result } from '../../shared/result.js'
import type { Filter } from './filter/ast.js'
import { matchesValueFilter, parsePatchPath } from './filter/index.js'
import { commonAttributes } from './schemas/common.js'
import {
  type AttributeDefinition,
  findAttribute,
  findExtension,
  type ResourceSchema,
  resolveAttribute,
  type ScimResource,
} from './schemas/index.js'
import { type ScimError, scimErrors } from './scim-errors.js'

/** One entry of `attributes` / `excludedAttributes`, resolved against the schema. */
type Selection = {
  /** The JSON container: undefined for core, the URN for an extension. */
  readonly container?: string
  /** The attribute name in canonical case; undefined selects the whole extension. */
  readonly name?: string
  readonly sub?: string
  readonly filter?: Filter
  readonly definition?: AttributeDefinition
}

export type Projection = {
  readonly include?: readonly Selection[]
  readonly exclude?: readonly Selection[]
}

/**
 * Parses `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5): comma-separated attribute
 * paths, an extension URN for a whole extension, and (Entra ID) a value filter such as
 * `emails[type eq "work"]`, which keeps only the matching values. Unknown attributes are ignored.
 */
export function parseProjection(
  schema: ResourceSchema,
  attributes?: string,
  excludedAttributes?: string,
): Result<Projection, ScimError> {
  const include = parseList(schema, attributes)
  if (!include.ok) return include
  const exclude = parseList(schema, excludedAttributes)
  if (!exclude.ok) return exclude
  return ok({
    ...(include.value ? { include: include.value } : {}),
    ...(exclude.value ? { exclude: exclude.value } : {}),
  })
}

function parseList(
  schema: ResourceSchema,
  text: string | undefined,
): Result<Selection[] | undefined, ScimError> {
  if (text === undefined || text.trim() === '') return ok(undefined)
  const selections: Selection[] = []
  for (const entry of splitTopLevel(text)) {
    const extension = findExtension(schema, entry)
    if (extension) {
      selections.push({ container: extension.id })
      continue
    }
    const parsed = parsePatchPath(entry)
    if (!parsed.ok)
      return err(scimErrors.invalidValue(`Invalid attribute path '${entry}' in attributes.`))
    const { attrPath, valueFilter, subAttr } = parsed.value
    const path = subAttr ? { ...attrPath, subAttr } : attrPath
    const resolved = resolveAttribute(schema, path)
    if (!resolved) continue
    selections.push({
      ...(resolved.isExtension ? { container: resolved.schemaUri } : {}),
      name: resolved.definition.name,
      ...(resolved.subDefinition ? { sub: resolved.subDefinition.name } : {}),
      ...(valueFilter ? { filter: valueFilter } : {}),
      definition: resolved.definition,
    })
  }
  return ok(selections)
}

/** Splits on commas that are not inside a value filter's brackets or quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let quoted = false
  let current = ''
  for (const char of text) {
    if (char === '"') quoted = !quoted
    if (!quoted && char === '[') depth++
    if (!quoted && char === ']') depth--
    if (char === ',' && depth === 0 && !quoted) {
      parts.push(current.trim())
      current = ''
    } else current += char
  }
  parts.push(current.trim())
  return parts.filter((p) => p !== '')
}

/**
 * Applies a projection to a full output resource. Attributes returned "always" (id, schemas) are
 * kept whatever is asked; "never" attributes are never present in the first place.
 */
export function applyProjection(
  resource: ScimResource,
  schema: ResourceSchema,
  projection: Projection,
): ScimResource {
  let output = resource
  if (projection.include) output = keepOnly(output, schema, projection.include)
  if (projection.exclude) output = removeAll(output, projection.exclude)
  return output
}

function keepOnly(
  resource: ScimResource,
  schema: ResourceSchema,
  selections: readonly Selection[],
): ScimResource {
  const output: ScimResource = {}
  for (const [key, value] of Object.entries(resource)) {
    if (isAlwaysReturned(schema, key)) {
      output[key] = value
      continue
    }
    const extension = findExtension(schema, key)
    const container = extension?.id
    const matching = selections.filter(
      (s) => s.container === container && (container ? true : s.name === key),
    )
    if (matching.length === 0) continue
    if (extension) {
      if (matching.some((s) => s.name === undefined)) output[key] = value
      else if (isRecord(value)) {
        const inner = keepOnly(
          value,
          { ...schema, extensions: [] },
          matching.map((s) => ({ ...s, container: undefined })),
        )
        if (Object.keys(inner).length > 0) output[key] = inner
      }
      continue
    }
    const kept = selectValue(value, matching)
    if (kept !== undefined) output[key] = kept
  }
  return output
}

/** The part of one attribute's value that the selections ask for. */
function selectValue(value: unknown, selections: readonly Selection[]): unknown {
  if (selections.some((s) => !s.sub && !s.filter)) return value
  const subs = new Set(selections.flatMap((s) => (s.sub ? [s.sub] : [])))
  const wholeElements = selections.some((s) => !s.sub)
  const pick = (item: unknown) =>
    !isRecord(item) || wholeElements
      ? item
      : Object.fromEntries(Object.entries(item).filter(([k]) => subs.has(k)))
  if (!Array.isArray(value)) return pick(value)
  const kept = value.filter((item) =>
    selections.some(
      (s) =>
        !s.filter ||
        (s.definition !== undefined && matchesValueFilter(s.filter, item, s.definition)),
    ),
  )
  return kept.length > 0 ? kept.map(pick) : undefined
}

function removeAll(resource: ScimResource, selections: readonly Selection[]): ScimResource {
  const output: ScimResource = { ...resource }
  for (const selection of selections) {
    const holder = selection.container ? output[selection.container] : output
    if (selection.name === undefined) {
      if (selection.container) delete output[selection.container]
      continue
    }
    if (!isRecord(holder) || selection.definition?.returned === 'always') continue
    const target = selection.container ? { ...holder } : holder
    if (!selection.sub) delete target[selection.name]
    else target[selection.name] = withoutSub(target[selection.name], selection.sub)
    if (selection.container) output[selection.container] = target
  }
  return output
}

function withoutSub(value: unknown, sub: string): unknown {
  const strip = (item: unknown) => {
    if (!isRecord(item)) return item
    const { [sub]: _removed, ...rest } = item
    return rest
  }
  return Array.isArray(value) ? value.map(strip) : strip(value)
}

function isAlwaysReturned(schema: ResourceSchema, key: string): boolean {
  if (key === 'schemas') return true
  const definition =
    findAttribute(commonAttributes, key) ?? findAttribute(schema.core.attributes, key)
  return definition?.returned === 'always'
}
