import { findKey, isRecord } from '../../../shared/json.js'
import { err, ok, type Result } from '../../../shared/result.js'
import { type ScimError, scimErrors } from '../scim-errors.js'
import { canonicalUri, type SchemaAliases } from './aliases.js'
import { commonAttributes } from './common.js'
import { findAttribute, findExtension, type ResourceSchema } from './resource-schema.js'
import type { AttributeDefinition, SchemaDefinition, ScimResource } from './types.js'

export type NormalizeOptions = {
  /**
   * Accept schema URNs in `schemas` that the resource type does not define. Entra ID lists its
   * own URNs on groups; the URN is dropped and the known attributes are kept.
   */
  readonly tolerateUnknownSchemas?: boolean
  /** Other spellings of known URNs (ENTRA_SCHEMA_ALIASES), in `schemas` and in keys. */
  readonly schemaAliases?: SchemaAliases
}

type Normalized = Result<unknown, ScimError>
const UNASSIGNED = ok(undefined)

/**
 * Turns client JSON into the canonical stored form of a resource: attribute names in schema case
 * (RFC 7643 §2.1), extension attributes under their URN, values of the declared type, unknown
 * attributes dropped, readOnly attributes ignored (RFC 7644 §3.3, §3.5.1), the write-only password
 * dropped, and nulls and empty arrays treated as unassigned (RFC 7643 §2.5). `id` and `meta` are
 * never part of the result; they belong to the server.
 */
export function normalizeResource(
  raw: unknown,
  schema: ResourceSchema,
  options: NormalizeOptions = {},
): Result<ScimResource, ScimError> {
  if (!isRecord(raw))
    return err(scimErrors.invalidSyntax('The request body must be a JSON object.'))
  const input = options.schemaAliases ? withCanonicalUris(raw, options.schemaAliases) : raw
  const declared = checkSchemas(input, schema, options)
  if (!declared.ok) return declared
  const output: ScimResource = {}
  for (const [key, value] of Object.entries(input)) {
    const placed = placeAttribute(output, key, value, schema)
    if (!placed.ok) return placed
  }
  const missing = missingRequired(output, schema.core)
  if (missing) return err(scimErrors.invalidValue(`Attribute '${missing}' is required.`))
  const extensions = schema.extensions.filter((e) => isRecord(output[e.id])).map((e) => e.id)
  return ok({ schemas: [schema.core.id, ...extensions], ...output })
}

/** The input with aliased URNs in `schemas` and in keys spelled the standard way. */
function withCanonicalUris(
  input: Record<string, unknown>,
  aliases: SchemaAliases,
): Record<string, unknown> {
  const output: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(input)) {
    const isSchemas = key.toLowerCase() === 'schemas' && Array.isArray(value)
    output[canonicalUri(key, aliases)] = isSchemas
      ? value.map((uri) => (typeof uri === 'string' ? canonicalUri(uri, aliases) : uri))
      : value
  }
  return output
}

function checkSchemas(
  input: Record<string, unknown>,
  schema: ResourceSchema,
  options: NormalizeOptions,
): Result<true, ScimError> {
  const key = findKey(input, 'schemas')
  if (key === undefined) return ok(true)
  const schemas = input[key]
  if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === 'string')) {
    return err(scimErrors.invalidSyntax("'schemas' must be an array of schema URNs."))
  }
  const known = [schema.core.id, ...schema.extensions.map((e) => e.id)].map((u) => u.toLowerCase())
  const unknown = schemas.filter((s) => !known.includes(s.toLowerCase()))
  if (unknown.length > 0 && !options.tolerateUnknownSchemas) {
    return err(
      scimErrors.invalidValue(
        `Unknown schema ${unknown.map((u) => `'${u}'`).join(', ')} for resource type ${schema.resourceType.name}.`,
      ),
    )
  }
  return ok(true)
}

