import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { unwrap } from '../../../shared/result.js'
import {
  attribute,
  findAttribute,
  groupResourceSchema,
  type ResourceSchema,
  type SchemaDefinition,
  type ScimResource,
  URN,
  userResourceSchema,
} from '../schemas/index.js'
import { matchesFilter, matchesValueFilter, parseFilter } from './index.js'

const ENTERPRISE = URN.enterpriseUser
const ACME = 'urn:example:params:scim:schemas:extension:acme:2.0:User'

/** A custom extension, for the types the standard User lacks: numbers, dates, simple lists. */
const acmeExtension: SchemaDefinition = {
  id: ACME,
  name: 'AcmeUser',
  description: 'Acme test extension',
  attributes: [
    attribute('level', 'integer', 'Seniority level.'),
    attribute('score', 'decimal', 'Performance score.'),
    attribute('hiredAt', 'dateTime', 'When the person was hired.'),
    attribute('badges', 'string', 'Badge names.', { multiValued: true }),
    attribute('badgeCodes', 'string', 'Badge codes.', { multiValued: true, caseExact: true }),
    attribute('photo', 'binary', 'A small photo.', { caseExact: true }),
  ],
}

const schema: ResourceSchema = {
  ...userResourceSchema,
  extensions: [...userResourceSchema.extensions, acmeExtension],
}

const user: ScimResource = {
  schemas: [URN.user, ENTERPRISE, ACME],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: 'BJensen-Ext',
  meta: {
    resourceType: 'User',
    created: '2011-08-01T18:29:49.793Z',
    lastModified: '2011-08-01T18:29:49.793Z',
    location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
    version: 'W/"f250dd84f0671c3"',
  },
  name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara' },
  userName: 'bjensen@example.com',
  displayName: 'Babs Jensen',
  nickName: '',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  phoneNumbers: [
    { value: '555-555-5555', type: 'work' },
    { value: '555-555-4444', type: 'mobile' },
  ],
  ims: [],
  addresses: [{}],
  [ENTERPRISE]: {
    employeeNumber: '701984',
    costCenter: '4130',
    department: 'Tour Operations',
    manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d', displayName: 'John Smith' },
  },
  [ACME]: {
    level: 5,
    score: 4.25,
    hiredAt: '2015-10-10T14:38:21.8617979-07:00',
    badges: ['Gold', 'Early Adopter'],
    badgeCodes: ['GOLD-1'],
    photo: 'aGVsbG8=',
  },
}

function matches(filter: string, resource: ScimResource = user): boolean {
  return matchesFilter(unwrap(parseFilter(filter)), resource, schema)
}

function assertMatches(filters: Record<string, boolean>, resource: ScimResource = user): void {
  for (const [filter, expected] of Object.entries(filters)) {
    assert.equal(matches(filter, resource), expected, filter)
  }
}

describe('matchesFilter: strings and caseExact (RFC 7644 §3.4.2.2)', () => {
  it('compares caseExact=false attributes ignoring case', () => {
    assertMatches({
      'userName eq "BJENSEN@example.com"': true,
      'username EQ "bjensen@example.com"': true,
      'userName ne "BJensen@Example.com"': false,
      'userName co "JENSEN@"': true,
      'userName sw "BJ"': true,
      'userName ew ".COM"': true,
      'displayName eq "babs"': false,
      'name.familyName eq "jensen"': true,
      'NAME.FAMILYNAME eq "jensen"': true,
    })
  })

  it('compares caseExact=true attributes exactly', () => {
    assertMatches({
      'id eq "2819c223-7f76-453a-919d-413861904646"': true,
      'id eq "2819C223-7F76-453A-919D-413861904646"': false,
      'externalId eq "BJensen-Ext"': true,
      'externalId eq "bjensen-ext"': false,
      'EXTERNALID sw "BJ"': true,
      'externalId sw "bj"': false,
      'externalId co "Ext"': true,
      'externalId ne "bjensen-ext"': true,
      'meta.resourceType eq "user"': false,
    })
  })

  it('orders strings lexicographically, after case folding where not caseExact', () => {
    assertMatches({
      'userName gt "a"': true,
      'userName gt "C"': false,
      'userName lt "BK"': true,
      'displayName ge "babs jensen"': true,
      'displayName le "Babs Jensen"': true,
      'displayName gt "Babs Jensen"': false,
      'externalId gt "a"': false,
      'externalId lt "a"': true,
    })
  })

  it('reads a number as text when the attribute is a string (unquoted Entra values)', () => {
    assertMatches({
      [`${ENTERPRISE}:employeeNumber eq 701984`]: true,
      [`${ENTERPRISE}:employeeNumber sw 70`]: true,
      [`${ENTERPRISE}:costCenter eq 413`]: false,
      [`${ENTERPRISE}:costCenter co 413`]: true,
      'userName eq true': false,
    })
  })
})

