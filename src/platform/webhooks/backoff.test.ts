import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { backoffMs } from './webhook-dispatcher.js'

describe('webhook backoff', () => {
  const settings = { backoffBaseMs: 1000, backoffMaxMs: 60_000 }

  it('doubles per attempt with equal jitter: between half and all of the ceiling', () => {
    assert.equal(backoffMs(settings, 1, 0), 500)
    assert.equal(backoffMs(settings, 1, 0.999_999), 999.9995)
    assert.equal(backoffMs(settings, 4, 0), 4000)
    assert.equal(backoffMs(settings, 4, 0.5), 6000)
  })

  it('never waits longer than the cap, however many attempts', () => {
    for (const attempt of [7, 20, 80]) assert.ok(backoffMs(settings, attempt, 0.999) <= 60_000)
    assert.equal(backoffMs(settings, 80, 0), 30_000)
  })

  it('honours Retry-After up to the cap', () => {
    assert.equal(backoffMs(settings, 1, 0, 20_000), 20_000)
    assert.equal(backoffMs(settings, 1, 0, 600_000), 60_000)
    assert.equal(
      backoffMs(settings, 6, 0.5, 1000),
      24_000,
      'a shorter Retry-After does not shorten',
    )
  })
})
