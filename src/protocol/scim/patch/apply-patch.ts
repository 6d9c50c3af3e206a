import { cloneJson, isRecord } from '../../../shared/json.js'
import { err, ok, type Result } from '../../../shared/result.js'
import { matchesValueFilter, type PatchPath, parsePatchPath } from '../filter/index.js'
import {
  canonicalUri,
  type ResourceSchema,
  type SchemaAliases,
  type SchemaDefinition,
  type ScimResource,
} from '../schemas/index.js'
import { type ScimError, scimErrors } from '../scim-errors.js'
import {
  checkImmutableAttribute,
  compact,
  elementsOf,
  enforcePrimary,
  readAttribute,
  writeAttribute,
} from './attribute-values.js'
import { removeValue } from './operations/remove.js'
import { writeValue } from './operations/write.js'
import { atOperation } from './patch-errors.js'
import { type AttributeTarget, resolveTarget } from './resolve-target.js'
import type { PatchContext, PatchOp, PatchOperation } from './types.js'

type Scope = {
  readonly schema: ResourceSchema
  readonly id: string
  readonly replaceWithoutMatch: 'noTarget' | 'create'
  readonly aliases: SchemaAliases
}
type Applied = Result<true, ScimError>

/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a canonical stored resource and returns the new
 * canonical resource. §3.5.2: "A PATCH request, regardless of the number of operations, SHALL be
 * treated as atomic." The input is never touched: the operations run in order on a copy, and the
 * first failure is returned, naming the operation that caused it.
 */
export function applyPatch(
  resource: ScimResource,
  operations: readonly PatchOperation[],
  schema: ResourceSchema,
  context: PatchContext,
): Result<ScimResource, ScimError> {
  const draft = cloneJson(resource)
  const scope: Scope = {
    schema,
    id: context.id,
    replaceWithoutMatch: context.replaceWithoutMatch ?? 'noTarget',
    aliases: context.schemaAliases ?? {},
  }
  for (const [index, operation] of operations.entries()) {
    const applied = applyOperation(draft, operation, scope)
    if (!applied.ok) return err(atOperation(index, applied.error))
  }
  return finish(draft, resource, schema)
}

function applyOperation(draft: ScimResource, operation: PatchOperation, scope: Scope): Applied {
  const { op, path, value } = operation
  if (path) return applyAtPath(draft, op, path, value, scope)
  if (isRecord(value)) return applyEach(draft, op, value, scope)
  if (op === 'remove') {
    // RFC 7644 §3.5.2.2: "If 'path' is unspecified, the operation fails with ... 'noTarget'".
    return err(scimErrors.noTarget('A "remove" operation requires a \'path\'.'))
  }
  return err(
    scimErrors.invalidValue(
      `An "${op}" operation without a 'path' needs an object of attributes as its 'value'.`,
    ),
  )
}

/**
 * Without a path, "the 'value' parameter contains a set of attributes" (RFC 7644 §3.5.2.1,
 * §3.5.2.3). Each key is applied as the same operation at that key read as a path, so attribute
 * names, extension URNs holding an object of their attributes, and Entra's path keys
 * (`name.givenName`, `urn:…:enterprise:2.0:User:department`, `emails[type eq "work"].value`) all
 * work. A key that is not a path at all is invalidPath. A path-less remove (a dialect) removes
 * what each key's value names.
 */
function applyEach(
  draft: ScimResource,
  op: PatchOp,
  value: Record<string, unknown>,
  scope: Scope,
): Applied {
  for (const [key, inner] of Object.entries(value)) {
    // `schemas` is recomputed from the data at the end, as normalizeResource does.
    if (key.toLowerCase() === 'schemas') continue
    const applied = applyAtKey(draft, op, key, inner, scope)
    if (!applied.ok) return applied
  }
  return ok(true)
}

function applyAtKey(
  draft: ScimResource,
  op: PatchOp,
  key: string,
  value: unknown,
  scope: Scope,
): Applied {
  const path = parsePatchPath(canonicalUri(key, scope.aliases))
  return path.ok ? applyAtPath(draft, op, path.value, value, scope) : path
}

/** `<alias>:manager` → `<URN>:manager`, for a directory that accepts the alias. */
function withCanonicalUri(path: PatchPath, aliases: SchemaAliases): PatchPath {
  const uri = path.attrPath.uri
  if (uri === undefined) return path
  return { ...path, attrPath: { ...path.attrPath, uri: canonicalUri(uri, aliases) } }
}

function applyAtPath(
  draft: ScimResource,
  op: PatchOp,
  path: PatchPath,
  value: unknown,
  scope: Scope,
): Applied {
  const resolved = resolveTarget(withCanonicalUri(path, scope.aliases), scope.schema)
  if (!resolved.ok) return resolved
  const resolution = resolved.value
  switch (resolution.kind) {
    // An attribute the schema does not define is ignored, as normalizeResource ignores it on
    // POST and PUT: one rule for every write, and IdPs send attributes a directory may not
    // declare (Okta's custom `urn:okta:…` ones). RFC 7644 §3.12 keeps invalidPath for paths
    // that are "invalid or malformed", which the parser reports.
    case 'unknown':
      return ok(true)
    case 'extension':
      return applyToExtension(draft, op, resolution.extension, value, scope)
    case 'attribute':
      return applyToAttribute(draft, op, resolution.target, value, scope)
  }
}

/**
 * A path (or path-less key) naming an extension URN: its value is an object of that extension's
 * attributes, each applied at its own path. `null` with replace, or a remove without value,
 * removes each attribute the extension holds (with the checks of a remove); add of `null` adds
 * nothing.
 */
