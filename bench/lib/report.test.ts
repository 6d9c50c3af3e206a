import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Benchmark, Comparison, Measurement } from './benchmark.js'
import { buildReport, renderReport } from './report.js'
import { createLatencyRecorder } from './stats.js'

// The runner's arithmetic only: no timing is measured or asserted here (benchmarks live in bench/).

function benchmark(name: string, compare?: Comparison): Benchmark {
  return {
    name,
    summary: name,
    ...(compare ? { compare } : {}),
    run: () => Promise.reject(new Error('not run in tests')),
  }
}

function measured(requestsPerSecond: number, extra: Partial<Measurement> = {}): Measurement {
  return {
    requestsPerSecond,
    requests: requestsPerSecond * 10,
    p50Ms: 1,
    p99Ms: 2,
    non2xx: 0,
    errors: 0,
    statusCodes: { '200': requestsPerSecond * 10 },
    seconds: 10,
    cpu: {},
    fsyncMs: 1,
    ...extra,
  }
}

describe('latency recorder', () => {
  it('gives nearest-rank percentiles of every recorded value', () => {
    const recorder = createLatencyRecorder(2)
    for (let ms = 100; ms >= 1; ms--) recorder.record(ms)
    assert.equal(recorder.count, 100)
    assert.equal(recorder.percentile(50), 50)
    assert.equal(recorder.percentile(99), 99)
    assert.equal(recorder.percentile(100), 100)
  })

  it('is NaN when nothing was recorded', () => {
    assert.ok(Number.isNaN(createLatencyRecorder().percentile(50)))
  })
})

describe('buildReport', () => {
  const ceiling = benchmark('baseline.json')
  const read = benchmark('scim.get', {
    ceiling: 'baseline.json',
    alsoVs: ['baseline.sqlite-get'],
    target: { kind: 'ratio', min: 0.5 },
  })
  const write = benchmark('scim.post', { target: { kind: 'rate', min: 2000 } })

  it('divides by the ceiling of the same run and judges the ratio', () => {
    const rows = buildReport([
      { benchmark: ceiling, measurement: measured(40_000) },
      { benchmark: read, measurement: measured(24_000) },
    ])
    assert.equal(rows[1]?.ceiling?.ratio, 0.6)
    assert.equal(rows[1]?.verdict, 'PASS')
    assert.deepEqual(rows[1]?.also, [{ name: 'baseline.sqlite-get', ratio: undefined }])
    assert.equal(rows[0]?.verdict, '-')
  })

  it('misses a rate target, and has no verdict without its ceiling', () => {
    const rows = buildReport([
      { benchmark: read, measurement: measured(24_000) },
      { benchmark: write, measurement: measured(1_999) },
    ])
    assert.equal(rows[0]?.verdict, '-')
    assert.equal(rows[1]?.verdict, 'MISS')
  })

  it('fails a run with non-2xx answers, and never uses it as a ceiling', () => {
    const rows = buildReport([
      { benchmark: ceiling, measurement: measured(40_000, { non2xx: 3 }) },
      { benchmark: read, measurement: measured(24_000) },
      { benchmark: write, failure: 'preflight answered 500' },
    ])
    assert.equal(rows[0]?.verdict, 'FAIL')
    assert.match(rows[0]?.failure ?? '', /3 non-2xx/)
    assert.equal(rows[1]?.ceiling?.ratio, undefined)
    assert.equal(rows[2]?.verdict, 'FAIL')
  })

  it('does not judge write rates of a non-durable (diagnostic) run', () => {
    const rows = buildReport([{ benchmark: write, measurement: measured(9_000) }], {
      durable: false,
    })
    assert.equal(rows[0]?.verdict, '-')
    assert.equal(rows[0]?.target, undefined)
  })

  it('judges a batch by its time over its floor and its peak memory', () => {
    const floor = { ...benchmark('reconcile.sqlite.floor'), kind: 'batch' as const }
    const job = {
      ...benchmark('reconcile.sqlite.plan', {
        ceiling: 'reconcile.sqlite.floor',
        target: { kind: 'batch', maxSlowdown: 5, maxRssMb: 1024 },
      }),
      kind: 'batch' as const,
    }
    const batch = (seconds: number, maxRssMb: number) =>
      measured(1_000_000 / seconds, {
        seconds,
        batch: { ms: seconds * 1000, maxRssMb, detail: '' },
      })
    const rows = (seconds: number, maxRssMb: number) =>
      buildReport([
        { benchmark: floor, measurement: batch(100, 200) },
        { benchmark: job, measurement: batch(seconds, maxRssMb) },
      ])
    assert.equal(rows(450, 700)[1]?.ceiling?.ratio, 4.5)
    assert.equal(rows(450, 700)[1]?.verdict, 'PASS')
    assert.equal(rows(501, 700)[1]?.verdict, 'MISS')
    assert.equal(rows(120, 1024)[1]?.verdict, 'MISS')
    assert.equal(rows(120, 700)[0]?.batch, true)
  })
})

describe('goals', () => {
  const reference = benchmark('baseline.sqlite-get')
  const peer = benchmark('baseline.peer-get')
  const read = benchmark('scim.get', {
    goals: [
      { vs: 'baseline.sqlite-get', min: 0.5 },
      { vs: 'baseline.peer-get', min: 3 },
    ],
  })

  it('gives one PASS or SHORT per goal, against the references of the same run', () => {
    const rows = buildReport([
      { benchmark: reference, measurement: measured(10_000) },
      { benchmark: peer, measurement: measured(2_000) },
      { benchmark: read, measurement: measured(5_500) },
    ])
    const goals = rows.find((row) => row.name === 'scim.get')?.goals
    assert.deepEqual(goals, [
      { vs: 'baseline.sqlite-get', min: 0.5, ratio: 0.55, verdict: 'PASS' },
      { vs: 'baseline.peer-get', min: 3, ratio: 2.75, verdict: 'SHORT' },
    ])
    assert.match(
      renderReport(rows),
      /PASS +scim\.get 0\.55x baseline\.sqlite-get \(goal >= 0\.5x\)/,
    )
    assert.match(renderReport(rows), /SHORT +scim\.get 2\.75x baseline\.peer-get \(goal >= 3x\)/)
  })

  it('judges no goal whose reference failed', () => {
    const rows = buildReport([
      { benchmark: reference, measurement: measured(10_000, { non2xx: 5 }) },
      { benchmark: read, measurement: measured(5_500) },
    ])
    assert.deepEqual(
      rows.find((row) => row.name === 'scim.get')?.goals.map((g) => g.verdict),
      ['-', '-'],
    )
  })
})
