import assert from 'node:assert/strict'
import { cloneJson } from '../../../shared/json.js'
import { unwrap } from '../../../shared/result.js'
import {
  groupResourceSchema,
  type ResourceSchema,
  type ScimResource,
  URN,
  userResourceSchema,
} from '../schemas/index.js'
import type { ScimError } from '../scim-errors.js'
import { applyPatch } from './apply-patch.js'
import { parsePatchRequest } from './parse-patch.js'
import type { PatchContext } from './types.js'

/**
 * Fixtures for the PATCH engine's tests (imported by `*.test.ts` only): canonical stored
 * resources as the directory keeps them, and helpers that run a request body end to end.
 */

export const USER_ID = '2819c223-7f76-453a-919d-413861904646'
export const GROUP_ID = 'e9e30dba-f08f-4109-8486-d5c6a331660a'
export const ENTERPRISE = URN.enterpriseUser

/** A User with the core and enterprise attributes Okta and Entra provision. */
export function storedUser(): ScimResource {
  return {
    schemas: [URN.user, ENTERPRISE],
    userName: 'bjensen@example.com',
    externalId: 'bjensen',
    name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara' },
    displayName: 'Babs Jensen',
    active: true,
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    phoneNumbers: [{ value: '555-555-8377', type: 'work' }],
    [ENTERPRISE]: {
      employeeNumber: '701984',
      department: 'Tour Operations',
      manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' },
    },
  }
}

/** A User with the core schema only: no emails, no enterprise data. */
export function minimalUser(): ScimResource {
  return { schemas: [URN.user], userName: 'alice@example.com', active: true }
}

/** A Group as the directory stores it: members with the `type` the service filled in. */
export function storedGroup(): ScimResource {
  return {
    schemas: [URN.group],
    displayName: 'Tour Guides',
    members: [
      { value: 'u1', type: 'User', display: 'Babs Jensen' },
      { value: 'u2', type: 'User', display: 'Mandy Pepperidge' },
    ],
  }
}

/** Parses and applies a PatchOp body, as the service does; returns the Result. */
export function patch(
  resource: ScimResource,
  body: unknown,
  schema: ResourceSchema = schemaOf(resource),
  id: string = schema === groupResourceSchema ? GROUP_ID : USER_ID,
  options: Omit<PatchContext, 'id'> = {},
) {
  const operations = parsePatchRequest(body)
  if (!operations.ok) return operations
  return applyPatch(resource, operations.value, schema, { id, ...options })
}

/** `patch` with the operations wrapped in a PatchOp message; the patched resource. */
export function patched(resource: ScimResource, ...operations: unknown[]): ScimResource {
  const before = cloneJson(resource)
  const result = unwrap(patch(resource, message(...operations)))
  assert.deepEqual(resource, before, 'applyPatch must not mutate its input')
  return result
}

/** The error of a PatchOp with these operations, which must fail. */
export function failure(resource: ScimResource, ...operations: unknown[]): ScimError {
  const result = patch(resource, message(...operations))
  if (result.ok) assert.fail(`expected a failure, got ${JSON.stringify(result.value)}`)
  return result.error
}

/** Asserts an error's HTTP status and scimType (RFC 7644 §3.12). */
export function assertScimError(error: ScimError, status: number, scimType: string | undefined) {
  assert.equal(error.status, status, error.detail)
  assert.equal(error.scimType, scimType, error.detail)
}

export function message(...operations: unknown[]): Record<string, unknown> {
  return { schemas: [URN.patchOp], Operations: operations }
}

function schemaOf(resource: ScimResource): ResourceSchema {
  const schemas = Array.isArray(resource.schemas) ? resource.schemas : []
  return schemas.includes(URN.group) ? groupResourceSchema : userResourceSchema
}
