import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { listCatalog } from '../../catalog/index.js'
import { fakeTime } from './fake-time.js'
import { createTokenBucket } from './token-bucket.js'

const MINUTE = 60_000

/** Grants in any window of `windowMs` never exceed burst + rate × window. */
function assertWithinRate(grants: number[], perSecond: number, capacity: number, windowMs: number) {
  for (const [i, start] of grants.entries()) {
    const inWindow = grants.slice(i).filter((t) => t < start + windowMs).length
    const allowed = capacity + (perSecond * windowMs) / 1000
    assert.ok(
      inWindow <= allowed,
      `${inWindow} grants in ${windowMs} ms from ${start}; ${allowed} allowed`,
    )
  }
}

describe('token bucket', () => {
  it('never exceeds its rate over a simulated window, sequentially and concurrently', async () => {
    const time = fakeTime()
    const bucket = createTokenBucket(
      time,
      { documented: true, requests: 600, windowMs: MINUTE },
      {
        quotaShare: 1,
      },
    )
    const grants: number[] = []
    for (let i = 0; i < 150; i++) {
      await bucket.acquire()
      grants.push(time.nowMs())
    }
    await Promise.all(
      Array.from({ length: 60 }, async () => {
        await bucket.acquire()
        grants.push(time.nowMs())
      }),
    )
    grants.sort((a, b) => a - b)
    for (const windowMs of [1000, 5000, 10_000]) assertWithinRate(grants, 10, 10, windowMs)
    // And it does not crawl either: 210 grants at 10/s after a burst of 10 take about 20 s.
    const elapsed = (grants.at(-1) ?? 0) - (grants[0] ?? 0)
    assert.ok(elapsed >= 19_000 && elapsed <= 40_000, `${elapsed}`)
  })

  it('starts from a documented limit at its share, and conservatively when undocumented', () => {
    const time = fakeTime()
    const documented = createTokenBucket(time, {
      documented: true,
      requests: 600,
      windowMs: MINUTE,
    })
    assert.equal(documented.snapshot().ratePerSecond, 8)
    const undocumented = createTokenBucket(time, { documented: false })
    assert.equal(undocumented.snapshot().ratePerSecond, 1)
    assert.equal(undocumented.snapshot().capacity, 1)
  })

  it('halves its rate on a 429 and honours the wait before the next token', () => {
    const time = fakeTime()
    const bucket = createTokenBucket(time, { documented: true, requests: 600, windowMs: MINUTE })
    bucket.onThrottled(5000)
    assert.equal(bucket.snapshot().ratePerSecond, 4)
    assert.equal(bucket.tryTake(), 5000)
    time.clock.advance(5000)
    assert.equal(bucket.tryTake(), 0)
  })

  it('never drops below its floor however many overloads come', () => {
    const time = fakeTime()
    const bucket = createTokenBucket(time, { documented: false })
    for (let i = 0; i < 50; i++) {
      bucket.onThrottled()
      time.clock.advance(120_000)
    }
    assert.ok(Math.abs(bucket.snapshot().ratePerSecond - 1 / 60) < 1e-9)
  })

  it('slows down once for the 429s of one overload, and again for the next one', () => {
    const time = fakeTime()
    const bucket = createTokenBucket(time, { documented: true, requests: 600, windowMs: MINUTE })
    // Eight requests in flight all answered 429: one overload, one decrease (8 → 4 per second).
    for (let i = 0; i < 8; i++) {
      bucket.onThrottled()
      time.clock.advance(50)
    }
    assert.equal(bucket.snapshot().ratePerSecond, 4)
    // A 429 after the pacing interval (a second at least) is a new overload.
    time.clock.advance(1000)
    bucket.onThrottled()
    assert.equal(bucket.snapshot().ratePerSecond, 2)
  })

  it('creeps back up after sustained success, to its ceiling and no further (AIMD)', () => {
    const time = fakeTime()
    const bucket = createTokenBucket(time, { documented: false })
    const rates: number[] = []
    for (let i = 0; i < 400; i++) {
      bucket.onSuccess()
      rates.push(bucket.snapshot().ratePerSecond)
    }
    assert.equal(rates[18], 1)
    assert.equal(rates[19], 2)
    assert.equal(rates.at(-1), 10)
  })

  it('pauses until the reset when the app reports nothing remaining', () => {
    const time = fakeTime()
    const bucket = createTokenBucket(time, { documented: true, requests: 600, windowMs: MINUTE })
    bucket.observe({ remaining: 0, resetAtMs: time.nowMs() + 30_000 })
    assert.equal(bucket.tryTake(), 30_000)
    time.clock.advance(30_000)
    assert.equal(bucket.tryTake(), 0)
  })

  it('spreads what remains over the rest of the window', async () => {
    const time = fakeTime()
    const bucket = createTokenBucket(time, { documented: true, requests: 6000, windowMs: MINUTE })
    bucket.observe({ remaining: 10, resetAtMs: time.nowMs() + 10_000 })
    const start = time.nowMs()
    for (let i = 0; i < 10; i++) await bucket.acquire()
    // 10 left for 10 s is one a second: the bucket must not spend them in a burst.
    assert.ok(time.nowMs() - start >= 8000, `${time.nowMs() - start}`)
  })

  it('adopts a quota the app states as its ceiling', () => {
    const time = fakeTime()
    const bucket = createTokenBucket(time, { documented: false })
    bucket.observe({ limit: 300, windowMs: MINUTE })
    assert.equal(bucket.snapshot().ceilingPerSecond, 4)
  })

  it('stops waiting when the signal aborts', async () => {
    const time = fakeTime()
    const bucket = createTokenBucket(time, { documented: false })
    assert.equal(await bucket.acquire(), true)
    const controller = new AbortController()
    controller.abort()
    assert.equal(await bucket.acquire(controller.signal), false)
  })

  it('starts every catalog app at or below its published figure', () => {
    for (const app of listCatalog()) {
      const { hint } = app.rateLimits
      const rate = createTokenBucket(fakeTime(), hint).snapshot().ratePerSecond
      const ceiling = hint.documented ? hint.requests / (hint.windowMs / 1000) : 1
      assert.ok(rate > 0 && rate <= ceiling, `${app.id}: ${rate}/s against ${ceiling}/s`)
    }
  })
})