/** Puts one top-level input key into `output`, wherever it belongs. */
function placeAttribute(
  output: ScimResource,
  key: string,
  value: unknown,
  schema: ResourceSchema,
): Result<true, ScimError> {
  if (key.toLowerCase() === 'schemas') return ok(true)
  const extension = findExtension(schema, key)
  if (extension) return placeExtension(output, extension, value)
  const flattened = splitExtensionKey(key, schema)
  if (flattened) return placeExtensionAttribute(output, flattened.extension, flattened.name, value)
  const definition =
    findAttribute(commonAttributes, key) ?? findAttribute(schema.core.attributes, key)
  if (!definition) return ok(true) // unknown attributes are ignored on input
  return assign(output, definition, value, definition.name)
}

function placeExtension(
  output: ScimResource,
  extension: SchemaDefinition,
  value: unknown,
): Result<true, ScimError> {
  if (value === null) return ok(true)
  if (!isRecord(value))
    return err(scimErrors.invalidValue(`'${extension.id}' must be a JSON object.`))
  for (const [name, inner] of Object.entries(value)) {
    const placed = placeExtensionAttribute(output, extension, name, inner)
    if (!placed.ok) return placed
  }
  return ok(true)
}

function placeExtensionAttribute(
  output: ScimResource,
  extension: SchemaDefinition,
  name: string,
  value: unknown,
): Result<true, ScimError> {
  const definition = findAttribute(extension.attributes, name)
  if (!definition) return ok(true)
  const target = isRecord(output[extension.id]) ? (output[extension.id] as ScimResource) : {}
  const assigned = assign(target, definition, value, `${extension.id}:${definition.name}`)
  if (!assigned.ok) return assigned
  if (Object.keys(target).length > 0) output[extension.id] = target
  return ok(true)
}

/** `urn:…:enterprise:2.0:User:department` (a flattened extension attribute) → its parts. */
export function splitExtensionKey(
  key: string,
  schema: ResourceSchema,
): { extension: SchemaDefinition; name: string } | undefined {
  const colon = key.lastIndexOf(':')
  if (colon <= 0) return undefined
  const extension = findExtension(schema, key.slice(0, colon))
  return extension ? { extension, name: key.slice(colon + 1) } : undefined
}

function assign(
  target: ScimResource,
  definition: AttributeDefinition,
  value: unknown,
  path: string,
): Result<true, ScimError> {
  const normalized = normalizeAttributeValue(definition, value, path)
  if (!normalized.ok) return normalized
  if (normalized.value === undefined) delete target[definition.name]
  else target[definition.name] = normalized.value
  return ok(true)
}

function missingRequired(output: ScimResource, core: SchemaDefinition): string | undefined {
  return core.attributes.find((a) => a.required && output[a.name] === undefined)?.name
}

/**
 * Normalizes one attribute's value against its definition; `undefined` means unassigned. Used for
 * whole resources (POST, PUT) and for PATCH values, so both accept the same dialects.
 */
export function normalizeAttributeValue(
  definition: AttributeDefinition,
  value: unknown,
  path: string = definition.name,
): Normalized {
  if (value === null || value === undefined) return UNASSIGNED
  if (definition.mutability === 'readOnly' || definition.mutability === 'writeOnly')
    return UNASSIGNED
  if (!definition.multiValued) return normalizeSingle(definition, value, path)
  if (!Array.isArray(value)) return err(scimErrors.invalidValue(`'${path}' must be an array.`))
  const values: unknown[] = []
  for (const [index, item] of value.entries()) {
    const normalized = normalizeSingle(definition, item, `${path}[${index}]`)
    if (!normalized.ok) return normalized
    if (normalized.value !== undefined) values.push(normalized.value)
  }
  if (values.length === 0) return UNASSIGNED
  const primaries = values.filter((v) => isRecord(v) && v.primary === true).length
  // RFC 7643 §2.4: the primary value 'true' MUST appear no more than once.
  if (primaries > 1)
    return err(scimErrors.invalidValue(`'${path}' has more than one primary value.`))
  return ok(values)
}