describe('matchesFilter: dates, numbers and booleans', () => {
  it('compares dateTimes as instants, whatever the offset and precision', () => {
    assertMatches({
      'meta.created eq "2011-08-01T11:29:49.793-07:00"': true,
      'meta.created gt "2011-08-01T18:29:49Z"': true,
      'meta.created lt "2011-08-01T18:29:49Z"': false,
      'meta.lastModified ge "2011-08-01T18:29:49.793Z"': true,
      'meta.Created gt 2010-10-10T14:38:21.8617979-07:00': true,
      [`${ACME}:hiredAt eq 2015-10-10T21:38:21.8617979Z`]: true,
      [`${ACME}:hiredAt gt 2015-10-10T21:38:21.8617978Z`]: true,
      [`${ACME}:hiredAt lt 2015-10-10T21:38:21.861798Z`]: true,
      [`${ACME}:hiredAt ge "2015-10-11"`]: false,
      'meta.created gt "yesterday"': false,
      'meta.created ne "yesterday"': true,
      'meta.created co "2011"': false,
      'meta.created eq 2011': false,
    })
  })

  it('compares numbers numerically', () => {
    assertMatches({
      [`${ACME}:level eq 5`]: true,
      [`${ACME}:level eq 5.0`]: true,
      [`${ACME}:level gt 4`]: true,
      [`${ACME}:level ge 5`]: true,
      [`${ACME}:level lt 5`]: false,
      [`${ACME}:level le 10`]: true,
      [`${ACME}:level ne 5`]: false,
      [`${ACME}:level eq "5"`]: false,
      [`${ACME}:level ne "5"`]: true,
      [`${ACME}:level sw 5`]: false,
      [`${ACME}:score gt 4.2`]: true,
      [`${ACME}:score lt -1e3`]: false,
    })
  })

  it('compares booleans for equality only', () => {
    assertMatches({
      'active eq true': true,
      'active eq TRUE': true,
      'active eq false': false,
      'active ne false': true,
      'active eq "true"': false,
      'active ne "true"': true,
      'active gt false': false,
      'active co true': false,
      'emails[primary eq true]': true,
    })
  })

  it('never orders binary attributes', () => {
    assertMatches({
      [`${ACME}:photo eq "aGVsbG8="`]: true,
      [`${ACME}:photo eq "AGVSBG8="`]: false,
      [`${ACME}:photo gt "a"`]: false,
    })
  })
})

describe('matchesFilter: multi-valued and complex attributes', () => {
  it('matches when any value matches', () => {
    assertMatches({
      'emails.value eq "babs@jensen.org"': true,
      'emails.type eq "home"': true,
      'emails.type eq "other"': false,
      'phoneNumbers.value sw "555-555-4"': true,
      'emails.primary eq true': true,
      [`${ACME}:badges eq "gold"`]: true,
      [`${ACME}:badges co "adopt"`]: true,
      [`${ACME}:badgeCodes eq "gold-1"`]: false,
    })
  })

  it('compares a multi-valued complex attribute without sub-attribute by its value', () => {
    assertMatches({
      'emails eq "babs@jensen.org"': true,
      'emails co "JENSEN.ORG"': true,
      'emails eq "work"': false,
      'addresses eq "x"': false,
      'name eq "Barbara"': false,
    })
  })

  it('lets any element satisfy each side of an and, but a value path needs one element', () => {
    assertMatches({
      'emails.type eq "home" and emails.value eq "bjensen@example.com"': true,
      'emails[type eq "home" and value eq "bjensen@example.com"]': false,
      'emails[type eq "work" and value eq "bjensen@example.com"]': true,
      'emails[type eq "work" and primary eq true]': true,
      'emails[TYPE eq "WORK"]': true,
      'phoneNumbers[type eq "fax"]': false,
      'phoneNumbers[not (type eq "work")]': true,
      'not (emails[type eq "other"])': true,
      'emails[bogus eq "x"]': false,
      'emails[bogus eq "x" or type pr]': true,
      'ims[type pr]': false,
    })
  })

  it('compares a sub-attribute of the values a value path selects (Entra matching)', () => {
    assertMatches({
      'emails[type eq "work"].value eq "bjensen@example.com"': true,
      'emails[type eq "work"].value eq "babs@jensen.org"': false,
      'emails[type eq "home"].value eq "babs@jensen.org"': true,
      'emails[type eq "work"].value co "@EXAMPLE"': true,
      'emails[type eq "other"].value pr': false,
      'not (emails[type eq "home"].value ew ".com")': true,
    })
  })

  it('treats a value path on a single complex attribute as one element', () => {
    assertMatches({
      [`${ENTERPRISE}:manager[displayName co "smith"]`]: true,
      [`${ENTERPRISE}:manager[value eq "nobody"]`]: false,
      'name[givenName eq "barbara" and familyName pr]': true,
    })
  })

  it('filters on schemas, whose values are compared as themselves', () => {
    assertMatches({
      [`schemas eq "${ENTERPRISE}"`]: true,
      'schemas eq "urn:ietf:params:scim:schemas:extension:other:2.0:User"': false,
      'schemas[value sw "urn:ietf:params:scim:schemas:core"]': true,
      'schemas[type eq "x"]': false,
    })
  })
})

