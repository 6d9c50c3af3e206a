import { findKey, isRecord } from '../../../shared/json.js'
import { err, ok, type Result } from '../../../shared/result.js'
import { type PatchPath, parsePatchPath } from '../filter/index.js'
import { URN } from '../schemas/index.js'
import { type ScimError, scimErrors } from '../scim-errors.js'
import { atOperation } from './patch-errors.js'
import type { PatchOp, PatchOperation } from './types.js'

/**
 * Most operations one PATCH may carry. RFC 7644 sets no limit for PATCH; for the closest case,
 * a bulk request over `maxOperations`, §3.7.3 answers 413 Payload Too Large, so a PATCH over the
 * limit gets the same status (not 400 `tooMany`, which §3.12 reserves for filter results).
 * Okta and Entra send one operation per change and batch members inside one operation's value,
 * so real requests stay far below this.
 */
export const MAX_PATCH_OPERATIONS = 1000

const OPS: readonly string[] = ['add', 'replace', 'remove'] satisfies readonly PatchOp[]
const PATCH_OP_URN = URN.patchOp.toLowerCase()

/**
 * Validates a PatchOp message (RFC 7644 §3.5.2) and parses each operation's path. Checks the
 * message, not the resource: whether a path exists or a value fits is `applyPatch`'s job.
 */
export function parsePatchRequest(body: unknown): Result<PatchOperation[], ScimError> {
  if (!isRecord(body)) {
    return err(scimErrors.invalidSyntax('The PATCH request body must be a JSON object.'))
  }
  const schemas = checkSchemas(body)
  if (!schemas.ok) return schemas
  const list = operationList(body)
  if (!list.ok) return list
  const operations: PatchOperation[] = []
  for (const [index, raw] of list.value.entries()) {
    const parsed = parseOperation(raw)
    if (!parsed.ok) return err(atOperation(index, parsed.error))
    operations.push(parsed.value)
  }
  return ok(operations)
}

/**
 * RFC 7644 §3.5.2 requires `schemas` with the PatchOp URN. Some clients omit `schemas`
 * altogether, which is accepted (there is nothing else the body could be); a `schemas` that is
 * present but does not list the URN is a different message, so it is refused.
 */
function checkSchemas(body: Record<string, unknown>): Result<true, ScimError> {
  const key = findKey(body, 'schemas')
  const schemas = key === undefined ? undefined : body[key]
  if (schemas === undefined || schemas === null) return ok(true)
  const listed =
    Array.isArray(schemas) &&
    schemas.some((uri) => typeof uri === 'string' && uri.toLowerCase() === PATCH_OP_URN)
  if (listed) return ok(true)
  return err(scimErrors.invalidSyntax(`'schemas' must contain "${URN.patchOp}".`))
}

/** `Operations` (name matched ignoring case, RFC 7643 §2.1): one or more operations. */
function operationList(body: Record<string, unknown>): Result<readonly unknown[], ScimError> {
  const key = findKey(body, 'Operations')
  const list = key === undefined ? undefined : body[key]
  if (!Array.isArray(list) || list.length === 0) {
    return err(scimErrors.invalidSyntax("'Operations' must be a non-empty array of operations."))
  }
  if (list.length > MAX_PATCH_OPERATIONS) {
    return err(
      scimErrors.payloadTooLarge(
        `A PATCH request may carry at most ${MAX_PATCH_OPERATIONS} operations; this one has ${list.length}.`,
      ),
    )
  }
  return ok(list)
}

/**
 * One operation. Keys are matched ignoring case and extra keys are ignored (Entra sends
 * `"name": "addMember"`). `value` is kept as sent, `null` included.
 */
function parseOperation(raw: unknown): Result<PatchOperation, ScimError> {
  if (!isRecord(raw)) return err(scimErrors.invalidSyntax('Each operation must be a JSON object.'))
  const op = opOf(raw)
  if (!op.ok) return op
  const path = pathOf(raw)
  if (!path.ok) return path
  const valueKey = findKey(raw, 'value')
  const value = valueKey === undefined ? undefined : raw[valueKey]
  if (op.value !== 'remove' && valueKey === undefined) {
    return err(scimErrors.invalidSyntax(`An "${op.value}" operation requires a 'value'.`))
  }
  // RFC 7644 §3.5.2.2: "If 'path' is unspecified, the operation fails with ... 'noTarget'". A
  // path-less remove whose value is an object of attributes says what to remove, so it passes.
  if (op.value === 'remove' && path.value === undefined && !isRecord(value)) {
    return err(scimErrors.noTarget('A "remove" operation requires a \'path\'.'))
  }
  return ok({
    op: op.value,
    ...(path.value !== undefined ? { path: path.value } : {}),
    ...(value !== undefined ? { value } : {}),
  })
}

/** `op`, ignoring case: Entra sends `Add`, `Replace`, `Remove`. */
function opOf(raw: Record<string, unknown>): Result<PatchOp, ScimError> {
  const key = findKey(raw, 'op')
  const op = key === undefined ? undefined : raw[key]
  const lower = typeof op === 'string' ? op.toLowerCase() : undefined
  if (lower !== undefined && isPatchOp(lower)) return ok(lower)
  const found = op === undefined ? 'none' : JSON.stringify(op)
  return err(scimErrors.invalidSyntax(`'op' must be "add", "replace" or "remove"; found ${found}.`))
}

/** `path`, parsed; absent or null means the operation targets the resource itself. */
function pathOf(raw: Record<string, unknown>): Result<PatchPath | undefined, ScimError> {
  const key = findKey(raw, 'path')
  const path = key === undefined ? undefined : raw[key]
  if (path === undefined || path === null) return ok(undefined)
  if (typeof path !== 'string') return err(scimErrors.invalidPath("'path' must be a string."))
  return parsePatchPath(path)
}

function isPatchOp(text: string): text is PatchOp {
  return OPS.includes(text)
}
