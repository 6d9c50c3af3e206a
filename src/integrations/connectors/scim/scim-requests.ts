import type { Filter, PatchPath } from '../../../protocol/scim/filter/index.js'
import { printFilter, printPatchPath } from '../../../protocol/scim/filter/index.js'
import { applyPatch, type PatchOperation } from '../../../protocol/scim/patch/index.js'
import {
  normalizeResource,
  type ResourceSchema,
  type ScimResource,
  URN,
  userResourceSchema,
} from '../../../protocol/scim/schemas/index.js'
import { isRecord, jsonEqual } from '../../../shared/json.js'
import { err, ok, type Result } from '../../../shared/result.js'
import type { AccountChanges, AccountQuery } from '../connector.js'
import { ConnectorError } from '../connector-errors.js'
import type { ScimConnectorProfile } from './scim-profile.js'

/**
 * Request builders of the SCIM client. Filters are ASTs printed with `printFilter`, PATCH bodies
 * are `PatchOperation`s printed with `printPatchPath`, and a PUT body is the current resource
 * with the same operations applied by `applyPatch`: one filter and one PATCH implementation,
 * shared with the server.
 */

/** `userName eq "…"`, `externalId eq "…"`, `emails.value eq "…"`; several are and-ed. */
export function lookupFilter(query: AccountQuery): Filter | undefined {
  const comparisons: Filter[] = []
  const eq = (path: Extract<Filter, { kind: 'compare' }>['path'], value: string): Filter => ({
    kind: 'compare',
    path,
    op: 'eq',
    value,
  })
  if (query.userName !== undefined) comparisons.push(eq({ name: 'userName' }, query.userName))
  if (query.externalId !== undefined) comparisons.push(eq({ name: 'externalId' }, query.externalId))
  if (query.email !== undefined)
    comparisons.push(eq({ name: 'emails', subAttr: 'value' }, query.email))
  return comparisons.reduce<Filter | undefined>(
    (all, next) => (all ? { kind: 'and', left: all, right: next } : next),
    undefined,
  )
}

export function filterParameter(filter: Filter): string {
  return printFilter(filter)
}

/** A change to make: replace the value at a path. */
export type Change = { readonly path: PatchPath; readonly value: unknown }

/**
 * The changes that make `current` (a canonical User) look like `changes` asks: only attributes
 * whose value differs, sub-attribute by sub-attribute for complex ones (`name.givenName`).
 * Empty when nothing differs.
 */
export function userChanges(
  current: ScimResource,
  changes: AccountChanges,
): Result<Change[], ConnectorError> {
  const desired = normalizeResource(
    { ...partialBody(changes), userName: changes.userName ?? current.userName },
    userResourceSchema,
    { tolerateUnknownSchemas: true },
  )
  if (!desired.ok) return err(invalidChanges(desired.error.detail))
  const result: Change[] = []
  for (const [key, value] of Object.entries(desired.value)) {
    if (key === 'schemas' || (key === 'userName' && changes.userName === undefined)) continue
    result.push(...attributeChanges(key, value, current[key]))
  }
  return ok(result)
}

function attributeChanges(key: string, wanted: unknown, current: unknown): Change[] {
  const isExtension = key.toLowerCase().startsWith('urn:')
  if (isRecord(wanted) && !Array.isArray(wanted)) {
    const have = isRecord(current) ? current : {}
    return Object.entries(wanted).flatMap(([sub, value]) => {
      if (sameValue(value, have[sub])) return []
      const path = isExtension
        ? { attrPath: { uri: key, name: sub } }
        : { attrPath: { name: key, subAttr: sub } }
      return [{ path, value }]
    })
  }
  return sameValue(wanted, current) ? [] : [{ path: { attrPath: { name: key } }, value: wanted }]
}

/**
 * Multi-valued attributes match when each wanted value is there with the sub-attributes we set
 * (an app may add `display` or `$ref`); anything else compares as JSON.
 */
function sameValue(wanted: unknown, current: unknown): boolean {
  if (Array.isArray(wanted) && Array.isArray(current)) {
    return (
      wanted.length === current.length &&
      wanted.every((value, i) => {
        const have = current[i]
        if (!isRecord(value) || !isRecord(have)) return jsonEqual(value, have)
        return Object.entries(value).every(([k, v]) => jsonEqual(v, have[k]))
      })
    )
  }
  return jsonEqual(wanted, current)
}

function partialBody(changes: AccountChanges): ScimResource {
  const body: ScimResource = { ...(changes.attributes ?? {}) }
  if (changes.externalId !== undefined) body.externalId = changes.externalId
  if (changes.displayName !== undefined) body.displayName = changes.displayName
  if (changes.name !== undefined) body.name = { ...changes.name }
  if (changes.emails !== undefined) body.emails = changes.emails.map((email) => ({ ...email }))
  if (changes.active !== undefined) body.active = changes.active
  return body
}

function invalidChanges(detail: string): ConnectorError {
  return new ConnectorError({
    class: 'invalid',
    message: 'The changes do not fit the SCIM resource',
    detail,
  })
}

/** The changes as PATCH operations (RFC 7644 §3.5.2.3 replace). */
export function replaceOperations(changes: readonly Change[]): PatchOperation[] {
  return changes.map((change) => ({ op: 'replace', path: change.path, value: change.value }))
}

/**
 * A PatchOp message in the app's dialect: op names in its case, and either one operation per
 * path or one path-less replace whose value holds every change (RFC 7644 §3.5.2.3 allows both).
 */
export function patchBody(
  operations: readonly PatchOperation[],
  profile: Pick<ScimConnectorProfile, 'patchOpCase' | 'patchStyle'>,
): Record<string, unknown> {
  const opName = (op: string) =>
    profile.patchOpCase === 'capitalized' ? op.charAt(0).toUpperCase() + op.slice(1) : op
  const valueStyle =
    profile.patchStyle === 'value' &&
    operations.every((o) => o.op === 'replace' && o.path && !o.path.valueFilter)
  const wire = valueStyle
    ? [{ op: opName('replace'), value: pathlessValue(operations) }]
    : operations.map((o) => ({
        op: opName(o.op),
        ...(o.path ? { path: printPatchPath(o.path) } : {}),
        ...(o.value === undefined ? {} : { value: o.value }),
      }))
  return { schemas: [URN.patchOp], Operations: wire }
}

/** `{"name":{"givenName":"A"},"active":false}` for a path-less replace. */
function pathlessValue(operations: readonly PatchOperation[]): Record<string, unknown> {
  const value: Record<string, unknown> = {}
  for (const operation of operations) {
    const path = operation.path?.attrPath
    if (!path) continue
    const container = path.uri === undefined ? value : child(value, path.uri)
    if (path.subAttr === undefined) container[path.name] = operation.value
    else child(container, path.name)[path.subAttr] = operation.value
  }
  return value
}

function child(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = parent[key]
  if (isRecord(existing)) return existing
  const created: Record<string, unknown> = {}
  parent[key] = created
  return created
}

/** The whole resource to PUT: the current one with the operations applied by the PATCH engine. */
export function putBody(
  id: string,
  current: ScimResource,
  operations: readonly PatchOperation[],
  schema: ResourceSchema,
): Result<ScimResource, ConnectorError> {
  const next = applyPatch(current, operations, schema, { id })
  if (!next.ok) return err(invalidChanges(next.error.detail))
  return ok({ ...next.value, id })
}
