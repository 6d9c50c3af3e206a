import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { unwrap } from '../../../shared/result.js'
import { URN } from '../schemas/index.js'
import {
  assertScimError,
  ENTERPRISE,
  GROUP_ID,
  minimalUser,
  patch,
  storedGroup,
  storedUser,
} from './patch-fixtures.js'

/** The request bodies Okta and Microsoft Entra ID send, verbatim, through parse + apply. */

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const MANAGER_ID = '26118915-6090-4610-87e4-49d8ca9f808d'

describe('Okta', () => {
  it('deactivates a user with a path-less replace', () => {
    const body = {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    }
    assert.deepEqual(unwrap(patch(storedUser(), body)), { ...storedUser(), active: false })
  })

  it('renames a group with its own id in the value, without schemas', () => {
    const body = {
      Operations: [{ op: 'replace', value: { id: GROUP_ID, displayName: 'Renamed' } }],
    }
    assert.deepEqual(unwrap(patch(storedGroup(), body)), {
      ...storedGroup(),
      displayName: 'Renamed',
    })
  })

  it('refuses a rename carrying another id (mutability)', () => {
    const body = {
      Operations: [{ op: 'replace', value: { id: 'not-this-group', displayName: 'X' } }],
    }
    const result = patch(storedGroup(), body)
    assert.equal(result.ok, false)
    if (!result.ok) assertScimError(result.error, 400, 'mutability')
  })

  it('adds a member', () => {
    const body = {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: 'u3', display: 'a@b.c' }] }],
    }
    const group = unwrap(patch(storedGroup(), body))
    assert.deepEqual((group.members as unknown[]).at(-1), { value: 'u3', display: 'a@b.c' })
  })

  it('removes a member with a value filter', () => {
    const body = {
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: 'members[value eq "u1"]' }],
    }
    assert.deepEqual(unwrap(patch(storedGroup(), body)).members, [
      { value: 'u2', type: 'User', display: 'Mandy Pepperidge' },
    ])
  })
})

describe('Microsoft Entra ID', () => {
  const run = (resource: Record<string, unknown>, ...operations: unknown[]) =>
    unwrap(patch(resource, { schemas: [PATCH_OP], Operations: operations }))

  it('disables a user with "Replace" and the string "False"', () => {
    assert.equal(run(storedUser(), { op: 'Replace', path: 'active', value: 'False' }).active, false)
    assert.equal(run(storedUser(), { op: 'Replace', path: 'active', value: 'True' }).active, true)
  })

  it('creates the work email with an Add on a value path', () => {
    const user = run(minimalUser(), {
      op: 'Add',
      path: 'emails[type eq "work"].value',
      value: 'x@y.z',
    })
    assert.deepEqual(user.emails, [{ type: 'work', value: 'x@y.z' }])
  })

  it('updates the existing work email with the same Add', () => {
    const user = run(storedUser(), {
      op: 'Add',
      path: 'emails[type eq "work"].value',
      value: 'x@y.z',
    })
    assert.deepEqual(user.emails, [
      { value: 'x@y.z', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ])
  })

  it('sets the manager from a bare id and from a one-element array', () => {
    const path = `${ENTERPRISE}:manager`
    const expected = { ...(storedUser()[ENTERPRISE] as object), manager: { value: 'mgr-id' } }
    assert.deepEqual(
      run(storedUser(), { op: 'Replace', path, value: 'mgr-id' })[ENTERPRISE],
      expected,
    )
    const listed = run(storedUser(), { op: 'Replace', path, value: [{ value: 'mgr-id' }] })
    assert.deepEqual(listed[ENTERPRISE], expected)
  })

  it('sets the manager through an unqualified path', () => {
    const user = run(minimalUser(), { op: 'Replace', path: 'manager', value: 'mgr-id' })
    assert.deepEqual(user[ENTERPRISE], { manager: { value: 'mgr-id' } })
    assert.deepEqual(user.schemas, [URN.user, ENTERPRISE])
  })

  it('applies path-keyed values of a path-less Replace', () => {
    const user = run(storedUser(), {
      op: 'Replace',
      value: { 'name.givenName': 'A', [`${ENTERPRISE}:department`]: 'D' },
    })
    assert.deepEqual(user.name, { ...(storedUser().name as object), givenName: 'A' })
    assert.equal((user[ENTERPRISE] as Record<string, unknown>).department, 'D')
  })

  it('applies a path-less Add of a value path key, creating the email', () => {
    const user = run(minimalUser(), {
      op: 'Add',
      value: { 'emails[type eq "work"].value': 'a@b.c', 'name.familyName': 'Liddell' },
    })
    assert.deepEqual(user.emails, [{ type: 'work', value: 'a@b.c' }])
    assert.deepEqual(user.name, { familyName: 'Liddell' })
  })

  it('adds a member given as a bare string id', () => {
    const group = run(storedGroup(), { op: 'Add', path: 'members', value: 'string id 1' })
    assert.deepEqual((group.members as unknown[]).at(-1), { value: 'string id 1' })
  })

  it('adds a member whose display is sent as displayName', () => {
    const group = run(storedGroup(), {
      name: 'addMember',
      op: 'add',
      path: 'members',
      value: [{ displayName: 'new User', value: 'u4' }],
    })
    assert.deepEqual((group.members as unknown[]).at(-1), { display: 'new User', value: 'u4' })
  })

  it('removes listed members with a Remove carrying a value', () => {
    const group = run(storedGroup(), { op: 'Remove', path: 'members', value: [{ value: 'u1' }] })
    assert.deepEqual(group.members, [{ value: 'u2', type: 'User', display: 'Mandy Pepperidge' }])
  })

  it('removes every member with a Remove on members', () => {
    assert.deepEqual(run(storedGroup(), { op: 'remove', path: 'members' }), {
      schemas: [URN.group],
      displayName: 'Tour Guides',
    })
  })

  it('renames a user with a capitalised op', () => {
    const user = run(storedUser(), { op: 'Replace', path: 'userName', value: 'newusername' })
    assert.equal(user.userName, 'newusername')
  })

  it('clears the manager with a Remove', () => {
    const user = run(storedUser(), { op: 'Remove', path: `${ENTERPRISE}:manager` })
    assert.deepEqual(user[ENTERPRISE], { employeeNumber: '701984', department: 'Tour Operations' })
  })

  it('keeps the manager when Remove names a different one', () => {
    const path = `${ENTERPRISE}:manager`
    const stale = run(storedUser(), { op: 'Remove', path, value: [{ value: 'previous-manager' }] })
    assert.deepEqual(stale, storedUser())
    const current = run(storedUser(), { op: 'Remove', path, value: [{ value: MANAGER_ID }] })
    assert.equal((current[ENTERPRISE] as Record<string, unknown>).manager, undefined)
  })
})
