import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import {
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  MAX_FILTER_TERMS,
} from '../../src/protocol/scim/filter/index.js'
import { eachDialect } from '../helpers/dialects.js'
import { newUser, type ScimClient, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

/**
 * Filters are bounded (length, nesting, comparisons) with a 400 invalidFilter naming the limit,
 * and the largest allowed filters compile to SQL both databases accept: never a 5xx.
 */
eachDialect('SCIM filter limits', (database) => {
  let server: TestServer
  let scim: ScimClient
  before(async () => {
    server = await startServer(database)
    scim = scimClient(server.scimUrl, server.directory.token)
    assert.equal((await scim.post('/Users', newUser('limits'))).status, 201)
  })
  after(() => server.close())

  const search = (filter: string) => scim.post('/Users/.search', { filter })
  const chain = (term: string, count: number, joiner = 'or') =>
    Array.from({ length: count }, () => term).join(` ${joiner} `)

  it('answers 400 invalidFilter naming the limit for a few thousand "or" terms', async () => {
    for (const filter of [chain('id pr', 3000), chain('id pr', MAX_FILTER_TERMS + 1)]) {
      const response = await search(filter)
      assert.equal(response.status, 400, response.text)
      assert.equal(response.body.scimType, 'invalidFilter')
      assert.deepEqual(response.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error'])
    }
    assert.match(
      (await search(chain('id pr', 3000))).body.detail,
      new RegExp(`${MAX_FILTER_LENGTH}`),
    )
    const terms = await search(chain('id pr', MAX_FILTER_TERMS + 1))
    assert.match(terms.body.detail, new RegExp(`more than ${MAX_FILTER_TERMS} comparisons`))
    const deep = `${'('.repeat(MAX_FILTER_DEPTH + 1)}id pr${')'.repeat(MAX_FILTER_DEPTH + 1)}`
    const nested = await search(deep)
    assert.equal(nested.status, 400)
    assert.match(nested.body.detail, new RegExp(`deeper than ${MAX_FILTER_DEPTH}`))
  })

  it(`runs the largest filters allowed, of each shape, and at full depth`, async () => {
    const shapes = [
      'id pr',
      'userName eq "limits"',
      'emails[type eq "work"]',
      'emails.value co "@"',
      'name.givenName sw "G"',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "x"',
    ]
    for (const shape of shapes) {
      for (const joiner of ['or', 'and']) {
        // As many terms as the limits allow: MAX_FILTER_TERMS, or what fits the length.
        const fits = Math.floor((MAX_FILTER_LENGTH + 5) / (shape.length + 5))
        const response = await search(chain(shape, Math.min(MAX_FILTER_TERMS, fits), joiner))
        assert.equal(response.status, 200, `${shape} ${joiner}: ${response.text.slice(0, 300)}`)
      }
    }
    const short = ['id pr', 'title pr', 'emails[type pr]', 'emails pr']
    const mixed = Array.from({ length: MAX_FILTER_TERMS }, (_, i) => short[i % short.length])
    const alternating = mixed.map((term, i) => (i === 0 ? term : `${i % 2 ? 'and' : 'or'} ${term}`))
    assert.equal((await search(alternating.join(' '))).status, 200)
    const notDeep = `${'not ('.repeat(MAX_FILTER_DEPTH - 2)}emails[not (type eq "x")]${')'.repeat(MAX_FILTER_DEPTH - 2)}`
    assert.equal((await search(notDeep)).status, 200)
    const deepChains = `${'(id pr or '.repeat(MAX_FILTER_DEPTH)}id pr${')'.repeat(MAX_FILTER_DEPTH)}`
    const response = await search(deepChains)
    assert.equal(response.status, 200, response.text.slice(0, 300))
    assert.equal(response.body.totalResults, 1)
  })
})
