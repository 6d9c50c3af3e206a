import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { unwrap } from '../../../shared/result.js'
import { URN } from '../schemas/index.js'
import {
  assertScimError,
  ENTERPRISE,
  failure,
  message,
  minimalUser,
  patch,
  patched,
  storedGroup,
  storedUser,
} from './patch-fixtures.js'

describe('add (RFC 7644 §3.5.2.1)', () => {
  it('sets a single-valued simple attribute', () => {
    assert.equal(
      patched(storedUser(), { op: 'add', path: 'title', value: 'Tour Guide' }).title,
      'Tour Guide',
    )
    assert.equal(
      patched(storedUser(), { op: 'add', path: 'displayName', value: 'B' }).displayName,
      'B',
    )
  })

  it('merges sub-attributes into a complex attribute', () => {
    const user = patched(storedUser(), { op: 'add', path: 'name', value: { middleName: 'Jane' } })
    assert.deepEqual(user.name, {
      formatted: 'Ms. Barbara J Jensen III',
      familyName: 'Jensen',
      givenName: 'Barbara',
      middleName: 'Jane',
    })
  })

  it('sets a sub-attribute, creating the complex value when unassigned', () => {
    const user = patched(minimalUser(), { op: 'add', path: 'name.givenName', value: 'Alice' })
    assert.deepEqual(user.name, { givenName: 'Alice' })
  })

  it('appends to a multi-valued attribute, a single value standing for a list of one', () => {
    const listed = patched(storedGroup(), { op: 'add', path: 'members', value: [{ value: 'u3' }] })
    const single = patched(storedGroup(), { op: 'add', path: 'members', value: { value: 'u3' } })
    assert.deepEqual(listed.members, [...(storedGroup().members as unknown[]), { value: 'u3' }])
    assert.deepEqual(single, listed)
  })

  it('does not duplicate a value already there, comparing members by value', () => {
    const again = { op: 'add', path: 'members', value: [{ value: 'u1', display: 'other' }] }
    assert.deepEqual(patched(storedGroup(), again), storedGroup())
    const twice = { op: 'add', path: 'members', value: [{ value: 'u3' }, { value: 'u3' }] }
    assert.equal((patched(storedGroup(), twice).members as unknown[]).length, 3)
  })

  it('compares values honouring caseExact (emails are case-insensitive)', () => {
    const value = [{ value: 'BJENSEN@example.com', type: 'work' }]
    assert.deepEqual(patched(storedUser(), { op: 'add', path: 'emails', value }), storedUser())
  })

  it('sets the sub-attribute on every value the filter matches', () => {
    const user = patched(storedUser(), {
      op: 'add',
      path: 'emails[type eq "home"].display',
      value: 'Home mail',
    })
    assert.deepEqual((user.emails as unknown[])[1], {
      value: 'babs@jensen.org',
      type: 'home',
      display: 'Home mail',
    })
  })

  it('creates the value an eq-only filter describes when none matches', () => {
    const user = patched(storedUser(), {
      op: 'add',
      path: 'phoneNumbers[type eq "mobile" and primary eq true].value',
      value: '555-555-0000',
    })
    assert.deepEqual(user.phoneNumbers, [
      { value: '555-555-8377', type: 'work' },
      { type: 'mobile', primary: true, value: '555-555-0000' },
    ])
  })

  it('answers noTarget when no value matches a filter that is not a conjunction of eq', () => {
    const cases = [
      'emails[type co "other"].value',
      'emails[type eq "other" or type eq "x"].value',
      'emails[not (type eq "home" or type eq "work")].display',
      'emails[type eq "a" and type eq "b"].value',
      'emails[value eq "z@z.z"].value',
    ]
    for (const path of cases) {
      assertScimError(failure(storedUser(), { op: 'add', path, value: 'x@y.z' }), 400, 'noTarget')
    }
  })

  it('adds an extension attribute and lists the extension in schemas', () => {
    const user = patched(minimalUser(), {
      op: 'add',
      path: `${ENTERPRISE}:department`,
      value: 'R&D',
    })
    assert.deepEqual(user.schemas, [URN.user, ENTERPRISE])
    assert.deepEqual(user[ENTERPRISE], { department: 'R&D' })
  })

  it('takes an extension URN as path, with an object of its attributes', () => {
    const user = patched(minimalUser(), {
      op: 'add',
      path: ENTERPRISE,
      value: { costCenter: '4130', manager: { value: 'm1' } },
    })
    assert.deepEqual(user[ENTERPRISE], { costCenter: '4130', manager: { value: 'm1' } })
  })

  it('without a path, applies each key of the value as an add at that path', () => {
    const user = patched(minimalUser(), {
      op: 'add',
      value: {
        emails: [{ value: 'a@example.com', type: 'work' }],
        nickName: 'Al',
        [ENTERPRISE]: { division: 'West' },
      },
    })
    assert.deepEqual(user, {
      schemas: [URN.user, ENTERPRISE],
      userName: 'alice@example.com',
      active: true,
      emails: [{ value: 'a@example.com', type: 'work' }],
      nickName: 'Al',
      [ENTERPRISE]: { division: 'West' },
    })
  })

  it('treats a null or empty value as nothing to add', () => {
    assert.deepEqual(patched(storedUser(), { op: 'add', path: 'title', value: null }), storedUser())
    assert.deepEqual(patched(storedUser(), { op: 'add', path: 'emails', value: [] }), storedUser())
    assert.deepEqual(patched(storedUser(), { op: 'add', path: 'name', value: {} }), storedUser())
  })
})

