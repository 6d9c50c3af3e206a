import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { unwrap } from '../../../shared/result.js'
import { parsePatchPath } from '../filter/index.js'
import {
  attribute,
  groupResourceSchema,
  type SchemaDefinition,
  type ScimResource,
  URN,
  userResourceSchema,
} from '../schemas/index.js'
import { applyPatch, type PatchOp, type PatchOperation } from './index.js'
import {
  assertScimError,
  ENTERPRISE,
  failure,
  GROUP_ID,
  minimalUser,
  patched,
  storedGroup,
  storedUser,
  USER_ID,
} from './patch-fixtures.js'

describe('mutability (RFC 7644 §3.5.2)', () => {
  it('refuses paths to readOnly attributes and sub-attributes', () => {
    const cases: [string, unknown][] = [
      ['id', 'x'],
      ['meta', { version: 'W/"1"' }],
      ['meta.lastModified', '2024-01-01T00:00:00Z'],
      ['groups', [{ value: 'g1' }]],
      ['groups[value eq "g1"].display', 'x'],
      [`${ENTERPRISE}:manager.displayName`, 'Boss'],
    ]
    for (const [path, value] of cases) {
      for (const op of ['add', 'replace']) {
        assertScimError(failure(storedUser(), { op, path, value }), 400, 'mutability')
      }
      assertScimError(failure(storedUser(), { op: 'remove', path }), 400, 'mutability')
    }
  })

  it('refuses readOnly keys in a path-less value, except the resource’s own id', () => {
    assertScimError(
      failure(storedUser(), { op: 'replace', value: { meta: {} } }),
      400,
      'mutability',
    )
    assertScimError(failure(storedUser(), { op: 'add', value: { groups: [] } }), 400, 'mutability')
    assertScimError(
      failure(storedUser(), { op: 'replace', value: { id: GROUP_ID } }),
      400,
      'mutability',
    )
    const same = patched(storedUser(), { op: 'replace', value: { id: USER_ID, title: 'T' } })
    assert.equal(same.title, 'T')
    assert.equal(same.id, undefined)
  })

  it('refuses changing an immutable sub-attribute that has a value', () => {
    const cases = [
      { op: 'replace', path: 'members[value eq "u1"].value', value: 'u9' },
      { op: 'add', path: 'members[value eq "u1"].type', value: 'Group' },
      { op: 'replace', path: 'members[value eq "u1"]', value: { value: 'u9' } },
      { op: 'remove', path: 'members[value eq "u1"].value' },
      { op: 'replace', path: 'members.type', value: 'Group' },
    ]
    for (const operation of cases) {
      assertScimError(failure(storedGroup(), operation), 400, 'mutability')
    }
  })

  it('allows setting an immutable sub-attribute that had none, or to the same value', () => {
    const group = patched(storedGroup(), { op: 'add', path: 'members', value: [{ value: 'u3' }] })
    const typed = patched(group, { op: 'add', path: 'members[value eq "u3"].type', value: 'User' })
    assert.deepEqual((typed.members as unknown[]).at(-1), { value: 'u3', type: 'User' })
    const same = {
      op: 'replace',
      path: 'members[value eq "u1"]',
      value: { value: 'u1', display: 'B' },
    }
    assert.equal((patched(storedGroup(), same).members as { display: string }[])[0]?.display, 'B')
  })

  it('treats adding and removing whole members as no change of an immutable value', () => {
    const replaced = patched(storedGroup(), {
      op: 'replace',
      path: 'members',
      value: [{ value: 'u7' }],
    })
    assert.deepEqual(replaced.members, [{ value: 'u7' }])
  })

  it('lets an immutable attribute be set once, then refuses changing or removing it', () => {
    const acme: SchemaDefinition = {
      id: 'urn:example:params:scim:schemas:extension:acme:2.0:User',
      name: 'AcmeUser',
      description: 'Acme',
      attributes: [attribute('badgeCode', 'string', 'Set once.', { mutability: 'immutable' })],
    }
    const schema = { ...userResourceSchema, extensions: [acme] }
    const run = (resource: ScimResource, text: string, op: PatchOp, value?: unknown) => {
      const operation = {
        op,
        path: unwrap(parsePatchPath(text)),
        ...(value !== undefined ? { value } : {}),
      }
      return applyPatch(resource, [operation], schema, { id: USER_ID })
    }
    const set = unwrap(run(minimalUser(), 'badgeCode', 'add', 'B-7'))
    assert.deepEqual(set[acme.id], { badgeCode: 'B-7' })
    assert.deepEqual(unwrap(run(set, 'badgeCode', 'replace', 'B-7')), set)
    const changes = [
      run(set, 'badgeCode', 'replace', 'B-8'),
      run(set, 'badgeCode', 'remove'),
      run(set, acme.id, 'remove'),
      run(set, acme.id, 'replace', null),
    ]
    for (const changed of changes) {
      assert.equal(changed.ok, false)
      if (!changed.ok) assertScimError(changed.error, 400, 'mutability')
    }
  })

  it('ignores writeOnly attributes, as POST does', () => {
    assert.deepEqual(
      patched(storedUser(), { op: 'replace', path: 'password', value: 's3cret!' }),
      storedUser(),
    )
    assert.deepEqual(
      patched(storedUser(), { op: 'replace', value: { password: 's3cret!' } }),
      storedUser(),
    )
  })
})

