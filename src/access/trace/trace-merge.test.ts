import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeCursor, encodeCursor, pageOf, readPage, type TraceSource } from './trace-merge.js'
import type { TraceDraft } from './trace-types.js'

const draft = (at: string, key: string): TraceDraft => ({
  key,
  at,
  kind: 'operation',
  appId: null,
  words: key,
  status: null,
  ids: {},
  detail: {},
})

/** A source over a fixed list that honours the window, as the SQL ones do. */
const listSource =
  (drafts: readonly TraceDraft[]): TraceSource =>
  async (w) =>
    drafts
      .filter(
        (d) =>
          (w.from === undefined || d.at >= w.from) &&
          (w.to === undefined || (w.toInclusive ? d.at <= w.to : d.at < w.to)),
      )
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
      .slice(0, w.limit)

test('a page is newest first, ties broken by key, with a cursor when more remain', () => {
  const page = pageOf(
    [
      draft('2026-01-01T00:00:01Z', 'a'),
      draft('2026-01-01T00:00:02Z', 'b'),
      draft('2026-01-01T00:00:02Z', 'c'),
    ],
    { limit: 2 },
  )
  assert.deepEqual(
    page.drafts.map((d) => d.key),
    ['c', 'b'],
  )
  assert.deepEqual(page.next, { at: '2026-01-01T00:00:02Z', key: 'b' })
  const last = pageOf([draft('2026-01-01T00:00:01Z', 'a')], { limit: 2 })
  assert.equal(last.next, undefined)
})

test('following cursors over several sources reads every entry once, ties included', async () => {
  // Many entries share one instant across and within sources: the cursor must not skip any.
  const same = '2026-01-01T00:00:05.000Z'
  const a = [...Array(7).keys()].map((i) =>
    draft(i < 5 ? same : `2026-01-01T00:00:0${i - 4}.000Z`, `a${i}`),
  )
  const b = [...Array(6).keys()].map((i) =>
    draft(i % 2 ? same : `2026-01-01T00:00:0${i + 6}.000Z`, `b${i}`),
  )
  const sources = [listSource(a), listSource(b)]
  const everything = pageOf([...a, ...b], { limit: 1000 }).drafts.map((d) => d.key)
  const seen: string[] = []
  let before = undefined as { at: string; key: string } | undefined
  for (let pages = 0; pages < 20; pages++) {
    const page = await readPage(sources, { limit: 2, ...(before ? { before } : {}) })
    seen.push(...page.drafts.map((d) => d.key))
    before = page.next
    if (!before) break
  }
  assert.deepEqual(seen, everything)
  assert.equal(new Set(seen).size, 13)
})

test('since keeps entries at or after it', async () => {
  const drafts = [draft('2026-01-01T00:00:01Z', 'old'), draft('2026-01-02T00:00:00Z', 'new')]
  const page = await readPage([listSource(drafts)], { limit: 10, since: '2026-01-01T12:00:00Z' })
  assert.deepEqual(
    page.drafts.map((d) => d.key),
    ['new'],
  )
})

test('cursors round-trip; anything else does not parse', () => {
  const cursor = { at: '2026-01-01T00:00:00.000Z', key: 'settled:0193' }
  assert.deepEqual(decodeCursor(encodeCursor(cursor)), cursor)
  for (const bad of [
    '',
    'zzz',
    '%%',
    Buffer.from('{"at":1}').toString('base64url'),
    encodeCursor({ at: 'soon', key: 'x' }),
  ])
    assert.equal(decodeCursor(bad), undefined, bad)
})