function applyToExtension(
  draft: ScimResource,
  op: PatchOp,
  extension: SchemaDefinition,
  value: unknown,
  scope: Scope,
): Applied {
  const isNull = value === null || value === undefined
  if (isNull && op === 'add') return ok(true)
  if (!isNull && !isRecord(value)) {
    return err(scimErrors.invalidValue(`'${extension.id}' must be a JSON object.`))
  }
  const held = draft[extension.id]
  const entries = isRecord(value)
    ? Object.entries(value)
    : Object.keys(isRecord(held) ? held : {}).map((name): [string, unknown] => [name, undefined])
  for (const [name, inner] of entries) {
    const applied = applyAtKey(
      draft,
      isNull ? 'remove' : op,
      `${extension.id}:${name}`,
      inner,
      scope,
    )
    if (!applied.ok) return applied
  }
  return ok(true)
}

function applyToAttribute(
  draft: ScimResource,
  op: PatchOp,
  target: AttributeTarget,
  value: unknown,
  scope: Scope,
): Applied {
  const access = checkAccess(op, target, value, scope.id)
  if (!access.ok) return access
  if (!access.value) return ok(true)
  const current = readAttribute(draft, target)
  if (target.filter && !target.definition.multiValued) {
    return applyToSelectedValue(draft, op, target, current, value, scope)
  }
  const next = nextValue(op, target, current, value, scope)
  if (!next.ok) return next
  const settled = settle(target, current, next.value)
  if (!settled.ok) return settled
  writeAttribute(draft, target, settled.value)
  return ok(true)
}

/**
 * A value filter on a single-valued complex attribute selects its one value when that matches:
 * the operation then acts on the attribute; otherwise a remove does nothing (already gone) and
 * add/replace have no target (RFC 7644 §3.5.2: noTarget).
 */
function applyToSelectedValue(
  draft: ScimResource,
  op: PatchOp,
  target: AttributeTarget,
  current: unknown,
  value: unknown,
  scope: Scope,
): Applied {
  const { filter, ...unfiltered } = target
  const selected =
    current !== undefined &&
    filter !== undefined &&
    matchesValueFilter(filter, current, target.definition)
  if (selected) return applyToAttribute(draft, op, unfiltered, value, scope)
  if (op === 'remove') return ok(true)
  return err(scimErrors.noTarget(`'${target.label}' matched no value.`))
}

/**
 * Whether the operation may write the target (false: skip it silently). RFC 7644 §3.5.2: "A
 * client MUST NOT modify an attribute that has mutability 'readOnly'", and §3.5.2.2 makes
 * removing one a `mutability` error too. Two exceptions: writeOnly attributes (password) are
 * accepted and never stored, as on POST; and Okta renames a group with
 * `{"op":"replace","value":{"id":"<the group's id>","displayName":"…"}}`, so the resource's own
 * id is no change. Any other id is refused.
 */
function checkAccess(
  op: PatchOp,
  target: AttributeTarget,
  value: unknown,
  id: string,
): Result<boolean, ScimError> {
  const { definition, sub } = target
  if (definition.mutability === 'writeOnly' || sub?.mutability === 'writeOnly') return ok(false)
  if (definition.mutability !== 'readOnly' && sub?.mutability !== 'readOnly') return ok(true)
  const isOwnId =
    op !== 'remove' && target.extension === undefined && definition.name === 'id' && value === id
  if (isOwnId) return ok(false)
  return err(scimErrors.mutability(`'${target.label}' is readOnly.`))
}

function nextValue(
  op: PatchOp,
  target: AttributeTarget,
  current: unknown,
  value: unknown,
  scope: Scope,
): Result<unknown, ScimError> {
  if (op === 'remove') return removeValue(target, current, value)
  // RFC 7643 §2.5: null is "unassigned". Adding nothing changes nothing; replacing a value with
  // nothing removes it, with remove's checks (a required attribute cannot become unassigned).
  if (value === null || value === undefined) {
    return op === 'add' ? ok(current) : removeValue(target, current, undefined)
  }
  return writeValue(op, target, current, value, {
    createOnReplace: scope.replaceWithoutMatch === 'create',
  })
}

/** Drops emptied values, then checks immutability and the single primary of RFC 7644 §3.5.2. */
function settle(
  target: AttributeTarget,
  current: unknown,
  next: unknown,
): Result<unknown, ScimError> {
  const value = compact(next)
  const immutable = checkImmutableAttribute(target, current, value)
  if (!immutable.ok) return immutable
  if (!Array.isArray(value)) return ok(value)
  return enforcePrimary(target, elementsOf(current), value)
}

/** Required attributes still assigned, and `schemas` listing the extensions that have data. */
function finish(
  draft: ScimResource,
  original: ScimResource,
  schema: ResourceSchema,
): Result<ScimResource, ScimError> {
  const missing = schema.core.attributes.find((a) => a.required && draft[a.name] === undefined)
  if (missing && original[missing.name] !== undefined) {
    // RFC 7644 §3.5.2.2: "If an attribute is removed or becomes unassigned and is defined as a
    // required attribute or a read-only attribute, the server SHALL return ... a 'scimType'
    // error code of 'mutability'." Checked once all operations ran, so a remove followed by an
    // add of the same attribute is a replace.
    return err(scimErrors.mutability(`'${missing.name}' is required and cannot be removed.`))
  }
  if (missing) return err(scimErrors.invalidValue(`Attribute '${missing.name}' is required.`))
  const { schemas: _schemas, ...attributes } = draft
  const extensions = schema.extensions.filter((e) => isRecord(draft[e.id])).map((e) => e.id)
  return ok({ schemas: [schema.core.id, ...extensions], ...attributes })
}
