import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fixedClock } from '../../../shared/clock.js'
import { unwrap } from '../../../shared/result.js'
import { Secret } from '../secret.js'
import {
  apiKeyHeaderAuth,
  basicAuth,
  bearerAuth,
  type FetchLike,
  oauthClientCredentials,
} from './auth.js'

type Call = { url: string; init: RequestInit }

function fakeFetch(answers: Array<() => Response>) {
  const calls: Call[] = []
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init })
    const next = answers[Math.min(calls.length - 1, answers.length - 1)]
    if (!next) throw new Error('no answer scripted')
    return next()
  }
  return { fetch, calls }
}

function headersOf(call: Call | undefined): Record<string, string> {
  return (call?.init.headers ?? {}) as Record<string, string>
}

const json = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

const config = {
  tokenUrl: 'https://auth.example/oauth/token',
  clientId: 'client id',
  clientSecret: Secret.of('s3cr3t&=/'),
}

describe('static authenticators', () => {
  it('build bearer, API key and basic headers', async () => {
    assert.deepEqual(unwrap(await bearerAuth(Secret.of('t')).headers()), {
      authorization: 'Bearer t',
    })
    assert.deepEqual(
      unwrap(await apiKeyHeaderAuth('Authorization', Secret.of('k'), 'SSWS ').headers()),
      {
        authorization: 'SSWS k',
      },
    )
    assert.deepEqual(unwrap(await basicAuth('ann', Secret.of('pw')).headers()), {
      authorization: `Basic ${Buffer.from('ann:pw').toString('base64')}`,
    })
  })
})

describe('OAuth 2.0 client credentials (RFC 6749 §4.4)', () => {
  it('sends form-urlencoded client credentials with HTTP Basic and caches the token', async () => {
    const clock = fixedClock()
    const { fetch, calls } = fakeFetch([
      json(200, { access_token: 'at', token_type: 'bearer', expires_in: 3600 }),
    ])
    const auth = oauthClientCredentials({ ...config, scope: 'scim' }, { fetch, clock })
    assert.deepEqual(unwrap(await auth.headers()), { authorization: 'Bearer at' })
    assert.deepEqual(unwrap(await auth.headers()), { authorization: 'Bearer at' })
    assert.equal(calls.length, 1)
    const headers = headersOf(calls[0])
    const expected = Buffer.from('client%20id:s3cr3t%26%3D%2F').toString('base64')
    assert.equal(headers.authorization, `Basic ${expected}`)
    assert.equal(calls[0]?.init.body, 'grant_type=client_credentials&scope=scim')
  })

  it('refreshes a quarter of the lifetime before expiry, 60 s at most, and after a 401', async () => {
    for (const [expiresIn, usableMs] of [
      [60, 45_000],
      [10, 7_500],
      [3600, 3_540_000],
    ] as const) {
      const clock = fixedClock()
      const { fetch, calls } = fakeFetch([json(200, { access_token: 'at', expires_in: expiresIn })])
      const auth = oauthClientCredentials(config, { fetch, clock })
      await auth.headers()
      clock.advance(usableMs - 1)
      await auth.headers()
      assert.equal(calls.length, 1, `a ${expiresIn} s token is reused for ${usableMs} ms`)
      clock.advance(1)
      await auth.headers()
      assert.equal(calls.length, 2, `a ${expiresIn} s token is refreshed after ${usableMs} ms`)
    }
    const { fetch, calls } = fakeFetch([json(200, { access_token: 'at', expires_in: 3600 })])
    const auth = oauthClientCredentials(config, { fetch, clock: fixedClock() })
    const sent = unwrap(await auth.headers())
    auth.invalidate?.(sent)
    await auth.headers()
    assert.equal(calls.length, 2)
  })

  it('shares one token request between concurrent callers', async () => {
    const { fetch, calls } = fakeFetch([json(200, { access_token: 'at' })])
    const auth = oauthClientCredentials(config, { fetch, clock: fixedClock() })
    await Promise.all([auth.headers(), auth.headers(), auth.headers()])
    assert.equal(calls.length, 1)
  })

  it('supports body credentials and extra grant parameters (Zoom)', async () => {
    const { fetch, calls } = fakeFetch([json(200, { access_token: 'at' })])
    const auth = oauthClientCredentials(
      {
        ...config,
        clientAuth: 'body',
        grantType: 'account_credentials',
        extraParams: { account_id: 'A1' },
      },
      { fetch, clock: fixedClock() },
    )
    await auth.headers()
    const body = new URLSearchParams(String(calls[0]?.init.body))
    assert.equal(body.get('grant_type'), 'account_credentials')
    assert.equal(body.get('account_id'), 'A1')
    assert.equal(body.get('client_secret'), 's3cr3t&=/')
    assert.equal(headersOf(calls[0]).authorization, undefined)
  })

  it('classifies RFC 6749 §5.2 errors: bad client is unauthorized, bad scope forbidden', async () => {
    for (const [code, expected] of [
      ['invalid_client', 'unauthorized'],
      ['invalid_grant', 'unauthorized'],
      ['invalid_scope', 'forbidden'],
      ['unsupported_grant_type', 'invalid'],
    ] as const) {
      const { fetch } = fakeFetch([json(400, { error: code })])
      const result = await oauthClientCredentials(config, { fetch, clock: fixedClock() }).headers()
      assert.equal(!result.ok && result.error.class, expected, code)
    }
  })

  it('rejects an answer without a usable bearer token', async () => {
    for (const body of [{}, { access_token: '' }, { access_token: 'x', token_type: 'mac' }]) {
      const { fetch } = fakeFetch([json(200, body)])
      const result = await oauthClientCredentials(config, { fetch, clock: fixedClock() }).headers()
      assert.equal(!result.ok && result.error.class, 'permanent', JSON.stringify(body))
    }
  })

  it('reports a network failure of the token endpoint as transient', async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }),
      })
    }
    const result = await oauthClientCredentials(config, { fetch, clock: fixedClock() }).headers()
    assert.equal(!result.ok && result.error.class, 'transient')
  })
})
