import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compareInstants, type Instant, parseDateTime } from './date-time.js'

function instant(text: string): Instant {
  const parsed = parseDateTime(text)
  assert.ok(parsed, `expected ${text} to parse`)
  return parsed
}

describe('parseDateTime', () => {
  it('reads UTC and offsets as the same instant', () => {
    const utc = instant('2011-08-01T18:29:49.793Z')
    assert.equal(utc.epochMs, Date.UTC(2011, 7, 1, 18, 29, 49, 793))
    assert.equal(compareInstants(utc, instant('2011-08-01T11:29:49.793-07:00')), 0)
    assert.equal(compareInstants(utc, instant('2011-08-02T00:14:49.793+05:45')), 0)
    assert.equal(compareInstants(utc, instant('2011-08-01T18:29:49.793')), 0)
  })

  it('keeps seven fractional digits exactly', () => {
    const entra = instant('2015-10-10T14:38:21.8617979-07:00')
    assert.deepEqual(entra, { epochMs: Date.UTC(2015, 9, 10, 21, 38, 21, 861), subMs: '7979' })
    assert.equal(compareInstants(entra, instant('2015-10-10T21:38:21.8617978Z')), 1)
    assert.equal(compareInstants(entra, instant('2015-10-10T21:38:21.861797900Z')), 0)
    assert.equal(compareInstants(entra, instant('2015-10-10T21:38:21.86179791Z')), -1)
    assert.equal(
      compareInstants(instant('2015-10-10T21:38:21.5Z'), instant('2015-10-10T21:38:21.500Z')),
      0,
    )
  })

  it('reads a bare date as midnight UTC and years below 100 literally', () => {
    assert.equal(instant('2024-01-01').epochMs, Date.UTC(2024, 0, 1))
    const early = new Date(0)
    early.setUTCFullYear(42, 0, 1)
    assert.equal(instant('0042-01-01T00:00:00Z').epochMs, early.getTime())
  })

  it('validates the calendar', () => {
    assert.ok(parseDateTime('2024-02-29T00:00:00Z'))
    assert.ok(parseDateTime('2000-02-29T00:00:00Z'))
    for (const bad of [
      '2023-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-04-31T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T00:60:00Z',
      '2024-01-01T00:00:00+15:00',
      '2024-01-01T00:00Z',
      '2024-1-01',
      'yesterday',
      '',
      '275760-09-14T00:00:00Z',
    ]) {
      assert.equal(parseDateTime(bad), undefined, bad)
    }
  })

  it('orders instants chronologically', () => {
    assert.equal(
      compareInstants(instant('2011-08-01T18:29:49Z'), instant('2011-08-01T18:29:50Z')),
      -1,
    )
    assert.equal(
      compareInstants(instant('2011-08-01T18:29:50Z'), instant('2011-08-01T19:29:49+01:00')),
      1,
    )
  })
})