describe('matchesFilter: extensions and schema URNs', () => {
  it('reads extension attributes under their URN', () => {
    assertMatches({
      [`${ENTERPRISE}:employeeNumber eq "701984"`]: true,
      [`${ENTERPRISE}:department sw "tour"`]: true,
      [`${ENTERPRISE}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`]: true,
      [`${ENTERPRISE}:manager.displayName co "SMITH"`]: true,
      [`${ENTERPRISE.toLowerCase()}:costCenter eq "4130"`]: true,
      'employeeNumber eq "701984"': false,
      [`${ENTERPRISE}:userName eq "bjensen@example.com"`]: false,
    })
  })

  it('accepts the core URN in front of a core attribute', () => {
    assertMatches({
      [`${URN.user}:userName eq "bjensen@example.com"`]: true,
      [`${URN.user}:name.givenName eq "Barbara"`]: true,
    })
  })
})

describe('matchesFilter: pr, ne, null and unknown attributes', () => {
  it('pr needs a non-empty value or a non-empty node', () => {
    assertMatches({
      'displayName pr': true,
      'title pr': false,
      'nickName pr': false,
      'emails pr': true,
      'emails.type pr': true,
      'ims pr': false,
      'addresses pr': false,
      'name pr': true,
      'name.middleName pr': false,
      'active pr': true,
      [`${ENTERPRISE}:manager pr`]: true,
      [`${ACME}:level pr`]: true,
    })
    assertMatches(
      { 'name pr': false, 'emails pr': false },
      { name: { givenName: '' }, emails: [{ value: null }] },
    )
  })

  it('ne matches a missing attribute; eq never does', () => {
    assertMatches({
      'title ne "x"': true,
      'title eq "x"': false,
      'not (title eq "x")': true,
      'ims.value ne "x"': true,
      'displayName ne "x"': true,
      'displayName ne "babs jensen"': false,
      'emails.type ne "work"': true,
    })
  })

  it('treats null as unassigned (RFC 7643 §2.5)', () => {
    assertMatches({
      'title eq null': true,
      'title ne null': false,
      'displayName eq null': false,
      'displayName ne null': true,
      'ims eq null': true,
      'meta.created gt null': false,
    })
    assertMatches({ 'title eq null': true, 'title pr': false }, { title: null })
  })

  it('never matches unknown attributes, whatever the operator', () => {
    assertMatches({
      'foo eq "x"': false,
      'foo ne "x"': false,
      'foo pr': false,
      'name.nickname eq "x"': false,
      'userName.value eq "x"': false,
      'urn:example:unknown:2.0:User:foo eq 1': false,
      'foo[value eq 1]': false,
      'not (foo eq 1)': true,
    })
  })
})

