import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import fc from 'fast-check'
import type { CompareOperator, Filter } from '../../src/protocol/scim/filter/ast.js'
import {
  checkFilterOperators,
  matchesFilter,
  printFilter,
} from '../../src/protocol/scim/filter/index.js'
import { type ScimResource, userResourceSchema } from '../../src/protocol/scim/schemas/index.js'
import { eachDialect } from '../helpers/dialects.js'
import { openPeople, type PeopleHarness, SYSTEM } from '../helpers/people.js'

/**
 * directory/sql serves people too: a random filter over random people (groups from sources,
 * emails in person_emails, the enterprise extension in JSON) selects in SQL exactly the people
 * in-memory evaluation matches, on both dialects. This is what assignment rules run on.
 */
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const word = fc.constantFrom('Engineering', 'engineering', 'Sales', 'R&D', 'ann', 'Bob', '')
const personArb = fc.record({
  title: word,
  active: fc.boolean(),
  groups: fc.uniqueArray(fc.constantFrom('Engineering', 'Sales', 'Oncall'), { maxLength: 3 }),
  emails: fc.uniqueArray(fc.constantFrom('a@acme.com', 'B@acme.com', 'c@x.io'), { maxLength: 2 }),
  department: word,
})

type Leaf = { path: string; values: fc.Arbitrary<string | boolean> }
const LEAVES: Leaf[] = [
  { path: 'groups.display', values: word },
  { path: 'groups.value', values: word },
  { path: 'active', values: fc.boolean() },
  { path: 'title', values: word },
  { path: 'emails.value', values: fc.constantFrom('a@acme.com', 'b@acme.com', 'acme', 'x.io') },
  { path: `${ENTERPRISE}:department`, values: word },
  { path: 'userName', values: fc.constantFrom('p-01@acme.test', 'P-02', 'acme') },
]

function attrPath(path: string) {
  if (path.startsWith('urn:')) {
    const colon = path.lastIndexOf(':')
    return { uri: path.slice(0, colon), name: path.slice(colon + 1) }
  }
  const [name, subAttr] = path.split('.') as [string, string | undefined]
  return subAttr ? { name, subAttr } : { name }
}

const leafArb: fc.Arbitrary<Filter> = fc.constantFrom(...LEAVES).chain((leaf) =>
  fc.oneof(
    fc.constant<Filter>({ kind: 'present', path: attrPath(leaf.path) }),
    fc
      .tuple(fc.constantFrom<CompareOperator>('eq', 'ne', 'co', 'sw', 'gt'), leaf.values)
      .map(([op, value]): Filter => ({ kind: 'compare', path: attrPath(leaf.path), op, value })),
  ),
)
const filterArb: fc.Arbitrary<Filter> = fc.letrec<{ filter: Filter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.record({ kind: fc.constant('and' as const), left: tie('filter'), right: tie('filter') }),
    fc.record({ kind: fc.constant('or' as const), left: tie('filter'), right: tie('filter') }),
    fc.record({ kind: fc.constant('not' as const), filter: tie('filter') }),
  ),
})).filter

eachDialect('people: filter SQL agrees with in-memory evaluation', (database) => {
  let h: PeopleHarness
  const people: Array<{ id: string; resource: ScimResource }> = []

  before(async () => {
    h = await openPeople(database)
    const dir = `${h.dataDir}/people.csv`
    const rows = fc.sample(personArb, { numRuns: 40, seed: 20261124 }).map((p, i) => {
      const userName = `p-${String(i).padStart(2, '0')}@acme.test`
      return [
        userName,
        p.emails[0] ?? '',
        p.title,
        p.active ? 'yes' : 'no',
        p.groups.join(';'),
        p.department,
      ]
    })
    const { writeFileSync } = await import('node:fs')
    const quote = (v: string) => `"${v.replaceAll('"', '""')}"`
    writeFileSync(
      dir,
      [
        'userName,emails,title,active,groups,department',
        ...rows.map((r) => r.map(quote).join(',')),
      ].join('\n'),
    )
    const source = await h.services.sources.add(
      h.workspace.id,
      'csv',
      {
        file: dir,
        columns: {
          userName: 'userName',
          title: 'title',
          active: 'active',
          groups: 'groups',
          [`${ENTERPRISE}:department`]: 'department',
        },
      },
      SYSTEM,
    )
    const report = await h.services.sync.syncSource(h.workspace.id, source.id, {
      trigger: 'cli',
      actor: SYSTEM,
    })
    assert.equal(report.counts.created, 40, JSON.stringify(report.error))
    for (const person of await h.services.people.list(h.workspace.id, { limit: 1000 })) {
      people.push({ id: person.id, resource: { ...person.resource, id: person.id } })
    }
  })
  after(() => h.close())

  it('selects exactly the people that match in memory', async () => {
    await fc.assert(
      fc.asyncProperty(filterArb, async (filter) => {
        fc.pre(checkFilterOperators(filter, userResourceSchema).ok)
        const expected = people
          .filter((p) => matchesFilter(filter, p.resource, userResourceSchema))
          .map((p) => p.id)
        const listed = await h.services.people.list(h.workspace.id, {
          filter: printFilter(filter),
          limit: 1000,
        })
        assert.deepEqual(
          listed.map((p) => p.id).sort(),
          expected.sort(),
          `filter: ${printFilter(filter)}`,
        )
      }),
      { numRuns: 200, seed: 11 },
    )
  })
})
