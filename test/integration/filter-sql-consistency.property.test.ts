import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import fc from 'fast-check'
import type { DirectoryContext } from '../../src/identity/directory/index.js'
import type { CompareOperator, Filter } from '../../src/protocol/scim/filter/ast.js'
import {
  checkFilterOperators,
  matchesFilter,
  printFilter,
} from '../../src/protocol/scim/filter/index.js'
import { type ScimResource, userResourceSchema } from '../../src/protocol/scim/schemas/index.js'
import { toScimResource } from '../../src/protocol/scim/serialize.js'
import { eachDialect } from '../helpers/dialects.js'
import { startServer, type TestServer } from '../helpers/server.js'

/**
 * The SQL translation of a filter (directory/sql) must select exactly the users that in-memory
 * evaluation (scim/filter/evaluate) matches: random filters over a random directory, both dialects.
 */
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const WORDS = [
  'alice',
  'Bob',
  'carol',
  'DAN',
  'eve',
  'acme',
  'Example',
  'x',
  'work',
  'home',
  '42',
  '0042',
  '',
]
const text = fc.constantFrom(...WORDS)

const emailArb = fc.record(
  {
    value: fc
      .tuple(text, fc.constantFrom('@acme.com', '@Example.org', '@x.io'))
      .map(([a, b]) => `${a || 'z'}${b}`),
    type: fc.constantFrom('work', 'home', 'other', 'Work'),
    primary: fc.boolean(),
  },
  { requiredKeys: ['value'] },
)

const userArb = fc.record(
  {
    displayName: text,
    title: text,
    active: fc.boolean(),
    externalId: text,
    name: fc.record({ givenName: text, familyName: text }, { requiredKeys: [] }),
    // RFC 7643 §2.4: at most one primary value.
    emails: fc
      .uniqueArray(emailArb, { maxLength: 3, selector: (e) => e.value.toLowerCase() })
      .map((emails) => emails.map((e, i) => (i > 0 && e.primary ? { ...e, primary: false } : e))),
    phoneNumbers: fc.array(
      fc.record({
        value: fc.constantFrom('+1 555', '+44 20', '42'),
        type: fc.constantFrom('work', 'mobile'),
      }),
      { maxLength: 2 },
    ),
    [ENTERPRISE]: fc.record(
      { department: text, employeeNumber: fc.constantFrom('42', '0042', '7') },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
)

type Leaf = { path: string; kind: 'text' | 'bool' | 'date' }
const LEAVES: Leaf[] = [
  { path: 'userName', kind: 'text' },
  { path: 'displayName', kind: 'text' },
  { path: 'title', kind: 'text' },
  { path: 'externalId', kind: 'text' },
  { path: 'active', kind: 'bool' },
  { path: 'name.givenName', kind: 'text' },
  { path: 'name.familyName', kind: 'text' },
  { path: 'emails.value', kind: 'text' },
  { path: 'emails.type', kind: 'text' },
  { path: 'emails.primary', kind: 'bool' },
  { path: 'emails', kind: 'text' },
  { path: 'phoneNumbers.value', kind: 'text' },
  { path: `${ENTERPRISE}:department`, kind: 'text' },
  { path: `${ENTERPRISE}:employeeNumber`, kind: 'text' },
  { path: 'meta.created', kind: 'date' },
  { path: 'id', kind: 'text' },
]

function attrPath(path: string) {
  if (path.startsWith('urn:')) {
    const colon = path.lastIndexOf(':')
    return { uri: path.slice(0, colon), name: path.slice(colon + 1) }
  }
  const [name, subAttr] = path.split('.') as [string, string | undefined]
  return subAttr ? { name, subAttr } : { name }
}

const compareValue = (kind: Leaf['kind']) =>
  kind === 'bool'
    ? fc.boolean()
    : kind === 'date'
      ? fc.constantFrom(
          '2026-01-01T00:00:00.000Z',
          '2026-01-01T00:00:05Z',
          '2025-12-31T23:00:00-02:00',
        )
      : fc.oneof(text, fc.constantFrom('alice@acme.com', 'ACME', '@acme.com', 'user-0003@acme.com'))

const leafArb: fc.Arbitrary<Filter> = fc.constantFrom(...LEAVES).chain((leaf) =>
  fc.oneof(
    fc.constant<Filter>({ kind: 'present', path: attrPath(leaf.path) }),
    fc
      .tuple(
        fc.constantFrom<CompareOperator>('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'),
        compareValue(leaf.kind),
      )
      .map(([op, value]): Filter => ({ kind: 'compare', path: attrPath(leaf.path), op, value })),
  ),
)

const valuePathArb: fc.Arbitrary<Filter> = fc
  .tuple(
    fc.constantFrom('type', 'value'),
    fc.constantFrom<CompareOperator>('eq', 'co', 'sw', 'ne'),
    text,
    fc.boolean(),
  )
  .map(([sub, op, value, primaryToo]): Filter => {
    const inner: Filter = { kind: 'compare', path: { name: sub }, op, value }
    const filter: Filter = primaryToo
      ? {
          kind: 'and',
          left: inner,
          right: { kind: 'compare', path: { name: 'primary' }, op: 'eq', value: true },
        }
      : inner
    return { kind: 'valuePath', path: { name: 'emails' }, filter }
  })

const filterArb: fc.Arbitrary<Filter> = fc.letrec<{ filter: Filter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    valuePathArb,
    fc.record({ kind: fc.constant('and' as const), left: tie('filter'), right: tie('filter') }),
    fc.record({ kind: fc.constant('or' as const), left: tie('filter'), right: tie('filter') }),
    fc.record({ kind: fc.constant('not' as const), filter: tie('filter') }),
  ),
})).filter

eachDialect('filter SQL agrees with in-memory evaluation', (database) => {
  let server: TestServer
  let context: { directory: DirectoryContext; actor: { type: 'system'; id: null } }
  const all: ScimResource[] = []

  before(async () => {
    server = await startServer(database)
    const directory = await server.hub.services.directories.authenticate(server.directory.token)
    assert.ok(directory)
    context = { directory, actor: { type: 'system', id: null } }
    const users = fc.sample(userArb, { numRuns: 60, seed: 20261123 })
    for (const [index, attributes] of users.entries()) {
      const userName = `user-${String(index).padStart(4, '0')}@${index % 3 === 0 ? 'ACME.com' : 'acme.com'}`
      const body = {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
        userName,
        ...attributes,
      }
      const created = await server.hub.services.scim.users.create(
        context,
        JSON.parse(JSON.stringify(body)),
      )
      all.push(
        toScimResource(created.resource, created, userResourceSchema, { baseUrl: server.scimUrl }),
      )
    }
  })
  after(() => server.close())

  it('selects exactly the users that match in memory', async () => {
    await fc.assert(
      fc.asyncProperty(filterArb, async (filter) => {
        fc.pre(checkFilterOperators(filter, userResourceSchema).ok)
        const expected = all
          .filter((u) => matchesFilter(filter, u, userResourceSchema))
          .map((u) => u.id as string)
        const listed = await server.hub.services.scim.users.list(context, {
          filter,
          offset: 0,
          limit: 1000,
          withRelated: false,
        })
        const actual = listed.items.map((item) => item.id)
        assert.deepEqual(actual.sort(), expected.sort(), `filter: ${printFilter(filter)}`)
        assert.equal(listed.total, expected.length)
      }),
      { numRuns: 300, seed: 7 },
    )
  })
})
