import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { fullJitterBackoff } from './backoff.js'

const POLICY = { baseMs: 500, capMs: 30_000 }

describe('fullJitterBackoff', () => {
  it('stays in [0, min(cap, base·2^attempt)) for any attempt and draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, draw) => {
          const delay = fullJitterBackoff(attempt, POLICY, () => draw)
          const ceiling = Math.min(POLICY.capMs, POLICY.baseMs * 2 ** attempt)
          assert.ok(delay >= 0 && delay < ceiling, `${attempt} ${draw} → ${delay}`)
        },
      ),
    )
  })

  it('grows exponentially until the cap', () => {
    const top = () => 1 - Number.EPSILON
    assert.deepEqual(
      [0, 1, 2, 3, 6, 7, 20].map((attempt) => fullJitterBackoff(attempt, POLICY, top)),
      [499, 999, 1999, 3999, 29_999, 29_999, 29_999],
    )
  })

  it('uses the whole interval: the draw is the jitter', () => {
    assert.equal(
      fullJitterBackoff(3, POLICY, () => 0),
      0,
    )
    assert.equal(
      fullJitterBackoff(3, POLICY, () => 0.5),
      2000,
    )
  })

  it('tolerates a random source that misbehaves', () => {
    assert.equal(
      fullJitterBackoff(0, POLICY, () => 1),
      499,
    )
    assert.equal(
      fullJitterBackoff(0, POLICY, () => -3),
      0,
    )
    assert.equal(
      fullJitterBackoff(-2, POLICY, () => 0.5),
      250,
    )
  })
})
