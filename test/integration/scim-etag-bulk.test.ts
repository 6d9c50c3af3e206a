import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect } from '../helpers/dialects.js'
import { newUser, patchOp, type ScimClient, scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'

eachDialect('SCIM ETags and Bulk', (database) => {
  let server: TestServer
  let scim: ScimClient
  before(async () => {
    server = await startServer(database, {
      config: { 'scim.bulkMaxOperations': 5, 'scim.bulkMaxPayloadBytes': 4096 },
    })
    scim = scimClient(server.scimUrl, server.directory.token)
  })
  after(() => server.close())

  it('honours If-Match (412 on a stale version) and If-None-Match (304)', async () => {
    const created = await scim.post('/Users', newUser('etag@acme.com'))
    const version = created.headers.get('etag') as string
    assert.equal(
      (await scim.get(`/Users/${created.body.id}`, { 'if-none-match': version })).status,
      304,
    )
    const changed = await scim.patch(
      `/Users/${created.body.id}`,
      patchOp({ op: 'replace', path: 'title', value: 'CTO' }),
      { 'if-match': version },
    )
    assert.equal(changed.status, 200)
    const stale = await scim.patch(
      `/Users/${created.body.id}`,
      patchOp({ op: 'replace', path: 'title', value: 'CEO' }),
      { 'if-match': version },
    )
    assert.equal(stale.status, 412)
    assert.equal(
      (
        await scim.put(`/Users/${created.body.id}`, newUser('etag@acme.com'), {
          'if-match': version,
        })
      ).status,
      412,
    )
    assert.equal(
      (await scim.delete(`/Users/${created.body.id}`, { 'if-match': version })).status,
      412,
    )
    assert.equal((await scim.get(`/Users/${created.body.id}`)).body.title, 'CTO')
    assert.equal((await scim.delete(`/Users/${created.body.id}`, { 'if-match': '*' })).status, 204)
  })

  it('answers 412 to a GET whose If-Match is stale, 200 when it is current (RFC 7232 §3.1)', async () => {
    const created = await scim.post('/Users', newUser('etag-get@acme.com'))
    const id = created.body.id as string
    const first = created.headers.get('etag') as string
    await scim.patch(`/Users/${id}`, patchOp({ op: 'replace', path: 'title', value: 'CTO' }))
    const stale = await scim.get(`/Users/${id}`, { 'if-match': first })
    assert.equal(stale.status, 412, stale.text)
    assert.equal(stale.body.status, '412')
    assert.deepEqual(stale.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error'])
    const current = (await scim.get(`/Users/${id}`)).headers.get('etag') as string
    assert.equal((await scim.get(`/Users/${id}`, { 'if-match': current })).status, 200)
    assert.equal((await scim.get(`/Users/${id}`, { 'if-match': '*' })).status, 200)
  })

  it('runs a bulk request with bulkId references in any order and reports each operation', async () => {
    const response = await scim.post('/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'team',
          data: {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
            displayName: 'Bulk team',
            members: [{ value: 'bulkId:ann' }],
          },
        },
        { method: 'POST', path: '/Users', bulkId: 'ann', data: newUser('ann@acme.com') },
        {
          method: 'PATCH',
          path: '/Users/bulkId:ann',
          data: patchOp({ op: 'replace', path: 'title', value: 'Lead' }),
        },
        { method: 'POST', path: '/Users', bulkId: 'dup', data: newUser('ann@acme.com') },
      ],
    })
    assert.equal(response.status, 200)
    const [group, ann, patch, dup] = response.body.Operations
    assert.deepEqual(
      [group.status, ann.status, patch.status, dup.status],
      ['201', '201', '200', '409'],
    )
    const groupId = group.location.split('/').pop()
    const annId = ann.location.split('/').pop()
    const read = await scim.get(`/Groups/${groupId}`)
    assert.deepEqual(
      read.body.members.map((m: { value: string }) => m.value),
      [annId],
    )
    assert.equal((await scim.get(`/Users/${annId}`)).body.title, 'Lead')
    assert.equal(dup.response.scimType, 'uniqueness')
  })

  it('stops after failOnErrors errors and refuses circular references', async () => {
    const response = await scim.post('/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      failOnErrors: 1,
      Operations: [
        {
          method: 'PATCH',
          path: '/Users/missing',
          data: patchOp({ op: 'replace', path: 'title', value: 'x' }),
        },
        { method: 'POST', path: '/Users', bulkId: 'never', data: newUser('never@acme.com') },
      ],
    })
    assert.deepEqual(
      response.body.Operations.map((o: { status: string }) => o.status),
      ['404'],
    )
    const circular = await scim.post('/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'a',
          data: { displayName: 'A', members: [{ value: 'bulkId:b' }] },
        },
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'b',
          data: { displayName: 'B', members: [{ value: 'bulkId:a' }] },
        },
      ],
    })
    assert.deepEqual(
      circular.body.Operations.map((o: { status: string }) => o.status),
      ['400', '400'],
    )
  })

  it('answers 413 past maxOperations or maxPayloadSize', async () => {
    const operations = Array.from({ length: 6 }, (_, i) => ({
      method: 'POST',
      path: '/Users',
      bulkId: `u${i}`,
      data: newUser(`u${i}@acme.com`),
    }))
    const tooMany = await scim.post('/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: operations,
    })
    assert.equal(tooMany.status, 413)
    const tooBig = await scim.post('/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [
        {
          method: 'POST',
          path: '/Users',
          bulkId: 'big',
          data: newUser('big@acme.com', { title: 'x'.repeat(5000) }),
        },
      ],
    })
    assert.equal(tooBig.status, 413)
    assert.equal(tooBig.body.status, '413')
    // RFC 7644 §3.7.4: the error names the limit, in SCIM error form.
    assert.deepEqual(tooBig.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error'])
    assert.match(tooBig.body.detail, /maxPayloadSize \(4096 bytes\)/)
    assert.match(tooMany.body.detail, /maxOperations \(5\)/)
    assert.equal(
      (await scim.get(`/Users?filter=${encodeURIComponent('userName sw "u"')}`)).body.totalResults,
      0,
    )
  })
})
