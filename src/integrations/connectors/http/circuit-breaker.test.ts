import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fixedClock } from '../../../shared/clock.js'
import { createCircuitBreaker } from './circuit-breaker.js'

const START = '2026-01-01T00:00:00.000Z'

function allowedProbe(breaker: ReturnType<typeof createCircuitBreaker>): boolean {
  const decision = breaker.check()
  assert.equal(decision.allowed, true)
  return decision.allowed && decision.probe
}

describe('circuit breaker', () => {
  it('opens at once on unauthorized, with the reason and since-when, and stays open', () => {
    const clock = fixedClock(START)
    const breaker = createCircuitBreaker(clock)
    breaker.record('success')
    breaker.record('unauthorized')
    assert.deepEqual(breaker.snapshot(), {
      state: 'open',
      reason: 'unauthorized',
      since: new Date(START),
    })
    clock.advance(24 * 3_600_000)
    const decision = breaker.check()
    assert.equal(decision.allowed, false)
    assert.equal(!decision.allowed && decision.reason, 'unauthorized')
  })

  it('opens at once on forbidden', () => {
    const breaker = createCircuitBreaker(fixedClock(START))
    breaker.record('forbidden')
    assert.equal(breaker.snapshot().state, 'open')
  })

  it('lets one probe through after an explicit retry; success closes it', () => {
    const breaker = createCircuitBreaker(fixedClock(START))
    breaker.record('unauthorized')
    breaker.retry()
    assert.equal(breaker.snapshot().state, 'half_open')
    assert.equal(allowedProbe(breaker), true)
    assert.equal(breaker.check().allowed, false, 'only one probe at a time')
    breaker.record('success', true)
    assert.deepEqual(breaker.snapshot(), { state: 'closed' })
  })

  it('re-opens when the probe fails again', () => {
    const breaker = createCircuitBreaker(fixedClock(START))
    breaker.record('unauthorized')
    breaker.retry()
    allowedProbe(breaker)
    breaker.record('unauthorized', true)
    assert.equal(breaker.snapshot().state, 'open')
  })

  it('opens on a high transient error rate, not on a few failures or on 4xx answers', () => {
    const breaker = createCircuitBreaker(fixedClock(START))
    for (let i = 0; i < 20; i++) breaker.record('not_found')
    for (let i = 0; i < 4; i++) breaker.record('transient')
    assert.equal(breaker.snapshot().state, 'closed', '4 of 24 is a low rate')
    for (let i = 0; i < 20; i++) breaker.record('transient')
    assert.equal(breaker.snapshot().state, 'open')
    const snapshot = breaker.snapshot()
    assert.equal(snapshot.state === 'open' && snapshot.reason, 'error_rate')
  })

  it('needs a minimum number of requests before the rate counts', () => {
    const breaker = createCircuitBreaker(fixedClock(START))
    for (let i = 0; i < 9; i++) breaker.record('transient')
    assert.equal(breaker.snapshot().state, 'closed')
    breaker.record('transient')
    assert.equal(breaker.snapshot().state, 'open')
  })

  it('forgets failures older than the rolling window', () => {
    const clock = fixedClock(START)
    const breaker = createCircuitBreaker(clock)
    for (let i = 0; i < 9; i++) breaker.record('transient')
    clock.advance(61_000)
    for (let i = 0; i < 9; i++) breaker.record('transient')
    assert.equal(breaker.snapshot().state, 'closed')
  })

  it('half-opens after the cool-down, and doubles the cool-down when the probe fails', () => {
    const clock = fixedClock(START)
    const breaker = createCircuitBreaker(clock, { coolDownMs: 1000 })
    for (let i = 0; i < 10; i++) breaker.record('transient')
    const refused = breaker.check()
    assert.equal(refused.allowed, false)
    assert.deepEqual(!refused.allowed && refused.retryAt, new Date(Date.parse(START) + 1000))
    clock.advance(1000)
    assert.equal(allowedProbe(breaker), true)
    breaker.record('transient', true)
    const again = breaker.snapshot()
    assert.equal(again.state, 'open')
    assert.deepEqual(again.state === 'open' && again.retryAt, new Date(Date.parse(START) + 3000))
  })

  it('ignores stragglers and cancelled probes while half-open', () => {
    const breaker = createCircuitBreaker(fixedClock(START))
    breaker.record('forbidden')
    breaker.retry()
    breaker.record('success', false)
    assert.equal(breaker.snapshot().state, 'half_open')
    allowedProbe(breaker)
    breaker.record('cancelled', true)
    assert.equal(allowedProbe(breaker), true, 'a cancelled probe frees the slot')
  })
})
