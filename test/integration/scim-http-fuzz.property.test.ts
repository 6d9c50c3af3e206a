import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import fc from 'fast-check'
import { eachDialect } from '../helpers/dialects.js'
import {
  newUser,
  patchOp,
  type ScimClient,
  type ScimResponse,
  scimClient,
} from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

/**
 * Random, mostly malformed input to the filter, PATCH and Bulk entry points of the real server,
 * over HTTP, on both dialects. Bad input is the client's mistake: never a 5xx, always a SCIM error
 * with a status string, and a request that fails writes nothing (PATCH is atomic, RFC 7644
 * §3.5.2; each bulk operation is, §3.7).
 */
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error'

/** Text that has broken parsers and databases: NUL, lone surrogates, quotes, escapes, emoji. */
const nasty = fc.constantFrom(
  '',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udc00x',
  '😀',
  '"',
  '\\',
  "'; drop table scim_users; --",
  '%',
  '_',
  '2015-10-10T14:38:21.8617979-07:00',
  '1e999',
  '-0',
  'x'.repeat(300),
)
const text = fc.oneof(
  nasty,
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
)

const ATTRIBUTES = [
  'id',
  'userName',
  'UserName',
  'displayName',
  'active',
  'title',
  'name.givenName',
  'name',
  'emails',
  'emails.value',
  'emails.primary',
  'groups.display',
  'members.value',
  'meta.created',
  'meta.lastModified',
  'meta.version',
  'schemas',
  `${ENTERPRISE}:department`,
  `${ENTERPRISE}:manager.value`,
  `${ENTERPRISE}:manager`,
  'urn:bogus:x',
  'nope',
  '$ref',
]
const OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr', 'EQ', 'xx']
const literal = fc.oneof(
  text.map((value) => JSON.stringify(value)),
  fc.constantFrom('true', 'False', 'null', '42', '-1.5e3', '1e999', 'unquoted', '"unterminated'),
  fc.double().map(String),
)

/** Tokens in any order: mostly invalid, sometimes valid filters. */
const filterTokens = fc
  .array(
    fc.oneof(
      fc.constantFrom(...ATTRIBUTES),
      fc.constantFrom(...OPERATORS),
      literal,
      fc.constantFrom(
        'and',
        'or',
        'not',
        '(',
        ')',
        '[',
        ']',
        '.value',
        'emails[',
        'type eq "work"]',
      ),
    ),
    { maxLength: 14 },
  )
  .map((tokens) => tokens.join(' '))

/** Well-formed filters of random shape, so the SQL translation is exercised too. */
const comparison = fc
  .tuple(fc.constantFrom(...ATTRIBUTES), fc.constantFrom(...OPERATORS.slice(0, 9)), literal)
  .map(([attribute, op, value]) => `${attribute} ${op} ${value}`)
const term = fc.oneof(
  comparison,
  fc.constantFrom(...ATTRIBUTES).map((attribute) => `${attribute} pr`),
  fc
    .tuple(comparison, fc.option(comparison.map((c) => c.replace(/^\S+/, 'value'))))
    .map(([inner, sub]) => `emails[${inner.replace(/^\S+/, 'type')}]${sub ? `.${sub}` : ''}`),
)
const wellFormed = fc.letrec<{ filter: string }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small' },
    term,
    fc
      .tuple(tie('filter'), fc.constantFrom('and', 'or'), tie('filter'))
      .map(([left, op, right]) => `(${left}) ${op} (${right})`),
    tie('filter').map((inner) => `not (${inner})`),
  ),
})).filter
const filterText = fc.oneof(filterTokens, wellFormed, fc.string({ maxLength: 40 }))

