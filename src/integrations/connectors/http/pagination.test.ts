import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ok, type Result, unwrap } from '../../../shared/result.js'
import type { Page } from '../connector.js'
import type { ConnectorError } from '../connector-errors.js'
import {
  decodeCursor,
  encodeCursor,
  iteratePages,
  linkStart,
  nextLinkCursor,
  nextOffsetCursor,
  nextTokenCursor,
  offsetStart,
  parseLinkHeader,
  tokenStart,
} from './pagination.js'

describe('cursors', () => {
  it('round-trip as opaque strings', () => {
    const state = { v: 1, kind: 'offset', startIndex: 201 } as const
    const cursor = encodeCursor(state)
    assert.match(cursor, /^[A-Za-z0-9_-]+$/)
    assert.deepEqual(unwrap(decodeCursor(cursor)), state)
  })

  it('reject foreign or tampered cursors as invalid', () => {
    for (const cursor of [
      '',
      'not-base64-json',
      encodeCursor({ v: 1, kind: 'token', token: 'x' }).slice(3),
    ]) {
      const decoded = decodeCursor(cursor)
      assert.equal(!decoded.ok && decoded.error.class, 'invalid', cursor)
    }
  })

  it('reject a cursor of another style', () => {
    const token = nextTokenCursor('abc') ?? ''
    const start = offsetStart(token)
    assert.equal(!start.ok && start.error.class, 'invalid')
  })
})

describe('offset paging (SCIM startIndex/count)', () => {
  it('starts at 1 and advances by what was received, not what was asked', () => {
    assert.equal(unwrap(offsetStart(undefined)), 1)
    // Asked for 100, the app silently capped the page at 50.
    const next = nextOffsetCursor({ startIndex: 1, received: 50, totalResults: 120 })
    assert.equal(unwrap(offsetStart(next)), 51)
  })

  it('ends on an empty page or past totalResults', () => {
    assert.equal(nextOffsetCursor({ startIndex: 101, received: 20, totalResults: 120 }), undefined)
    assert.equal(nextOffsetCursor({ startIndex: 1, received: 0 }), undefined)
    assert.ok(nextOffsetCursor({ startIndex: 1, received: 10 }), 'no total: keep going')
  })
})

describe('token paging', () => {
  it('wraps the next token and ends without one', () => {
    assert.equal(unwrap(tokenStart(undefined)), undefined)
    assert.equal(unwrap(tokenStart(nextTokenCursor('page-2'))), 'page-2')
    assert.equal(nextTokenCursor(null), undefined)
    assert.equal(nextTokenCursor(''), undefined)
  })
})

describe('Link header paging (RFC 8288)', () => {
  it('parses several links and relation types', () => {
    const links = parseLinkHeader(
      '<https://o.example/api/v1/users?after=abc&limit=200>; rel="next", <https://o.example/api/v1/users?limit=200>; rel="self first"',
    )
    assert.deepEqual(links, [
      { url: 'https://o.example/api/v1/users?after=abc&limit=200', rels: ['next'] },
      { url: 'https://o.example/api/v1/users?limit=200', rels: ['self', 'first'] },
    ])
    assert.deepEqual(parseLinkHeader(null), [])
  })

  it('follows rel="next" on the same origin, resolving relative links', () => {
    const headers = new Headers({ link: '</api/v1/users?after=xyz>; rel=next' })
    const cursor = unwrap(nextLinkCursor(headers, 'https://o.example/api/v1/users'))
    assert.equal(
      unwrap(linkStart(cursor, 'https://o.example/api/v1/users')),
      'https://o.example/api/v1/users?after=xyz',
    )
    assert.equal(unwrap(linkStart(undefined, 'https://o.example/first')), 'https://o.example/first')
  })

  it('refuses a next link to another origin, which would leak the credentials', () => {
    const headers = new Headers({ link: '<https://evil.example/steal>; rel="next"' })
    const result = nextLinkCursor(headers, 'https://o.example/api/v1/users')
    assert.equal(!result.ok && result.error.class, 'permanent')
  })

  it('ends when there is no next link', () => {
    const headers = new Headers({ link: '<https://o.example/a>; rel="self"' })
    assert.equal(unwrap(nextLinkCursor(headers, 'https://o.example/a')), undefined)
  })
})

describe('iteratePages', () => {
  const pages: Record<string, Page<number>> = {
    start: { items: [1, 2], nextCursor: 'b' },
    b: { items: [3], nextCursor: 'c' },
    c: { items: [4] },
  }
  const list = async (cursor: string | undefined): Promise<Result<Page<number>, ConnectorError>> =>
    ok(pages[cursor ?? 'start'] ?? { items: [] })

  async function collect(options: { cursor?: string } = {}) {
    const items: number[] = []
    for await (const page of iteratePages(list, options)) items.push(...unwrap(page).items)
    return items
  }

  it('walks a listing to the end', async () => {
    assert.deepEqual(await collect(), [1, 2, 3, 4])
  })

  it('resumes from a checkpointed cursor', async () => {
    assert.deepEqual(await collect({ cursor: 'b' }), [3, 4])
  })

  it('reports an app that hands back the same cursor forever', async () => {
    const loop = async (): Promise<Result<Page<number>, ConnectorError>> =>
      ok({ items: [1], nextCursor: 'same' })
    const results = []
    for await (const page of iteratePages(loop)) results.push(page)
    const last = results.at(-1)
    assert.equal(results.length, 3)
    assert.equal(last && !last.ok && last.error.class, 'permanent')
  })
})