describe('required attributes', () => {
  // RFC 7644 §3.5.2.2: "If an attribute is removed or becomes unassigned and is defined as a
  // required attribute or a read-only attribute, the server SHALL return ... 'mutability'."
  it('refuses removing userName or a group displayName with mutability', () => {
    assertScimError(failure(storedUser(), { op: 'remove', path: 'userName' }), 400, 'mutability')
    assertScimError(
      failure(storedGroup(), { op: 'remove', path: 'displayName' }),
      400,
      'mutability',
    )
    assertScimError(
      failure(storedUser(), { op: 'replace', path: 'userName', value: null }),
      400,
      'mutability',
    )
    assertScimError(
      failure(storedUser(), { op: 'replace', value: { userName: null } }),
      400,
      'mutability',
    )
  })

  it('accepts a remove followed by an add of the same required attribute', () => {
    const user = patched(
      storedUser(),
      { op: 'remove', path: 'userName' },
      { op: 'add', path: 'userName', value: 'babs' },
    )
    assert.equal(user.userName, 'babs')
  })
})

describe('unknown attributes and malformed paths', () => {
  it('ignores attributes the schema does not define, as POST and PUT do', () => {
    const operations = [
      { op: 'add', path: 'favoriteColor', value: 'blue' },
      { op: 'replace', path: 'name.nickname', value: 'x' },
      { op: 'remove', path: 'urn:okta:custom:User:level' },
      { op: 'replace', path: 'members', value: [{ value: 'u1' }] },
      { op: 'add', value: { 'urn:ietf:params:scim:schemas:extension:okta:2.0:User': { a: 1 } } },
      { op: 'replace', path: 'emails[type eq "work"].label', value: 'x' },
    ]
    assert.deepEqual(patched(storedUser(), ...operations), storedUser())
  })

  it('answers invalidPath for a value filter on a single-valued simple attribute', () => {
    assertScimError(
      failure(storedUser(), { op: 'replace', path: 'userName[value eq "x"]', value: 'x' }),
      400,
      'invalidPath',
    )
  })

  it('lets a value filter select the one value of a complex attribute (Entra manager removal)', () => {
    const manager = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager'
    const withManager = patched(storedUser(), { op: 'add', path: manager, value: 'boss-1' })
    const stale = patched(withManager, { op: 'remove', path: `${manager}[value eq "boss-2"]` })
    assert.deepEqual(stale, withManager)
    const removed = patched(withManager, { op: 'remove', path: `${manager}[value eq "boss-1"]` })
    assert.equal(
      (
        removed['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] as
          | Record<string, unknown>
          | undefined
      )?.manager,
      undefined,
    )
    assertScimError(
      failure(storedUser(), {
        op: 'replace',
        path: 'name[givenName eq "nobody"].familyName',
        value: 'x',
      }),
      400,
      'noTarget',
    )
  })

  it('answers invalidPath for a path-less key that is not a path', () => {
    const error = failure(storedUser(), { op: 'replace', value: { 'emails[type eq': 'x' } })
    assertScimError(error, 400, 'invalidPath')
  })

  it('answers invalidValue for a path-less add or replace whose value is not an object', () => {
    const operations: PatchOperation[] = [{ op: 'replace', value: 'x' }]
    const result = applyPatch(storedUser(), operations, userResourceSchema, { id: USER_ID })
    assert.equal(result.ok, false)
    if (!result.ok) assertScimError(result.error, 400, 'invalidValue')
  })

  it('answers noTarget for a hand-built remove without path', () => {
    const result = applyPatch(storedGroup(), [{ op: 'remove' }], groupResourceSchema, {
      id: GROUP_ID,
    })
    assert.equal(result.ok, false)
    if (!result.ok) assertScimError(result.error, 400, 'noTarget')
  })
})

describe('values', () => {
  it('answers invalidValue for a wrongly typed value', () => {
    const cases = [
      { op: 'replace', path: 'active', value: 'maybe' },
      { op: 'replace', path: 'userName', value: { first: 'x' } },
      { op: 'add', path: 'emails', value: [42.5, true] },
      { op: 'add', path: 'name', value: 'Barbara' },
      { op: 'replace', path: 'emails[type eq "work"].primary', value: 'yes' },
      { op: 'replace', path: ENTERPRISE, value: 'Sales' },
      {
        op: 'add',
        path: 'emails',
        value: [
          { value: 'a@x', primary: true },
          { value: 'b@x', primary: true },
        ],
      },
    ]
    for (const operation of cases) {
      assertScimError(failure(storedUser(), operation), 400, 'invalidValue')
    }
  })

  it('normalizes values as POST does', () => {
    const user = patched(
      minimalUser(),
      { op: 'replace', path: 'active', value: 'FALSE' },
      { op: 'add', path: 'externalId', value: 1234 },
      { op: 'add', path: 'NAME', value: { GivenName: 'Al', unknown: 'x' } },
    )
    assert.deepEqual(user, {
      ...minimalUser(),
      active: false,
      externalId: '1234',
      name: { givenName: 'Al' },
    })
  })
})

describe('primary (RFC 7644 §3.5.2)', () => {
  it('clears primary on the other values when one is set primary', () => {
    const user = patched(storedUser(), {
      op: 'replace',
      path: 'emails[type eq "home"].primary',
      value: true,
    })
    assert.deepEqual(user.emails, [
      { value: 'bjensen@example.com', type: 'work', primary: false },
      { value: 'babs@jensen.org', type: 'home', primary: true },
    ])
  })

  it('clears it when a new primary value is added', () => {
    const user = patched(storedUser(), {
      op: 'add',
      path: 'emails',
      value: { value: 'n@x.y', primary: true },
    })
    assert.deepEqual(
      (user.emails as { primary?: boolean }[]).map((email) => email.primary),
      [false, undefined, true],
    )
  })

  it('refuses an operation that makes two values primary', () => {
    const error = failure(storedUser(), { op: 'replace', path: 'emails.primary', value: true })
    assertScimError(error, 400, 'invalidValue')
  })
})

describe('atomicity (RFC 7644 §3.5.2)', () => {
  it('applies nothing when a later operation fails, and names it', () => {
    const input = storedUser()
    const operations: PatchOperation[] = [
      { op: 'replace', path: unwrap(parsePatchPath('displayName')), value: 'Changed' },
      { op: 'remove', path: unwrap(parsePatchPath('userName')) },
      { op: 'replace', path: unwrap(parsePatchPath('active')), value: 'nope' },
    ]
    const result = applyPatch(input, operations, userResourceSchema, { id: USER_ID })
    assert.equal(result.ok, false)
    if (!result.ok) {
      assertScimError(result.error, 400, 'invalidValue')
      assert.match(result.error.detail, /^Operations\[2\]: /)
    }
    assert.deepEqual(input, storedUser())
  })

  it('returns a new object and keeps schemas canonical', () => {
    const input = minimalUser()
    const result = unwrap(applyPatch(input, [], userResourceSchema, { id: USER_ID }))
    assert.notEqual(result, input)
    assert.deepEqual(result, { ...minimalUser(), schemas: [URN.user] })
  })
})
