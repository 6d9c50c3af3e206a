import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  CONNECTOR_ERROR_CODES,
  type ConnectorErrorClass,
  classifyHttpResponse,
  classifyNetworkError,
  isRetryableClass,
} from './connector-errors.js'

const NOW = Date.parse('2026-01-01T00:00:00.000Z')

type Row = [
  status: number,
  headers: Record<string, string>,
  body: string,
  expected: ConnectorErrorClass,
]

const TABLE: Row[] = [
  [408, {}, '', 'transient'],
  [425, {}, '', 'transient'],
  [429, {}, '', 'rate_limited'],
  [500, {}, 'oops', 'transient'],
  [502, {}, '', 'transient'],
  [503, {}, '', 'transient'],
  [504, {}, '', 'transient'],
  [501, {}, '', 'permanent'],
  [505, {}, '', 'permanent'],
  [400, {}, '{"detail":"bad filter"}', 'invalid'],
  [422, {}, '', 'invalid'],
  [413, {}, '', 'invalid'],
  [400, {}, '{"schemas":[],"scimType":"uniqueness","status":"400"}', 'conflict'],
  [401, {}, '', 'unauthorized'],
  [403, {}, '{"message":"Resource not accessible"}', 'forbidden'],
  [
    403,
    { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 60) },
    '',
    'rate_limited',
  ],
  [403, { 'retry-after': '60' }, '', 'rate_limited'],
  [403, {}, 'You have exceeded a secondary rate limit', 'rate_limited'],
  [403, {}, '{"error":{"errors":[{"reason":"userRateLimitExceeded"}]}}', 'rate_limited'],
  [403, {}, '[{"errorCode":"REQUEST_LIMIT_EXCEEDED"}]', 'rate_limited'],
  [404, {}, '', 'not_found'],
  [410, {}, '', 'not_found'],
  [409, {}, '', 'conflict'],
  [412, {}, '', 'conflict'],
  [302, { location: 'https://elsewhere.example/login' }, '', 'permanent'],
  [418, {}, '', 'permanent'],
]

describe('classifyHttpResponse', () => {
  for (const [status, headers, body, expected] of TABLE) {
    it(`${status} ${JSON.stringify(headers)} ${body.slice(0, 30)} → ${expected}`, () => {
      const error = classifyHttpResponse(status, new Headers(headers), body, NOW)
      assert.equal(error?.class, expected)
      assert.equal(error?.status, status)
    })
  }

  it('is undefined for success', () => {
    for (const status of [200, 201, 204]) {
      assert.equal(classifyHttpResponse(status, new Headers(), '', NOW), undefined)
    }
  })

  it('carries the wait: Retry-After first, then the reset of an exhausted window', () => {
    const retryAfter = classifyHttpResponse(429, new Headers({ 'retry-after': '7' }), '', NOW)
    assert.equal(retryAfter?.retryAfterMs, 7000)
    const reset = classifyHttpResponse(
      429,
      new Headers({ 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(NOW / 1000 + 30) }),
      '',
      NOW,
    )
    assert.equal(reset?.retryAfterMs, 30_000)
    const unavailable = classifyHttpResponse(503, new Headers({ 'retry-after': '2' }), '', NOW)
    assert.equal(unavailable?.retryAfterMs, 2000)
  })

  it('keeps the body in the private detail only', () => {
    const error = classifyHttpResponse(400, new Headers(), '{"detail":"userName is bad"}', NOW)
    assert.ok(error?.detail?.includes('userName is bad'))
    assert.ok(!error?.message.includes('userName is bad'))
    assert.ok(!JSON.stringify(error).includes('userName is bad'))
  })

  it('marks redirects with their own code', () => {
    const error = classifyHttpResponse(301, new Headers({ location: 'https://x.example' }), '', NOW)
    assert.equal(error?.code, CONNECTOR_ERROR_CODES.redirect)
  })
})

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code })
}

describe('classifyNetworkError', () => {
  it('treats resets, timeouts, refused connections and DNS hiccups as transient', () => {
    for (const code of ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EAI_AGAIN', 'UND_ERR_SOCKET']) {
      const wrapped = new TypeError('fetch failed', { cause: withCode('boom', code) })
      assert.equal(classifyNetworkError(wrapped).class, 'transient', code)
    }
  })

  it('treats "socket hang up" and aborts as transient', () => {
    assert.equal(classifyNetworkError(new Error('socket hang up')).class, 'transient')
    const abort = new DOMException('This operation was aborted', 'AbortError')
    assert.equal(classifyNetworkError(abort).class, 'transient')
    assert.equal(classifyNetworkError(abort).code, CONNECTOR_ERROR_CODES.timeout)
    const timeout = new DOMException('The operation timed out', 'TimeoutError')
    assert.equal(classifyNetworkError(timeout).class, 'transient')
  })

  it('treats a rejected certificate and a bad URL as permanent', () => {
    const tls = new TypeError('fetch failed', { cause: withCode('bad cert', 'CERT_HAS_EXPIRED') })
    assert.equal(classifyNetworkError(tls).class, 'permanent')
    assert.equal(classifyNetworkError(tls).code, CONNECTOR_ERROR_CODES.tls)
    assert.equal(
      classifyNetworkError(withCode('Invalid URL', 'ERR_INVALID_URL')).class,
      'permanent',
    )
  })

  it('treats an unrecognised failure as permanent rather than retrying a bug', () => {
    assert.equal(classifyNetworkError(new RangeError('weird')).class, 'permanent')
  })
})

describe('isRetryableClass', () => {
  it('is true for transient and rate_limited only', () => {
    const retryable = (
      [
        'transient',
        'rate_limited',
        'unauthorized',
        'forbidden',
        'not_found',
        'conflict',
        'invalid',
        'permanent',
      ] as const
    ).filter(isRetryableClass)
    assert.deepEqual(retryable, ['transient', 'rate_limited'])
  })
})
