import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type Candidate, correlate } from './correlate.js'
import { type Contribution, mergePerson } from './person-merge.js'
import { correlationKeys } from './person-record.js'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const contribution = (
  resource: Record<string, unknown>,
  priority: number,
  gone = false,
): Contribution => ({
  resource,
  gone,
  priority,
  order: String(priority),
})

describe('mergePerson', () => {
  it('the highest-priority live record wins, lower ones fill gaps, emails and groups are unions', () => {
    const merged = mergePerson([
      contribution(
        {
          userName: 'ada',
          title: 'HR title',
          emails: [{ value: 'ADA@acme.test', primary: true }, { value: 'ada@home.test' }],
          groups: [{ value: 'c1', display: 'Payroll' }],
          [ENTERPRISE]: { department: 'HR dept', costCenter: '42' },
        },
        30,
      ),
      contribution(
        {
          userName: 'ada@acme.test',
          emails: [{ value: 'ada@acme.test', primary: true }],
          groups: [
            { value: 'g1', display: 'Engineering' },
            { value: 'x', display: 'payroll' },
          ],
          [ENTERPRISE]: { department: 'R&D' },
          active: true,
        },
        10,
      ),
    ])
    assert.equal(merged?.status, 'active')
    assert.equal(merged?.resource.userName, 'ada@acme.test')
    assert.equal(merged?.resource.title, 'HR title')
    assert.deepEqual(merged?.resource[ENTERPRISE], { department: 'R&D', costCenter: '42' })
    assert.deepEqual(merged?.resource.emails, [
      { value: 'ada@acme.test', primary: true },
      { value: 'ada@home.test' },
    ])
    assert.deepEqual(
      ((merged?.resource.groups ?? []) as Array<{ display: string }>).map((g) => g.display),
      ['Engineering', 'payroll'],
    )
  })

  it('the top live source decides active; gone only when every record is gone', () => {
    const inactive = mergePerson([
      contribution({ userName: 'a', active: false }, 10),
      contribution({ userName: 'a', active: true }, 20),
    ])
    assert.equal(inactive?.status, 'inactive')
    const stillThere = mergePerson([
      contribution({ userName: 'a' }, 10, true),
      contribution({ userName: 'a', active: true }, 20),
    ])
    assert.equal(stillThere?.status, 'active')
    const gone = mergePerson([
      contribution({ userName: 'a', title: 'x' }, 10, true),
      contribution({ userName: 'a' }, 20, true),
    ])
    assert.equal(gone?.status, 'gone')
    assert.equal(gone?.resource.title, 'x', 'keeps the last known attributes')
  })
})

describe('correlate', () => {
  const candidate = (personId: string, takenBySameSource = false): Candidate => ({
    personId,
    matchedOn: ['email'],
    takenBySameSource,
  })

  it('none is new, one is a match, two are an ambiguity, a taken one is an ambiguity', () => {
    assert.equal(correlate([]).kind, 'new')
    assert.deepEqual(correlate([candidate('p1')]), {
      kind: 'match',
      personId: 'p1',
      matchedOn: ['email'],
    })
    assert.equal(correlate([candidate('p1'), candidate('p2')]).kind, 'ambiguous')
    assert.equal(correlate([candidate('p1', true)]).kind, 'ambiguous')
  })

  it('keys are case-insensitive: externalId, userName and every email', () => {
    assert.deepEqual(
      correlationKeys({
        userName: 'Ada',
        externalId: '00uAbC',
        emails: [{ value: 'A@X.io' }, { value: 'a@x.io' }],
      }),
      { userName: 'ada', externalId: '00uabc', emails: ['a@x.io'] },
    )
  })
})
