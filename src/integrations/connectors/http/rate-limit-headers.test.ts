import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { parseRateLimitHeaders, parseRetryAfter } from './rate-limit-headers.js'

const NOW = Date.parse('2026-01-01T00:00:00.000Z')
const headers = (init: Record<string, string>) => new Headers(init)

describe('parseRetryAfter (RFC 9110 §10.2.3)', () => {
  it('reads delay-seconds', () => {
    assert.equal(parseRetryAfter('120', NOW), 120_000)
    assert.equal(parseRetryAfter(' 0 ', NOW), 0)
  })

  it('reads the IMF-fixdate, RFC 850 and asctime date forms', () => {
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', NOW), 30_000)
    assert.equal(parseRetryAfter('Thursday, 01-Jan-26 00:00:30 GMT', NOW), 30_000)
    assert.equal(parseRetryAfter('Thu Jan  1 00:00:30 2026', NOW), 30_000)
  })

  it('treats a date in the past as now', () => {
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', NOW), 0)
  })

  it('ignores garbage', () => {
    for (const value of ['soon', '-5', '1.5', '', '12abc', 'NaN']) {
      assert.equal(parseRetryAfter(value, NOW), undefined, value)
    }
    assert.equal(parseRetryAfter(null, NOW), undefined)
  })
})

describe('parseRateLimitHeaders', () => {
  it('reads X-RateLimit-* with an epoch-seconds reset (GitHub)', () => {
    const seen = parseRateLimitHeaders(
      headers({
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-reset': String(NOW / 1000 + 3600),
      }),
      NOW,
    )
    assert.deepEqual(seen, { limit: 5000, remaining: 4999, resetAtMs: NOW + 3_600_000 })
  })

  it('reads X-RateLimit-Reset as seconds-from-now when small', () => {
    const seen = parseRateLimitHeaders(
      headers({ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '20' }),
      NOW,
    )
    assert.deepEqual(seen, { remaining: 3, resetAtMs: NOW + 20_000 })
  })

  it("reads Okta's X-Rate-Limit-* (reset in UTC epoch seconds)", () => {
    const seen = parseRateLimitHeaders(
      headers({
        'x-rate-limit-limit': '1200',
        'x-rate-limit-remaining': '1199',
        'x-rate-limit-reset': String(NOW / 1000 + 60),
      }),
      NOW,
    )
    assert.deepEqual(seen, { limit: 1200, remaining: 1199, resetAtMs: NOW + 60_000 })
  })

  it("reads Zendesk's bare X-Rate-Limit as the limit", () => {
    const seen = parseRateLimitHeaders(
      headers({ 'x-rate-limit': '700', 'x-rate-limit-remaining': '699' }),
      NOW,
    )
    assert.deepEqual(seen, { limit: 700, remaining: 699 })
  })

  it('reads the early IETF drafts: RateLimit-Limit/-Remaining/-Reset with a policy window', () => {
    const seen = parseRateLimitHeaders(
      headers({
        'ratelimit-limit': '100, 100;w=60',
        'ratelimit-remaining': '40',
        'ratelimit-reset': '15',
      }),
      NOW,
    )
    assert.deepEqual(seen, { limit: 100, remaining: 40, resetAtMs: NOW + 15_000, windowMs: 60_000 })
  })

  it('reads the structured RateLimit and RateLimit-Policy fields, matched by policy name', () => {
    const seen = parseRateLimitHeaders(
      headers({
        'ratelimit-policy': '"burst";q=100;w=60, "daily";q=1000;w=86400',
        ratelimit: '"burst";r=80;t=30, "daily";r=5;t=3600',
      }),
      NOW,
    )
    assert.deepEqual(seen, {
      limit: 1000,
      remaining: 5,
      resetAtMs: NOW + 3_600_000,
      windowMs: 86_400_000,
    })
  })

  it("reads draft -07's dictionary form of RateLimit", () => {
    const seen = parseRateLimitHeaders(
      headers({ ratelimit: 'limit=100, remaining=50, reset=5' }),
      NOW,
    )
    assert.deepEqual(seen, { limit: 100, remaining: 50, resetAtMs: NOW + 5000 })
  })

  it('keeps the most restrictive family when several are present, plus Retry-After', () => {
    const seen = parseRateLimitHeaders(
      headers({
        'x-ratelimit-remaining': '900',
        'x-rate-limit-remaining': '2',
        'x-rate-limit-reset': String(NOW / 1000 + 10),
        'retry-after': '4',
      }),
      NOW,
    )
    assert.deepEqual(seen, { remaining: 2, resetAtMs: NOW + 10_000, retryAfterMs: 4000 })
  })

  it('ignores garbage values and returns nothing for no headers', () => {
    assert.deepEqual(parseRateLimitHeaders(headers({}), NOW), {})
    const seen = parseRateLimitHeaders(
      headers({
        'x-ratelimit-limit': 'lots',
        'x-ratelimit-remaining': '-1',
        'x-rate-limit-reset': '1e9',
        ratelimit: '"p";r=abc;t=;',
        'retry-after': 'later',
      }),
      NOW,
    )
    assert.deepEqual(seen, {})
  })

  it('never throws and only yields finite, non-negative numbers for arbitrary input', () => {
    const names = [
      'retry-after',
      'ratelimit',
      'ratelimit-policy',
      'ratelimit-limit',
      'ratelimit-remaining',
      'ratelimit-reset',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
      'x-rate-limit-reset',
    ]
    const value = fc.string({ maxLength: 40 }).filter((s) => !/[\r\n\0]/.test(s))
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), value), (init) => {
        let built: Headers
        try {
          built = new Headers(init)
        } catch {
          return // a value Headers itself rejects never reaches the parser
        }
        const seen = parseRateLimitHeaders(built, NOW)
        for (const number of Object.values(seen)) {
          assert.ok(Number.isFinite(number) && number >= 0, `${number}`)
        }
      }),
    )
  })
})
