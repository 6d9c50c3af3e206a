import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkGone } from './safety.js'
import { dueMode } from './scheduler.js'

const safety = { maxGoneShare: 0.1, minGoneAllowed: 5 }

describe('checkGone (the safety rule)', () => {
  it('allows small drops, holds large ones and empty listings, unless accepted', () => {
    assert.equal(checkGone({ seen: 995, missing: 5, previous: 1000 }, safety, false).ok, true)
    assert.equal(checkGone({ seen: 900, missing: 100, previous: 1000 }, safety, false).ok, true)
    assert.equal(checkGone({ seen: 899, missing: 101, previous: 1000 }, safety, false).ok, false)
    assert.equal(
      checkGone({ seen: 6, missing: 4, previous: 10 }, safety, false).ok,
      true,
      'the floor',
    )
    assert.equal(
      checkGone({ seen: 0, missing: 3, previous: 3 }, safety, false).ok,
      false,
      'nobody listed',
    )
    assert.equal(checkGone({ seen: 0, missing: 3, previous: 3 }, safety, true).ok, true)
  })
})

describe('dueMode (the scheduler)', () => {
  const now = Date.parse('2026-05-04T12:00:00.000Z')
  const okta = {
    kind: 'okta',
    schedule: { fullSyncMinutes: 1440, incrementalMinutes: 15 },
    lastSyncAt: '2026-05-04T11:50:00.000Z',
  }
  const run = (status: string, startedAt: string) => ({ status, startedAt })

  it('full when never run or a day has passed; a failed one retries after 5 minutes', () => {
    assert.equal(dueMode({ ...okta, lastSyncAt: null }, undefined, undefined, now), 'full')
    assert.equal(
      dueMode(okta, run('succeeded', '2026-05-03T11:59:00.000Z'), undefined, now),
      'full',
    )
    assert.equal(dueMode(okta, run('failed', '2026-05-04T11:54:00.000Z'), undefined, now), 'full')
    assert.equal(
      dueMode(okta, run('failed', '2026-05-04T11:58:00.000Z'), undefined, now),
      undefined,
    )
  })

  it('incremental every 15 minutes for Okta only', () => {
    const full = run('succeeded', '2026-05-04T08:00:00.000Z')
    assert.equal(dueMode(okta, full, undefined, now), undefined)
    assert.equal(
      dueMode({ ...okta, lastSyncAt: '2026-05-04T11:40:00.000Z' }, full, undefined, now),
      'incremental',
    )
    assert.equal(
      dueMode(
        { ...okta, kind: 'scim', lastSyncAt: '2026-05-04T11:00:00.000Z' },
        full,
        undefined,
        now,
      ),
      undefined,
    )
  })
})
