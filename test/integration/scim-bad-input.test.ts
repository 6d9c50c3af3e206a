import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect } from '../helpers/dialects.js'
import { newUser, patchOp, type ScimClient, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

/** Bad input of any shape is a 4xx with a clear detail in RFC 7644 §3.12 form, and writes nothing. */
eachDialect('SCIM bad input', (database) => {
  let server: TestServer
  let scim: ScimClient
  let userId: string
  before(async () => {
    server = await startServer(database)
    scim = scimClient(server.scimUrl, server.directory.token)
    userId = (await scim.post('/Users', newUser('keep@acme.com'))).body.id
  })
  after(() => server.close())

  const countRows = async () => {
    const users = await server.store.db
      .selectFrom('scim_users')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const audit = await server.store.db
      .selectFrom('audit_log')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return { users: Number(users.n), audit: Number(audit.n) }
  }

  const cases: [string, () => Promise<{ status: number; body: any }>, number, string?][] = [
    ['junk JSON', () => scim.post('/Users', '{"userName": tru'), 400, 'invalidSyntax'],
    [
      'empty body',
      () => scim.request('POST', '/Users', '', { 'content-type': 'application/scim+json' }),
      400,
    ],
    ['an array body', () => scim.post('/Users', []), 400, 'invalidSyntax'],
    ['a string body', () => scim.post('/Users', '"alice"'), 400, 'invalidSyntax'],
    [
      'no userName',
      () =>
        scim.post('/Users', {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          active: true,
        }),
      400,
      'invalidValue',
    ],
    [
      'userName of the wrong type',
      () => scim.post('/Users', newUser('x', { userName: { a: 1 } })),
      400,
      'invalidValue',
    ],
    [
      'active of the wrong type',
      () => scim.post('/Users', newUser('y@acme.com', { active: 'maybe' })),
      400,
      'invalidValue',
    ],
    [
      'emails not an array',
      () => scim.post('/Users', newUser('z@acme.com', { emails: { value: 'z@acme.com' } })),
      400,
      'invalidValue',
    ],
    [
      'two primary emails',
      () =>
        scim.post(
          '/Users',
          newUser('p@acme.com', {
            emails: [
              { value: 'a@b.c', primary: true },
              { value: 'd@e.f', primary: true },
            ],
          }),
        ),
      400,
      'invalidValue',
    ],
    [
      'an unknown schema (standard profile)',
      () =>
        scim.post(
          '/Users',
          newUser('s@acme.com', {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:example:unknown'],
          }),
        ),
      400,
      'invalidValue',
    ],
    [
      'schemas not an array',
      () =>
        scim.post(
          '/Users',
          newUser('t@acme.com', { schemas: 'urn:ietf:params:scim:schemas:core:2.0:User' }),
        ),
      400,
      'invalidSyntax',
    ],
    [
      'deeply nested JSON in a string attribute',
      () =>
        scim.post(
          '/Users',
          `{"userName":"deep@acme.com","title":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`,
        ),
      400,
      'invalidValue',
    ],
    [
      'deeply nested arrays',
      () =>
        scim.post(
          '/Users',
          `{"userName":"deep2@acme.com","emails":${'['.repeat(20000)}${']'.repeat(20000)}}`,
        ),
      400,
      'invalidValue',
    ],
    [
      'a huge body',
      () => scim.post('/Users', newUser('huge@acme.com', { title: 'x'.repeat(2_000_000) })),
      413,
    ],
    [
      'an unsupported media type',
      () => scim.request('POST', '/Users', 'userName=a', { 'content-type': 'text/plain' }),
      415,
    ],
    [
      'PATCH without Operations',
      () =>
        scim.patch(`/Users/${userId}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        }),
      400,
      'invalidSyntax',
    ],
    [
      'PATCH with an unknown op',
      () => scim.patch(`/Users/${userId}`, patchOp({ op: 'merge', path: 'title', value: 'x' })),
      400,
      'invalidSyntax',
    ],
    [
      'PATCH with a malformed path',
      () =>
        scim.patch(
          `/Users/${userId}`,
          patchOp({ op: 'replace', path: 'emails[type eq', value: 'x' }),
        ),
      400,
      'invalidPath',
    ],
    [
      'PATCH remove without a path',
      () => scim.patch(`/Users/${userId}`, patchOp({ op: 'remove' })),
      400,
      'noTarget',
    ],
    [
      'PATCH of a readOnly attribute',
      () => scim.patch(`/Users/${userId}`, patchOp({ op: 'replace', path: 'id', value: 'mine' })),
      400,
      'mutability',
    ],
    [
      'PATCH that removes userName',
      () => scim.patch(`/Users/${userId}`, patchOp({ op: 'remove', path: 'userName' })),
      400,
    ],
    [
      'PATCH with a wrongly typed value',
      () => scim.patch(`/Users/${userId}`, patchOp({ op: 'replace', path: 'active', value: [1] })),
      400,
      'invalidValue',
    ],
    [
      'an atomic PATCH whose second op fails',
      () =>
        scim.patch(
          `/Users/${userId}`,
          patchOp(
            { op: 'replace', path: 'title', value: 'changed' },
            { op: 'replace', path: 'meta', value: {} },
          ),
        ),
      400,
      'mutability',
    ],
    [
      'a filter with a bad operator',
      () => scim.get(`/Users?filter=${encodeURIComponent('userName regex "a"')}`),
      400,
      'invalidFilter',
    ],
    [
      'a filter comparing a boolean with gt',
      () => scim.get(`/Users?filter=${encodeURIComponent('active gt true')}`),
      400,
      'invalidFilter',
    ],
    ['a non-numeric startIndex', () => scim.get('/Users?startIndex=abc'), 400, 'invalidValue'],
    ['a bad sortOrder', () => scim.get('/Users?sortOrder=sideways'), 400, 'invalidValue'],
    ['a bad attributes path', () => scim.get('/Users?attributes=emails[type'), 400, 'invalidValue'],
  ]

  for (const [name, send, status, scimType] of cases) {
    it(`answers ${status}${scimType ? ` ${scimType}` : ''} to ${name}, and writes nothing`, async () => {
      const before = await countRows()
      const response = await send()
      assert.equal(response.status, status, JSON.stringify(response.body))
      assert.deepEqual(response.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error'])
      assert.equal(response.body.status, String(status))
      assert.ok(typeof response.body.detail === 'string' && response.body.detail.length > 0)
      if (scimType) assert.equal(response.body.scimType, scimType)
      assert.deepEqual(await countRows(), before)
    })
  }

  it('ignores deeply nested unknown attributes without failing (unknown attributes are ignored)', async () => {
    const deep = `{"userName":"nested@acme.com","name":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)},"x":${'['.repeat(5000)}${']'.repeat(5000)}}`
    const response = await scim.post('/Users', deep)
    assert.equal(response.status, 201)
    assert.equal(response.body.name, undefined)
    assert.equal(response.body.x, undefined)
    await scim.delete(`/Users/${response.body.id}`)
  })

  it('left the user untouched after every failed PATCH', async () => {
    const user = await scim.get(`/Users/${userId}`)
    assert.equal(user.body.title, undefined)
    assert.equal(user.body.active, true)
    assert.equal(user.body.meta.version, 'W/"1"')
  })
})
