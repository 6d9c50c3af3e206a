import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fixedClock } from '../../../shared/clock.js'
import { err, ok, type Result, unwrap } from '../../../shared/result.js'
import { ConnectorError } from '../connector-errors.js'
import { Secret } from '../secret.js'
import { createTokenCache, type IssuedToken, refreshMarginMs } from './token-cache.js'

const SLOT = { connectionId: 'app-1', version: 'v1' }

/** A token endpoint that counts its calls and issues `t1`, `t2`, … living `lifetimeMs`. */
function issuer(lifetimeMs: number) {
  let calls = 0
  const fetch = async (): Promise<Result<IssuedToken, ConnectorError>> => {
    calls += 1
    return ok({ token: Secret.of(`t${calls}`), lifetimeMs })
  }
  return { fetch, calls: () => calls }
}

/** A token endpoint whose answer the test releases by hand. */
function gatedIssuer() {
  let calls = 0
  let release: (value: Result<IssuedToken, ConnectorError>) => void = () => {}
  const fetch = () => {
    calls += 1
    return new Promise<Result<IssuedToken, ConnectorError>>((resolve) => {
      release = resolve
    })
  }
  const answer = (token: string) => release(ok({ token: Secret.of(token), lifetimeMs: 60_000 }))
  return { fetch, answer, calls: () => calls }
}

const reveal = (result: Result<Secret, ConnectorError>) => unwrap(result).reveal()

describe('refreshMarginMs', () => {
  it('is a quarter of the lifetime, 60 s at most, never negative', () => {
    assert.equal(refreshMarginMs(3_600_000), 60_000)
    assert.equal(refreshMarginMs(240_000), 60_000)
    assert.equal(refreshMarginMs(60_000), 15_000)
    assert.equal(refreshMarginMs(10_000), 2_500)
    assert.equal(refreshMarginMs(0), 0)
    assert.equal(refreshMarginMs(60_000, 5_000), 5_000)
  })
})

describe('token cache', () => {
  it('keeps a 60 s token for 45 s: one request per lifetime, not one per call', async () => {
    const clock = fixedClock()
    const cache = createTokenCache({ clock })
    const endpoint = issuer(60_000)
    for (let second = 0; second < 180; second += 1) {
      await cache.get(SLOT, endpoint.fetch)
      clock.advance(1000)
    }
    // Fetched at 0, 45, 90 and 135 s.
    assert.equal(endpoint.calls(), 4)
  })

  it('shares one token between every connector of a connection, by credential version', async () => {
    const cache = createTokenCache({ clock: fixedClock() })
    const endpoint = issuer(60_000)
    assert.equal(reveal(await cache.get(SLOT, endpoint.fetch)), 't1')
    assert.equal(reveal(await cache.get({ ...SLOT }, endpoint.fetch)), 't1')
    // Another connection has its own token; new credentials replace the old token.
    assert.equal(reveal(await cache.get({ ...SLOT, connectionId: 'app-2' }, endpoint.fetch)), 't2')
    assert.equal(reveal(await cache.get({ ...SLOT, version: 'v2' }, endpoint.fetch)), 't3')
    assert.equal(reveal(await cache.get({ ...SLOT, version: 'v2' }, endpoint.fetch)), 't3')
    assert.equal(endpoint.calls(), 3)
  })

  it('makes one token request for concurrent callers (single flight)', async () => {
    const cache = createTokenCache({ clock: fixedClock() })
    const endpoint = gatedIssuer()
    const waiting = Array.from({ length: 16 }, () => cache.get(SLOT, endpoint.fetch))
    endpoint.answer('t1')
    const tokens = await Promise.all(waiting)
    assert.deepEqual(new Set(tokens.map(reveal)), new Set(['t1']))
    assert.equal(endpoint.calls(), 1)
  })

  it('lets one caller stop waiting without failing the others', async () => {
    const cache = createTokenCache({ clock: fixedClock() })
    const endpoint = gatedIssuer()
    const stop = new AbortController()
    const impatient = cache.get(SLOT, endpoint.fetch, stop.signal)
    const patient = cache.get(SLOT, endpoint.fetch)
    stop.abort()
    const gaveUp = await impatient
    assert.equal(!gaveUp.ok && gaveUp.error.code, 'CONNECTOR_ABORTED')
    endpoint.answer('t1')
    assert.equal(reveal(await patient), 't1')
    assert.equal(endpoint.calls(), 1)
  })

  it('caches no failure: the next caller asks again', async () => {
    const cache = createTokenCache({ clock: fixedClock() })
    let calls = 0
    const failing = async (): Promise<Result<IssuedToken, ConnectorError>> => {
      calls += 1
      return err(new ConnectorError({ class: 'transient', message: 'token endpoint down' }))
    }
    assert.equal((await cache.get(SLOT, failing)).ok, false)
    assert.equal((await cache.get(SLOT, failing)).ok, false)
    assert.equal(calls, 2)
  })

  it('drops a token the app refused, but not a newer one, on a late 401', async () => {
    const cache = createTokenCache({ clock: fixedClock() })
    const endpoint = issuer(3_600_000)
    await cache.get(SLOT, endpoint.fetch)
    // Two requests carried t1 and both got a 401: the first refresh must survive the second 401.
    cache.invalidate(SLOT, 't1')
    assert.equal(reveal(await cache.get(SLOT, endpoint.fetch)), 't2')
    cache.invalidate(SLOT, 't1')
    assert.equal(reveal(await cache.get(SLOT, endpoint.fetch)), 't2')
    // A 401 for the credentials of another version touches nothing.
    cache.invalidate({ ...SLOT, version: 'v0' }, 't2')
    assert.equal(reveal(await cache.get(SLOT, endpoint.fetch)), 't2')
    assert.equal(endpoint.calls(), 2)
  })
})