describe('matchesFilter: robustness', () => {
  it('finds attributes whatever the case of the resource keys', () => {
    const shouted: ScimResource = {
      USERNAME: 'bjensen',
      Emails: [{ Value: 'b@example.com', TYPE: 'work' }],
      [ENTERPRISE.toUpperCase()]: { Department: 'Tour' },
    }
    assertMatches(
      {
        'userName eq "bjensen"': true,
        'emails.value eq "b@example.com"': true,
        'emails[type eq "work"]': true,
        [`${ENTERPRISE}:department eq "tour"`]: true,
      },
      shouted,
    )
  })

  it('does not throw on malformed resources', () => {
    const scalars: ScimResource = {
      userName: 5,
      emails: 'b@example.com',
      name: ['x'],
      meta: 'now',
      active: 'yes',
    }
    const mixed: ScimResource = {
      emails: [null, 3, 'x', [], { value: { nested: true } }],
      [ENTERPRISE]: 'flat',
    }
    const prototypeNames: ScimResource = { constructor: 'x', toString: 1, hasOwnProperty: 2 }
    const odd = [scalars, mixed, prototypeNames, {}, Object.create(null)]
    const filters = [
      'userName eq "5"',
      'emails.value eq "b@example.com"',
      'emails eq "x"',
      'emails[value eq "x"]',
      'name.givenName pr',
      'meta.created gt "2011-01-01"',
      'active eq true',
      `${ENTERPRISE}:department pr`,
      'emails pr',
      'constructor eq "x"',
    ]
    for (const resource of odd) {
      for (const filter of filters) assert.equal(typeof matches(filter, resource), 'boolean')
    }
    // A scalar where a list of complex values belongs is present, but has no `value` to compare.
    assert.equal(matches('emails pr', scalars), true)
    assert.equal(matches('emails eq "b@example.com"', scalars), false)
    assert.equal(matches('emails pr', mixed), true)
    assert.equal(matches('userName eq "5"', scalars), false)
  })

  it('does not reach inherited properties', () => {
    assert.equal(matches('userName pr', Object.create({ userName: 'inherited' })), false)
  })
})

describe('matchesFilter: groups', () => {
  const group: ScimResource = {
    schemas: [URN.group],
    id: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
    displayName: 'Tour Guides',
    members: [
      { value: '2819c223', $ref: 'https://example.com/v2/Users/2819c223', type: 'User' },
      { value: '902c246b', type: 'Group' },
    ],
  }
  const inGroup = (filter: string) =>
    matchesFilter(unwrap(parseFilter(filter)), group, groupResourceSchema)

  it('matches members by value, type and $ref', () => {
    assert.equal(inGroup('members[value eq "2819c223"]'), true)
    assert.equal(inGroup('members[type eq "group" and value eq "902c246b"]'), true)
    assert.equal(inGroup('members.$ref co "/Users/"'), true)
    assert.equal(inGroup('members[value eq "2819c223" and type eq "Group"]'), false)
    assert.equal(inGroup('displayName eq "tour guides"'), true)
  })
})

describe('matchesValueFilter', () => {
  const emails = findAttribute(userResourceSchema.core.attributes, 'emails')
  const badges = findAttribute(acmeExtension.attributes, 'badges')
  assert.ok(emails && badges)
  const filter = (text: string) => unwrap(parseFilter(text))

  it('evaluates sub-attribute paths against one complex element', () => {
    const work = { value: 'bjensen@example.com', type: 'work', primary: true }
    assert.equal(
      matchesValueFilter(filter('type eq "WORK" and primary eq true'), work, emails),
      true,
    )
    assert.equal(matchesValueFilter(filter('value ew "example.org"'), work, emails), false)
    assert.equal(matchesValueFilter(filter('display pr'), work, emails), false)
    assert.equal(matchesValueFilter(filter('bogus eq "x"'), work, emails), false)
    assert.equal(matchesValueFilter(filter('type eq "work"'), 'not an object', emails), false)
  })

  it('reads value as the element itself for simple multi-valued attributes', () => {
    assert.equal(matchesValueFilter(filter('value eq "gold"'), 'Gold', badges), true)
    assert.equal(matchesValueFilter(filter('VALUE sw "ear"'), 'Early Adopter', badges), true)
    assert.equal(matchesValueFilter(filter('type eq "gold"'), 'Gold', badges), false)
  })

  it('ignores qualified paths, which a value filter cannot hold', () => {
    const work = { value: 'x', type: 'work' }
    assert.equal(matchesValueFilter(filter('emails.type eq "work"'), work, emails), false)
    assert.equal(matchesValueFilter(filter(`${URN.user}:type eq "work"`), work, emails), false)
  })
})
