import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type ResidualWindow, summarize } from './residual-windows.js'

const window = (appId: string, seconds: number, open = false): ResidualWindow => ({
  appId,
  personId: 'p',
  personEmail: null,
  accountId: `a-${appId}-${seconds}`,
  leftAt: '2026-11-25T10:00:00.000Z',
  closedAt: open ? null : '2026-11-25T11:00:00.000Z',
  seconds,
  evidence: open ? null : 'listing',
  taskId: null,
})

describe('residual window summary', () => {
  it('gives count, average, nearest-rank p95 and maximum per app, and the longest open one', () => {
    const closed = Array.from({ length: 20 }, (_, i) => window('okta', (i + 1) * 60))
    const [okta, samepage] = summarize([
      ...closed,
      window('samepage', 900, true),
      window('samepage', 30),
    ])
    assert.deepEqual(okta, {
      appId: 'okta',
      closed: 20,
      open: 0,
      averageSeconds: 630,
      p95Seconds: 1140,
      maxSeconds: 1200,
      longestOpenSeconds: null,
    })
    assert.deepEqual(samepage, {
      appId: 'samepage',
      closed: 1,
      open: 1,
      averageSeconds: 30,
      p95Seconds: 30,
      maxSeconds: 30,
      longestOpenSeconds: 900,
    })
    assert.deepEqual(summarize([]), [])
  })
})