const listParameters = fc.record(
  {
    sortBy: fc.oneof(fc.constantFrom(...ATTRIBUTES), text),
    sortOrder: fc.constantFrom('ascending', 'descending', 'sideways'),
    startIndex: fc.oneof(fc.integer(), fc.constantFrom(1e20, -1e20, 'x', '2.5')),
    count: fc.oneof(fc.integer(), fc.constantFrom(1e20, 'x')),
    attributes: fc.oneof(fc.constantFrom(...ATTRIBUTES), text),
    excludedAttributes: fc.constantFrom(...ATTRIBUTES),
  },
  { requiredKeys: [] },
)

const PATHS = [
  ...ATTRIBUTES,
  'emails[type eq "work"]',
  'emails[type eq "work"].value',
  'emails[value co "@"].primary',
  'members[value eq "x"]',
  `${ENTERPRISE}:manager[value eq "x"]`,
  ENTERPRISE,
  'emails[',
  'name.givenName.x',
  'emails[type eq "work"].nope',
  '',
]
const jsonValue = fc.oneof(
  { depthSize: 'small' },
  text,
  fc.jsonValue({ maxDepth: 2 }),
  fc.record({ value: text, type: text, primary: fc.boolean() }, { requiredKeys: [] }),
  fc.array(fc.record({ value: text, display: text }, { requiredKeys: [] }), { maxLength: 3 }),
  fc.constantFrom('True', 'False', null, { [`${ENTERPRISE}:manager`]: 'm' }, { userName: '' }),
)
const operation = fc.record(
  {
    op: fc.oneof(fc.constantFrom('add', 'replace', 'remove', 'Add', 'Replace', 'REMOVE'), text),
    path: fc.oneof(fc.constantFrom(...PATHS), text, fc.constant(null)),
    value: jsonValue,
  },
  { requiredKeys: ['op'] },
)
const patchBody = fc.oneof(
  fc.array(operation, { minLength: 1, maxLength: 4 }).map((operations) => patchOp(...operations)),
  fc.jsonValue({ maxDepth: 2 }),
  fc
    .array(operation, { maxLength: 2 })
    .map((Operations) => ({ schemas: ['urn:bogus'], Operations })),
)

function assertClientOutcome(response: ScimResponse, what: string): void {
  assert.ok(response.status < 500, `${what} → ${response.status} ${response.text.slice(0, 300)}`)
  if (response.status >= 400 && response.status !== 404) {
    assert.deepEqual(response.body?.schemas, [ERROR_URN], `${what}: ${response.text}`)
    assert.equal(response.body.status, String(response.status))
  }
}