describe('replace (RFC 7644 §3.5.2.3)', () => {
  it('replaces a single-valued attribute', () => {
    assert.equal(
      patched(storedUser(), { op: 'replace', path: 'userName', value: 'ryan3' }).userName,
      'ryan3',
    )
  })

  it('replaces all values of a multi-valued attribute without filter', () => {
    const value = [{ value: 'u9', display: 'Nine' }]
    assert.deepEqual(
      patched(storedGroup(), { op: 'replace', path: 'members', value }).members,
      value,
    )
  })

  it('replaces only the given sub-attributes of a complex attribute', () => {
    const user = patched(storedUser(), {
      op: 'replace',
      path: 'name',
      value: { givenName: 'Babs' },
    })
    assert.deepEqual(user.name, {
      formatted: 'Ms. Barbara J Jensen III',
      familyName: 'Jensen',
      givenName: 'Babs',
    })
  })

  it('unassigns a sub-attribute given as null', () => {
    const user = patched(storedUser(), { op: 'replace', path: 'name', value: { formatted: null } })
    assert.deepEqual(user.name, { familyName: 'Jensen', givenName: 'Barbara' })
  })

  it('merges into the values a filter matches', () => {
    const user = patched(storedUser(), {
      op: 'replace',
      path: 'emails[type eq "home"]',
      value: { value: 'babs@example.org', display: 'Babs' },
    })
    assert.deepEqual((user.emails as unknown[])[1], {
      value: 'babs@example.org',
      type: 'home',
      display: 'Babs',
    })
  })

  it('replaces a sub-attribute of the matching values', () => {
    const user = patched(storedUser(), {
      op: 'replace',
      path: 'emails[type eq "work"].value',
      value: 'barbara@example.com',
    })
    assert.deepEqual((user.emails as unknown[])[0], {
      value: 'barbara@example.com',
      type: 'work',
      primary: true,
    })
  })

  it('answers noTarget when a filter matches nothing, even an eq-only filter (RFC 7644 §3.5.2.3)', () => {
    for (const path of [
      'addresses[type co "work"].locality',
      'addresses[type eq "work"].locality',
    ]) {
      assertScimError(failure(storedUser(), { op: 'replace', path, value: 'X' }), 400, 'noTarget')
    }
    const work = { op: 'replace', path: 'emails[type eq "other"]', value: { value: 'o@x.y' } }
    assertScimError(failure(storedUser(), work), 400, 'noTarget')
  })

  it('creates the value an eq-only filter describes when the directory asks (Entra)', () => {
    const replace = (path: string) =>
      patch(
        storedUser(),
        message({ op: 'replace', path, value: 'Hollywood' }),
        undefined,
        undefined,
        {
          replaceWithoutMatch: 'create',
        },
      )
    const created = unwrap(replace('addresses[type eq "work"].locality'))
    assert.deepEqual(created.addresses, [{ type: 'work', locality: 'Hollywood' }])
    const refused = replace('addresses[type co "work"].locality')
    assert.ok(!refused.ok && refused.error.scimType === 'noTarget')
  })

  it('adds an attribute that was unassigned', () => {
    const user = patched(minimalUser(), {
      op: 'replace',
      path: `${ENTERPRISE}:manager`,
      value: { value: 'm1' },
    })
    assert.deepEqual(user[ENTERPRISE], { manager: { value: 'm1' } })
  })

  it('sets every value’s sub-attribute for a sub-attribute path without filter', () => {
    const user = patched(storedUser(), { op: 'replace', path: 'emails.display', value: 'B' })
    assert.deepEqual(
      (user.emails as { display?: string }[]).map((email) => email.display),
      ['B', 'B'],
    )
  })

  it('unassigns an attribute replaced with null', () => {
    const user = patched(storedUser(), { op: 'replace', path: 'phoneNumbers', value: null })
    assert.equal(user.phoneNumbers, undefined)
    assert.equal(
      patched(storedUser(), { op: 'replace', path: 'emails', value: [] }).emails,
      undefined,
    )
  })

  it('without a path, replaces each attribute named in the value', () => {
    const user = patched(storedUser(), {
      op: 'replace',
      value: { displayName: 'Barbara', emails: [{ value: 'b@example.com', type: 'work' }] },
    })
    assert.equal(user.displayName, 'Barbara')
    assert.deepEqual(user.emails, [{ value: 'b@example.com', type: 'work' }])
    assert.equal(user.userName, 'bjensen@example.com')
  })

  it('unassigns a whole extension replaced with null and drops its URN', () => {
    const user = patched(storedUser(), { op: 'replace', path: ENTERPRISE, value: null })
    assert.equal(user[ENTERPRISE], undefined)
    assert.deepEqual(user.schemas, [URN.user])
  })
})

