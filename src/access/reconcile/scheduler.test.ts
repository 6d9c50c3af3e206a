import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { refreshDue } from './scheduler.js'

const T0 = Date.parse('2026-06-01T08:00:00.000Z')
const MINUTE = 60_000
const at = (minutes: number) => new Date(T0 + minutes * MINUTE).toISOString()

describe('refreshDue: when the scheduler refreshes an app', () => {
  it('never refreshed: due at once; refreshMinutes null: never', () => {
    assert.equal(refreshDue(60, undefined, T0), true)
    assert.equal(refreshDue(null, undefined, T0), false)
    assert.equal(refreshDue(null, { status: 'failed', startedAt: at(-600) }, T0), false)
  })

  it('after a finished refresh: once the interval has passed since it started', () => {
    for (const status of ['succeeded', 'held']) {
      const last = { status, startedAt: at(0), finishedAt: at(3) }
      assert.equal(refreshDue(60, last, T0 + 59 * MINUTE), false)
      assert.equal(refreshDue(60, last, T0 + 60 * MINUTE), true)
    }
  })

  it('after a failure: 5 minutes after the last attempt ended (or the interval, if shorter)', () => {
    // A resumed snapshot keeps its first start; its last attempt ended at minute 20.
    const failed = { status: 'failed', startedAt: at(0), finishedAt: at(20) }
    assert.equal(refreshDue(60, failed, T0 + 24 * MINUTE), false)
    assert.equal(refreshDue(60, failed, T0 + 25 * MINUTE), true)
    const running = { status: 'running', startedAt: at(0), finishedAt: null }
    assert.equal(refreshDue(60, running, T0 + 4 * MINUTE), false)
    assert.equal(refreshDue(60, running, T0 + 5 * MINUTE), true)
  })

  it('property: never due before the wait, always due after it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 1440 }),
        fc.constantFrom('succeeded', 'held', 'failed', 'running'),
        fc.integer({ min: 0, max: 3000 }),
        (minutes, status, elapsed) => {
          const last = { status, startedAt: at(0), finishedAt: at(0) }
          const retry = status === 'failed' || status === 'running'
          const wait = retry ? Math.min(5, minutes) : minutes
          assert.equal(refreshDue(minutes, last, T0 + elapsed * MINUTE), elapsed >= wait)
        },
      ),
    )
  })
})
