import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, beforeEach, describe, it } from 'node:test'
import { createLogger } from '../../../shared/logger.js'
import { CONNECTOR_ERROR_CODES } from '../connector-errors.js'
import { Secret } from '../secret.js'
import { bearerAuth, oauthClientCredentials } from './auth.js'
import { fakeTime } from './fake-time.js'
import { createHttpClient, type HttpClientOptions } from './http-client.js'

const TOKEN = 'sk_live_T0PSECRET_bearer_4242'
const CLIENT_SECRET = 'cs_SECRET_of_the_client_9876'
const FAKE_NOW_S = Date.parse('2026-01-01T00:00:00.000Z') / 1000

type Route = (req: IncomingMessage, res: ServerResponse, hit: number) => void

const reply =
  (status: number, headers: Record<string, string> = {}, body = '{}'): Route =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(body)
  }

const ROUTES: Record<string, Route> = {
  '/ok': reply(200, {}, '{"ok":true}'),
  '/429-then-ok': (req, res, hit) =>
    (hit === 1 ? reply(429, { 'retry-after': '7' }) : reply(200))(req, res, hit),
  '/503-twice': (req, res, hit) => (hit <= 2 ? reply(503) : reply(200))(req, res, hit),
  '/503-until-date': (req, res, hit) =>
    (hit === 1 ? reply(503, { 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }) : reply(200))(
      req,
      res,
      hit,
    ),
  '/reset-once': (req, res, hit) => (hit === 1 ? req.socket.destroy() : reply(200)(req, res, hit)),
  '/always-503': reply(503),
  '/429-for-an-hour': reply(429, { 'retry-after': '3600' }),
  '/slow': () => {
    // Never answers in time; the socket is closed when the server shuts down.
  },
  '/401': reply(401, {}, '{"detail":"invalid token"}'),
  '/400': reply(400),
  '/403': reply(403, {}, '{"message":"not allowed"}'),
  '/404': reply(404),
  '/409': reply(409),
  '/echo-auth-400': (req, res) =>
    reply(400, {}, `you sent ${req.headers.authorization}`)(req, res, 1),
  '/exhausted': reply(200, {
    'x-rate-limit-remaining': '0',
    'x-rate-limit-reset': String(FAKE_NOW_S + 30),
  }),
  '/token': (req, res, hit) => {
    const expected = `Basic ${Buffer.from(`rollcall:${CLIENT_SECRET}`).toString('base64')}`
    const body = JSON.stringify({
      access_token: `at-${hit}`,
      token_type: 'Bearer',
      expires_in: 3600,
    })
    const ok = req.headers.authorization === expected
    reply(ok ? 200 : 401, {}, ok ? body : '{"error":"invalid_client"}')(req, res, hit)
  },
  '/needs-fresh-token': (req, res) =>
    reply(req.headers.authorization === 'Bearer at-2' ? 200 : 401)(req, res, 1),
}

let server: Server
let base: string
const hits = new Map<string, number>()
const seen: IncomingMessage['headers'][] = []
const logLines: string[] = []
const log = createLogger({ level: 'trace' }, { write: (line: string) => void logLines.push(line) })

function client(overrides: Partial<HttpClientOptions> = {}) {
  const time = fakeTime()
  const deps = {
    fetch: globalThis.fetch,
    clock: time.clock,
    random: () => 0.5,
    sleep: time.sleep,
    log,
  }
  const http = createHttpClient(deps, {
    connectionId: 'conn-test',
    rateLimit: { documented: true, requests: 6000, windowMs: 60_000 },
    authenticate: bearerAuth(Secret.of(TOKEN)),
    timeoutMs: 2000,
    ...overrides,
  })
  return { http, time, deps }
}

const get = (path: string) => ({ method: 'GET' as const, url: `${base}${path}` })

before(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const hit = (hits.get(path) ?? 0) + 1
    hits.set(path, hit)
    seen.push(req.headers)
    const route = ROUTES[path] ?? reply(404)
    req.resume()
    req.on('end', () => route(req, res, hit))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

after(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  hits.clear()
  seen.length = 0
})