describe('remove (RFC 7644 §3.5.2.2)', () => {
  it('unassigns a single-valued attribute', () => {
    assert.equal(
      patched(storedUser(), { op: 'remove', path: 'displayName' }).displayName,
      undefined,
    )
  })

  it('removes all values of a multi-valued attribute without filter', () => {
    assert.deepEqual(patched(storedGroup(), { op: 'remove', path: 'members' }), {
      schemas: [URN.group],
      displayName: 'Tour Guides',
    })
  })

  it('removes the values a filter matches, and nothing when none matches', () => {
    const user = patched(storedUser(), { op: 'remove', path: 'emails[type eq "home"]' })
    assert.deepEqual(user.emails, [{ value: 'bjensen@example.com', type: 'work', primary: true }])
    const none = { op: 'remove', path: 'emails[type eq "other"]' }
    assert.deepEqual(patched(storedUser(), none), storedUser())
    assert.deepEqual(patched(minimalUser(), none), minimalUser())
  })

  it('removes a sub-attribute from the matching values', () => {
    const user = patched(storedUser(), { op: 'remove', path: 'emails[type eq "work"].primary' })
    assert.deepEqual((user.emails as unknown[])[0], { value: 'bjensen@example.com', type: 'work' })
  })

  it('drops values emptied by a sub-attribute removal, and the attribute when none is left', () => {
    const user = patched(storedUser(), { op: 'remove', path: 'phoneNumbers[type eq "work"].value' })
    assert.deepEqual(user.phoneNumbers, [{ type: 'work' }])
    const emptied = patched(user, { op: 'remove', path: 'phoneNumbers.type' })
    assert.equal(emptied.phoneNumbers, undefined)
  })

  it('removes a sub-attribute of a complex attribute', () => {
    const user = patched(storedUser(), { op: 'remove', path: 'name.formatted' })
    assert.deepEqual(user.name, { familyName: 'Jensen', givenName: 'Barbara' })
  })

  it('removes the last extension attribute together with the extension URN', () => {
    const user = patched(
      storedUser(),
      { op: 'remove', path: `${ENTERPRISE}:employeeNumber` },
      { op: 'remove', path: `${ENTERPRISE}:department` },
      { op: 'remove', path: `${ENTERPRISE}:manager.value` },
    )
    assert.equal(user[ENTERPRISE], undefined)
    assert.deepEqual(user.schemas, [URN.user])
  })

  it('with a value, removes only the values named (Entra), on any multi-valued attribute', () => {
    const user = patched(storedUser(), {
      op: 'remove',
      path: 'emails',
      value: { value: 'babs@jensen.org' },
    })
    assert.deepEqual(user.emails, [{ value: 'bjensen@example.com', type: 'work', primary: true }])
  })

  it('with a value on a single-valued attribute, removes it only when it holds that value', () => {
    const path = `${ENTERPRISE}:manager`
    const other = patched(storedUser(), { op: 'remove', path, value: [{ value: 'someone-else' }] })
    assert.deepEqual(other, storedUser())
    const same = patched(storedUser(), {
      op: 'remove',
      path,
      value: '26118915-6090-4610-87e4-49d8ca9f808d',
    })
    assert.equal((same[ENTERPRISE] as Record<string, unknown>).manager, undefined)
  })

  it('without a path, removes what each key of the value names', () => {
    const group = patched(storedGroup(), { op: 'remove', value: { members: [{ value: 'u2' }] } })
    assert.deepEqual(group.members, [{ value: 'u1', type: 'User', display: 'Babs Jensen' }])
  })
})
