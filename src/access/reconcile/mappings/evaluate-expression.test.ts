import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { unwrap } from '../../../shared/result.js'
import type { AccountAttributes } from '../../graph/index.js'
import { compileMappings, evaluateMappings } from './compile-mappings.js'
import { compileExpression } from './evaluate-expression.js'
import { parseExpression } from './parse-expression.js'
import { changesFrom, currentValue, sameValue } from './targets.js'

const ada = {
  userName: 'ada@acme.com',
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  title: 'Engineer',
  emails: [
    { value: 'ada@home.org', type: 'home' },
    { value: 'Ada@Acme.com', type: 'work', primary: true },
  ],
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'R&D' },
}

const run = (text: string, person: Record<string, unknown> = ada) =>
  compileExpression(unwrap(parseExpression(text)))(person)

describe('mapping expressions: evaluation', () => {
  it('evaluates each function as documented', () => {
    const cases: Array<[string, unknown]> = [
      ['ToLower(Join(".", name.givenName, name.familyName))', 'ada.lovelace'],
      ['ToUpper(name.familyName)', 'LOVELACE'],
      ['Coalesce(nickName, name.givenName)', 'Ada'],
      ['emails[type eq "work"].value', ['Ada@Acme.com']],
      ['emails[primary eq true].value', ['Ada@Acme.com']],
      ['Switch(title, "staff", "Engineer", "eng", "Sales", "sales")', 'eng'],
      ['Switch(title, "staff", "Sales", "sales")', 'staff'],
      ['Split(userName, "@")', ['ada', 'acme.com']],
      ['Replace(userName, "acme.com", "acme.io")', 'ada@acme.io'],
      ['Left(name.familyName, 4)', 'Love'],
      ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', 'R&D'],
      ['Join(" ", nickName, name.givenName)', 'Ada'],
      ['ToLower(nickName)', null],
      ['Join(",", nickName)', null],
      ['42', '42'],
    ]
    for (const [text, expected] of cases) assert.deepEqual(run(text), expected, text)
  })

  it('never throws, whatever the person looks like', () => {
    const texts = [
      'ToLower(Join(".", name.givenName, name.familyName))',
      'emails[type eq "work"].value',
      'Switch(title, "x", "a", "b")',
      'Left(userName, 3)',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
    ]
    const compiled = texts.map((t) => compileExpression(unwrap(parseExpression(t))))
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (person) => {
        for (const evaluate of compiled) {
          const value = evaluate(person)
          assert.ok(
            value === null || typeof value === 'string' || Array.isArray(value),
            JSON.stringify(value),
          )
        }
      }),
    )
  })

  it('default create mappings give userName, primary email and name; written ones win', () => {
    const mappings = compileMappings({ displayName: 'Join(" ", name.givenName, name.familyName)' })
    const values = evaluateMappings(mappings.onCreate, ada)
    assert.equal(values.get('userName'), 'ada@acme.com')
    assert.equal(values.get('emails'), 'Ada@Acme.com')
    assert.equal(values.get('name.givenName'), 'Ada')
    assert.equal(values.get('displayName'), 'Ada Lovelace')
    assert.deepEqual(
      mappings.always.map((m) => m.target),
      ['displayName'],
    )
  })
})

describe('mapping targets: drift and updates', () => {
  const account: AccountAttributes = {
    userName: 'ADA@acme.com',
    emails: [
      { value: 'ada@acme.com', primary: true },
      { value: 'ada@home.org', primary: false },
    ],
    name: { givenName: 'Ada', familyName: 'Byron' },
    raw: { title: 'Engineer', profile: { department: 'R&D' } },
  }

  it('reads current values of known and raw targets', () => {
    assert.equal(currentValue(account, 'userName'), 'ADA@acme.com')
    assert.equal(currentValue(account, 'emails'), 'ada@acme.com')
    assert.equal(currentValue(account, 'name.familyName'), 'Byron')
    assert.equal(currentValue(account, 'title'), 'Engineer')
    assert.equal(currentValue(account, 'profile.department'), 'R&D')
    assert.equal(currentValue(account, 'displayName'), null)
  })

  it('compares userName and emails case-insensitively, other attributes exactly', () => {
    assert.ok(sameValue('userName', 'ada@ACME.com', 'ADA@acme.com'))
    assert.ok(sameValue('emails', 'Ada@Acme.com', 'ada@acme.com'))
    assert.ok(!sameValue('displayName', 'ada', 'Ada'))
    assert.ok(!sameValue('title', 'Engineer', null))
  })

  it('a multi-valued expression for a one-value target is in sync once its first value is', () => {
    // Without this, `emails: "emails.value"` (always) would plan the same update forever.
    const expected = ['ada@acme.com', 'ada@home.org']
    const changes = changesFrom(new Map([['emails', expected]]), {
      ...account,
      emails: [{ value: 'old@acme.com', primary: true }],
    })
    const written = changes.emails?.[0]?.value ?? null
    assert.equal(written, 'ada@acme.com')
    assert.ok(sameValue('emails', expected, written))
  })

  it('an update keeps the other emails and name parts', () => {
    const changes = changesFrom(
      new Map([
        ['emails', 'ada@acme.io'],
        ['name.familyName', 'Lovelace'],
        ['title', 'CTO'],
      ]),
      account,
    )
    assert.deepEqual(changes.emails, [
      { value: 'ada@acme.io', primary: true, type: 'work' },
      { value: 'ada@acme.com', primary: false },
      { value: 'ada@home.org', primary: false },
    ])
    assert.deepEqual(changes.name, { givenName: 'Ada', familyName: 'Lovelace' })
    assert.deepEqual(changes.attributes, { title: 'CTO' })
  })
})