eachDialect('SCIM over HTTP under random input', (database) => {
  let server: TestServer
  let scim: ScimClient
  let userId: string
  let groupId: string
  before(async () => {
    server = await startServer(database, {
      config: { 'scim.bulkMaxOperations': 6, 'scim.bulkMaxPayloadBytes': 8192 },
    })
    scim = scimClient(server.scimUrl, server.directory.token)
    for (const name of ['ann', 'bob', 'cy']) await scim.post('/Users', newUser(name))
    const user = await scim.post(
      '/Users',
      newUser('fuzz', { [ENTERPRISE]: { department: 'R&D', manager: { value: 'm' } } }),
    )
    userId = user.body.id
    const group = await scim.post('/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'fuzzers',
      members: [{ value: userId }],
    })
    groupId = group.body.id
  })
  after(() => server.close())

  it('answers every filter and list request without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        filterText,
        listParameters,
        fc.constantFrom('/Users', '/Groups', ''),
        fc.boolean(),
        async (filter, parameters, endpoint, asSearch) => {
          const response = asSearch
            ? await scim.post(`${endpoint}/.search`, { filter, ...parameters })
            : await scim.get(
                `${endpoint || '/Users'}?${new URLSearchParams({
                  filter,
                  ...Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, String(v)])),
                })}`,
              )
          assertClientOutcome(response, `filter ${JSON.stringify(filter)}`)
          if (response.status === 200) assert.equal(typeof response.body.totalResults, 'number')
        },
      ),
      {
        numRuns: 600,
        seed: 20261207,
        examples: [
          ['userName eq "a\u0000b"', {}, '/Users', true],
          ['displayName gt "a\u0000"', { startIndex: 1e20 }, '/Groups', false],
        ],
      },
    )
  })

  it('applies a PATCH whole or not at all, and never answers a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(patchBody, fc.boolean(), async (body, onGroup) => {
        const path = onGroup ? `/Groups/${groupId}` : `/Users/${userId}`
        const before = await scim.get(path)
        const response = await scim.patch(path, body)
        assertClientOutcome(response, `PATCH ${JSON.stringify(body)}`)
        const afterwards = await scim.get(path)
        assert.equal(afterwards.status, 200)
        if (response.status >= 400) {
          // A failed PATCH leaves the resource as it was: same version, same attributes.
          assert.equal(afterwards.headers.get('etag'), before.headers.get('etag'))
          assert.deepEqual(afterwards.body, before.body)
        }
      }),
      {
        numRuns: 200,
        seed: 7,
        // Text PostgreSQL cannot store (U+0000, lone surrogates) must be a 400, not a 500.
        examples: [
          [patchOp({ op: 'replace', path: 'title', value: 'a\u0000b' }), false],
          [patchOp({ op: 'add', value: { displayName: '\ud800' } }), false],
          [patchOp({ op: 'add', path: 'members', value: [{ value: '\u0000' }] }), true],
        ],
      },
    )
  })

  it('answers every bulk request without a 5xx, and writes only the operations that succeed', async () => {
    const bulkOperation = fc.record(
      {
        method: fc.oneof(fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE', 'post'), text),
        bulkId: fc.oneof(fc.constantFrom('a', 'b', 'c'), text),
        path: fc.oneof(
          fc.constantFrom(
            '/Users',
            '/Groups',
            '/Users/bulkId:a',
            '/Users/bulkId:b',
            '/Groups/bulkId:c',
            '/Users/nope',
            '/Bogus',
          ),
          text,
        ),
        data: fc.oneof(
          fc.constant(newUser('x')),
          fc.constant({ displayName: 'g', members: [{ value: 'bulkId:a' }] }),
          patchBody,
          jsonValue,
        ),
      },
      { requiredKeys: ['method'] },
    )
    const bulkBody = fc.oneof(
      fc
        .tuple(fc.array(bulkOperation, { minLength: 1, maxLength: 7 }), fc.option(fc.integer()))
        .map(([Operations, failOnErrors]) => ({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
          Operations,
          ...(failOnErrors === null ? {} : { failOnErrors }),
        })),
      fc.jsonValue({ maxDepth: 2 }),
    )
    let run = 0
    await fc.assert(
      fc.asyncProperty(bulkBody, async (body) => {
        // A userName unique to this run, so creates can succeed.
        const unique = JSON.parse(
          JSON.stringify(body).replaceAll('"userName":"x"', `"userName":"x${run++}"`),
        )
        const count = async () => (await scim.get('/Users?count=0')).body.totalResults as number
        const users = await count()
        const response = await scim.post('/Bulk', unique)
        assertClientOutcome(response, `bulk ${JSON.stringify(unique).slice(0, 300)}`)
        if (response.status !== 200) {
          assert.equal(await count(), users)
          return
        }
        const results = response.body.Operations as {
          method: string
          status: string
          location?: string
        }[]
        for (const result of results) assert.ok(Number(result.status) < 500, JSON.stringify(result))
        const created = results.filter(
          (r) => r.method === 'POST' && r.status === '201' && r.location?.includes('/Users/'),
        ).length
        const deleted = results.filter(
          (r) => r.method === 'DELETE' && r.status === '204' && r.location?.includes('/Users/'),
        ).length
        assert.equal(await count(), users + created - deleted)
      }),
      { numRuns: 200, seed: 11 },
    )
  })
})
