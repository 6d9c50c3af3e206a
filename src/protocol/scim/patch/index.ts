/**
 * SCIM PATCH (RFC 7644 §3.5.2): validate a PatchOp message, then apply it to a stored resource.
 * Pure functions; no I/O. Both return a Result and never throw for anything a client sends.
 */

/**
 * Applies parsed operations to a canonical stored resource (schema-case names, extensions under
 * their URN, no id/meta) and returns a new canonical resource, or the first error: all
 * operations or none. Values are normalized as on POST, readOnly paths are `mutability`, unknown
 * attributes are ignored, and a patch that changes nothing returns a resource `jsonEqual` to
 * the input, so the caller can keep `meta.version`.
 * @example
 * const operations = unwrap(parsePatchRequest(body))
 * const next = applyPatch(stored, operations, userResourceSchema, { id })
 * if (!next.ok) return reply(next.error) // a ScimError: status, scimType, detail
 */
export { applyPatch } from './apply-patch.js'
/**
 * Validates a PatchOp request body and parses each operation's `path`. Accepts what Okta and
 * Entra ID send: `op` in any case (`Replace`), `Operations` in any case, a missing `schemas`,
 * extra keys such as Entra's `"name": "addMember"`. Failures: invalidSyntax for the message,
 * invalidPath for a path, noTarget for a remove without path, 413 over MAX_PATCH_OPERATIONS.
 * @example
 * parsePatchRequest({
 *   schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
 *   Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
 * }) // → ok([{ op: 'replace', path: { attrPath: { name: 'active' } }, value: 'False' }])
 */
export { MAX_PATCH_OPERATIONS, parsePatchRequest } from './parse-patch.js'

/** One parsed operation, and the request facts `applyPatch` needs beyond the resource. */
export type { PatchContext, PatchOp, PatchOperation } from './types.js'
