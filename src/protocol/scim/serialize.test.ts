import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { userResourceSchema } from './schemas/index.js'
import { toListResponse, toListResponseJson, toScimJson, toScimResource } from './serialize.js'

const envelope = {
  id: 'u-1',
  version: 3,
  created: '2026-01-01T00:00:00.000Z',
  lastModified: '2026-01-02T00:00:00.000Z',
}
const options = { baseUrl: 'https://rollcall.example/scim/v2' }

describe('toScimJson', () => {
  it('says exactly what toScimResource says, for any stored resource and groups', () => {
    const resource = fc.record(
      {
        schemas: fc.constant(['urn:ietf:params:scim:schemas:core:2.0:User']),
        userName: fc.string(),
        title: fc.string(),
        emails: fc.array(fc.record({ value: fc.string(), primary: fc.boolean() }), {
          maxLength: 2,
        }),
      },
      { requiredKeys: ['schemas', 'userName'] },
    )
    const groups = fc.option(
      fc.array(
        fc.record(
          {
            value: fc.uuid(),
            display: fc.string(),
            type: fc.constantFrom('direct' as const, 'indirect' as const),
          },
          { requiredKeys: ['value', 'display'] },
        ),
        { maxLength: 3 },
      ),
      { nil: undefined },
    )
    fc.assert(
      fc.property(resource, groups, (stored, memberships) => {
        const env = { ...envelope, ...(memberships ? { groups: memberships } : {}) }
        const fast = JSON.parse(
          toScimJson(JSON.stringify(stored), env, userResourceSchema, options),
        )
        const slow = JSON.parse(
          JSON.stringify(toScimResource(stored, env, userResourceSchema, options)),
        )
        assert.deepEqual(fast, slow)
      }),
    )
  })

  it('builds the same ListResponse as text', () => {
    const fast = JSON.parse(
      toListResponseJson(['{"a":1}', '{"b":2}'], { totalResults: 9, startIndex: 3 }),
    )
    assert.deepEqual(fast, toListResponse([{ a: 1 }, { b: 2 }], { totalResults: 9, startIndex: 3 }))
    assert.deepEqual(
      JSON.parse(toListResponseJson([], { totalResults: 0, startIndex: 1 })).Resources,
      [],
    )
  })
})