/** One value of an attribute (a single-valued attribute, or one element of a multi-valued one). */
export function normalizeSingle(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
): Normalized {
  if (value === null || value === undefined) return UNASSIGNED
  switch (definition.type) {
    case 'complex':
      return normalizeComplex(definition, value, path)
    case 'boolean':
      return normalizeBoolean(value, path)
    case 'integer':
    case 'decimal':
      return normalizeNumber(value, path, definition.type === 'integer')
    case 'dateTime':
      return normalizeDateTime(value, path)
    default:
      return normalizeString(value, path)
  }
}

function normalizeComplex(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
): Normalized {
  const subAttributes = definition.subAttributes ?? []
  const hasValue = findAttribute(subAttributes, 'value') !== undefined
  // Dialects: Entra sends manager as "id" or [{"value":"id"}], and group members as bare ids.
  if (typeof value === 'string' && hasValue) return normalizeComplex(definition, { value }, path)
  if (Array.isArray(value) && !definition.multiValued && value.length === 1) {
    return normalizeComplex(definition, value[0], path)
  }
  if (!isRecord(value)) return err(scimErrors.invalidValue(`'${path}' must be a JSON object.`))
  const output: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) {
    const sub = findSubAttribute(subAttributes, key)
    if (!sub || sub.mutability === 'readOnly' || sub.mutability === 'writeOnly') continue
    const normalized = normalizeSingle(sub, inner, `${path}.${sub.name}`)
    if (!normalized.ok) return normalized
    if (normalized.value !== undefined) output[sub.name] = normalized.value
  }
  return Object.keys(output).length === 0 ? UNASSIGNED : ok(output)
}

/** Sub-attribute lookup; `displayName` is read as `display` where only the latter exists (Entra). */
export function findSubAttribute(
  subAttributes: readonly AttributeDefinition[],
  key: string,
): AttributeDefinition | undefined {
  const found = findAttribute(subAttributes, key)
  if (found || key.toLowerCase() !== 'displayname') return found
  return findAttribute(subAttributes, 'display')
}

function normalizeBoolean(value: unknown, path: string): Normalized {
  if (typeof value === 'boolean') return ok(value)
  // Entra ID sends "True"/"False" as strings.
  if (typeof value === 'string' && /^(true|false)$/i.test(value))
    return ok(value.toLowerCase() === 'true')
  return err(scimErrors.invalidValue(`'${path}' must be a boolean.`))
}

function normalizeNumber(value: unknown, path: string, integer: boolean): Normalized {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  if (
    typeof number !== 'number' ||
    !Number.isFinite(number) ||
    (integer && !Number.isInteger(number))
  ) {
    return err(scimErrors.invalidValue(`'${path}' must be ${integer ? 'an integer' : 'a number'}.`))
  }
  return ok(number)
}

function normalizeDateTime(value: unknown, path: string): Normalized {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN
  if (Number.isNaN(time)) return err(scimErrors.invalidValue(`'${path}' must be an xsd:dateTime.`))
  return ok(new Date(time).toISOString())
}

/** U+0000 or a surrogate without its other half: text no database column can store as sent. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const isUnstorable = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text)

function normalizeString(value: unknown, path: string): Normalized {
  if (typeof value === 'string') {
    // PostgreSQL text and jsonb refuse both (RFC 8259 §8.2 calls lone surrogates unpredictable);
    // refusing them here keeps one rule on every store, and a 400 instead of a database error.
    if (isUnstorable(value)) {
      return err(scimErrors.invalidValue(`'${path}' contains U+0000 or an unpaired surrogate.`))
    }
    return ok(value)
  }
  if (typeof value === 'number' && Number.isFinite(value)) return ok(String(value))
  return err(scimErrors.invalidValue(`'${path}' must be a string.`))
}