describe('http client against a local server', () => {
  it('sends the credentials and the idempotency key', async () => {
    const { http } = client()
    const result = await http.request({
      ...get('/ok'),
      method: 'PUT',
      idempotencyKey: 'op-1',
      json: {},
    })
    assert.equal(result.ok && result.value.status, 200)
    assert.equal(seen[0]?.authorization, `Bearer ${TOKEN}`)
    assert.equal(seen[0]?.['idempotency-key'], 'op-1')
  })

  it('honours Retry-After (seconds) on a 429 and then succeeds', async () => {
    const { http, time } = client()
    const result = await http.request(get('/429-then-ok'))
    assert.equal(result.ok && result.value.attempts, 2)
    assert.equal(hits.get('/429-then-ok'), 2)
    assert.ok(time.sleeps.includes(7000), `${time.sleeps}`)
    assert.ok(time.nowMs() - Date.parse('2026-01-01T00:00:00.000Z') >= 7000)
  })

  it('honours Retry-After as an HTTP date on a 503', async () => {
    const { http, time } = client()
    const result = await http.request(get('/503-until-date'))
    assert.equal(result.ok, true)
    assert.ok(time.sleeps.includes(10_000), `${time.sleeps}`)
  })

  it('hands a long Retry-After back to the caller instead of sleeping through it', async () => {
    const { http, time } = client()
    const result = await http.request(get('/429-for-an-hour'))
    assert.equal(!result.ok && result.error.class, 'rate_limited')
    assert.equal(!result.ok && result.error.retryAfterMs, 3_600_000)
    assert.equal(hits.get('/429-for-an-hour'), 1)
    assert.deepEqual(time.sleeps, [])
  })

  it('retries 503s with backoff until the app recovers', async () => {
    const { http, time } = client()
    const result = await http.request(get('/503-twice'))
    assert.equal(result.ok && result.value.attempts, 3)
    assert.deepEqual(time.sleeps, [250, 500], 'full jitter with random 0.5: half of 500·2^n')
  })

  it('retries a connection reset', async () => {
    const { http } = client()
    const result = await http.request(get('/reset-once'))
    assert.equal(result.ok, true)
    assert.equal(hits.get('/reset-once'), 2)
  })

  it('times out a slow answer, retries it, and reports a transient timeout', async () => {
    const { http } = client({ timeoutMs: 100, maxAttempts: 2 })
    const result = await http.request(get('/slow'))
    assert.equal(result.ok, false)
    assert.equal(!result.ok && result.error.class, 'transient')
    assert.equal(!result.ok && result.error.code, CONNECTOR_ERROR_CODES.timeout)
    assert.equal(hits.get('/slow'), 2)
  })

  it('stops at once when the caller aborts, without retrying', async () => {
    const { http } = client({ timeoutMs: 5000 })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const result = await http.request({ ...get('/slow'), signal: controller.signal })
    assert.equal(!result.ok && result.error.code, CONNECTOR_ERROR_CODES.aborted)
    assert.equal(hits.get('/slow'), 1)
  })

  for (const [path, expected] of [
    ['/400', 'invalid'],
    ['/403', 'forbidden'],
    ['/404', 'not_found'],
    ['/409', 'conflict'],
  ] as const) {
    it(`never retries ${path.slice(1)} (${expected})`, async () => {
      const { http, time } = client()
      const result = await http.request(get(path))
      assert.equal(!result.ok && result.error.class, expected)
      assert.equal(hits.get(path), 1)
      assert.deepEqual(time.sleeps, [])
    })
  }

  it('retries a POST only when it carries an idempotency key', async () => {
    const { http } = client({ maxAttempts: 3 })
    const bare = await http.request({ ...get('/always-503'), method: 'POST', json: {} })
    assert.equal(!bare.ok && bare.error.class, 'transient')
    assert.equal(hits.get('/always-503'), 1)
    const keyed = await http.request({
      ...get('/always-503'),
      method: 'POST',
      json: {},
      idempotencyKey: 'k',
    })
    assert.equal(keyed.ok, false)
    assert.equal(hits.get('/always-503'), 4)
  })

  it('quarantines the connection on a 401 and refuses further calls until retried', async () => {
    const { http } = client()
    const first = await http.request(get('/401'))
    assert.equal(!first.ok && first.error.class, 'unauthorized')
    const health = http.health()
    assert.equal(health.state, 'open')
    assert.equal(health.state === 'open' && health.reason, 'unauthorized')
    const refused = await http.request(get('/ok'))
    // Still unauthorized, not transient: retrying on a timer cannot fix a revoked credential.
    assert.equal(!refused.ok && refused.error.class, 'unauthorized')
    assert.equal(!refused.ok && refused.error.code, 'CONNECTOR_QUARANTINED')
    assert.equal(!refused.ok && refused.error.message, 'quarantined: unauthorized')
    assert.equal(hits.get('/ok'), undefined, 'refused without touching the network')
    http.retryConnection()
    const probe = await http.request(get('/ok'))
    assert.equal(probe.ok, true)
    assert.equal(http.health().state, 'closed')
  })

  it('feeds reported rate-limit headers into the bucket', async () => {
    const { http, time } = client()
    await http.request(get('/exhausted'))
    await http.request(get('/ok'))
    assert.ok(
      time.sleeps.some((ms) => ms >= 30_000),
      `${time.sleeps}`,
    )
  })

  it('keeps credentials out of the private detail even when the app echoes them', async () => {
    const { http } = client()
    const result = await http.request(get('/echo-auth-400'))
    assert.equal(result.ok, false)
    const detail = result.ok ? '' : (result.error.detail ?? '')
    assert.ok(detail.includes('[redacted]'), detail)
    assert.ok(!detail.includes(TOKEN), detail)
  })

  it('authenticates with OAuth client credentials and refreshes the token once on a 401', async () => {
    const { deps } = client()
    const authenticate = oauthClientCredentials(
      { tokenUrl: `${base}/token`, clientId: 'rollcall', clientSecret: Secret.of(CLIENT_SECRET) },
      deps,
    )
    const { http } = client({ authenticate })
    const result = await http.request(get('/needs-fresh-token'))
    assert.equal(result.ok, true)
    assert.equal(hits.get('/token'), 2)
    assert.equal(hits.get('/needs-fresh-token'), 2)
    assert.equal(http.health().state, 'closed')
  })

  it('repeats a request after a 401 exactly once: a second 401 is the answer', async () => {
    const { deps } = client()
    const authenticate = oauthClientCredentials(
      { tokenUrl: `${base}/token`, clientId: 'rollcall', clientSecret: Secret.of(CLIENT_SECRET) },
      deps,
    )
    const { http } = client({ authenticate })
    const result = await http.request(get('/401'))
    assert.equal(!result.ok && result.error.class, 'unauthorized')
    assert.equal(hits.get('/401'), 2, 'the request and one repeat with a fresh token')
    assert.equal(hits.get('/token'), 2, 'one token, then one refresh')
    assert.deepEqual(
      seen
        .filter((headers) => headers.authorization?.startsWith('Bearer'))
        .map((h) => h.authorization),
      ['Bearer at-1', 'Bearer at-2'],
    )
  })

  it('quarantines on bad client credentials at the token endpoint', async () => {
    const { deps } = client()
    const authenticate = oauthClientCredentials(
      { tokenUrl: `${base}/token`, clientId: 'rollcall', clientSecret: Secret.of('wrong') },
      deps,
    )
    const { http } = client({ authenticate })
    const result = await http.request(get('/ok'))
    assert.equal(!result.ok && result.error.class, 'unauthorized')
    assert.equal(http.health().state, 'open')
    assert.equal(hits.get('/ok'), undefined)
  })

  it('never wrote a credential to the log', () => {
    const output = logLines.join('')
    assert.ok(output.includes('connector request'), 'requests were logged')
    assert.ok(output.includes('connection quarantined'), 'quarantine was logged')
    for (const secret of [TOKEN, CLIENT_SECRET, 'Bearer ', 'at-1', 'at-2', 'Basic ']) {
      assert.ok(!output.includes(secret), `log contains ${secret}`)
    }
  })
})
