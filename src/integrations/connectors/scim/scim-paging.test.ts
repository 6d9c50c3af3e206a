import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { unwrap } from '../../../shared/result.js'
import { checkPage, type PageRequest, pageRequest, readListResponse } from './scim-paging.js'

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i) }))

/** Walks pages: the request the next cursor leads to. */
function follow(cursor: string | undefined, count = 50): PageRequest {
  return unwrap(pageRequest(cursor, count))
}

describe('defensive SCIM paging', () => {
  it('advances by what was received and ends at totalResults', () => {
    const first = follow(undefined)
    assert.deepEqual(first, { startIndex: 1, count: 50 })
    const next = unwrap(checkPage(first, { resources: items(50), totalResults: 120 })).nextCursor
    const second = follow(next)
    assert.equal(second.startIndex, 51)
    const third = follow(
      unwrap(checkPage(second, { resources: items(50), totalResults: 120 })).nextCursor,
    )
    assert.equal(third.startIndex, 101)
    assert.deepEqual(unwrap(checkPage(third, { resources: items(20), totalResults: 120 })), {})
  })

  it('learns a page size the app caps silently, and holds later pages to it', () => {
    const first = follow(undefined, 50)
    const next = unwrap(checkPage(first, { resources: items(25), totalResults: 100 })).nextCursor
    const second = follow(next, 50)
    assert.deepEqual(second, { startIndex: 26, count: 50, pageSize: 25 })
    assert.ok(unwrap(checkPage(second, { resources: items(25), totalResults: 100 })).nextCursor)
    const short = checkPage(second, { resources: items(10), totalResults: 100 })
    assert.equal(short.ok ? 'ok' : short.error.class, 'transient')
  })

  it('treats a short or empty page in the middle as an error, never as the end', () => {
    const second = follow(
      unwrap(checkPage(follow(undefined), { resources: items(50), totalResults: 500 })).nextCursor,
    )
    for (const received of [0, 1, 49]) {
      const page = checkPage(second, { resources: items(received), totalResults: 500 })
      assert.equal(page.ok, false, `${received} of 50`)
      assert.equal(page.ok ? '' : page.error.code, 'CONNECTOR_BAD_RESPONSE')
    }
    // The last page may be short: that is where the list ends.
    const last = follow(
      unwrap(checkPage(second, { resources: items(50), totalResults: 120 })).nextCursor,
    )
    assert.deepEqual(unwrap(checkPage(last, { resources: items(20), totalResults: 120 })), {})
  })

  it('without totalResults, only an empty page ends the list', () => {
    const first = follow(undefined)
    const next = unwrap(checkPage(first, { resources: items(7) })).nextCursor
    assert.ok(next, 'a short page is not the end')
    assert.deepEqual(unwrap(checkPage(follow(next), { resources: [] })), {})
  })

  it('accepts more than asked (apps that ignore count) and refuses foreign cursors', () => {
    const page = unwrap(
      checkPage(follow(undefined, 10), { resources: items(30), totalResults: 60 }),
    )
    assert.equal(follow(page.nextCursor).startIndex, 31)
    assert.equal(pageRequest('not-a-cursor', 10).ok, false)
    const foreign = Buffer.from(JSON.stringify({ v: 1, kind: 'offset', startIndex: 5 })).toString(
      'base64url',
    )
    assert.equal(pageRequest(foreign, 10).ok, false)
  })

  it('reads ListResponses, with Resources in any case or absent', () => {
    assert.deepEqual(unwrap(readListResponse({ totalResults: 0 })), {
      resources: [],
      totalResults: 0,
    })
    assert.equal(
      unwrap(readListResponse({ resources: [{ id: 'a' }], TotalResults: 1 })).resources.length,
      1,
    )
    assert.equal(readListResponse({ Resources: {} }).ok, false)
    assert.equal(readListResponse({ Resources: [], totalResults: -1 }).ok, false)
    assert.equal(readListResponse([]).ok, false)
  })
})
