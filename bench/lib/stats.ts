/**
 * Exact latency percentiles. autocannon's own histogram has 1 ms resolution, which reads 0 or 1
 * for every fast route here; this keeps each response time (8 bytes each) and sorts at the end.
 */
export type LatencyRecorder = {
  record(ms: number): void
  readonly count: number
  /** The value at percentile p (0–100), nearest-rank; NaN when nothing was recorded. */
  percentile(p: number): number
}

export function createLatencyRecorder(initialCapacity = 1 << 16): LatencyRecorder {
  let values = new Float64Array(initialCapacity)
  let count = 0
  let sorted: Float64Array | undefined
  return {
    record(ms) {
      if (count === values.length) {
        const grown = new Float64Array(values.length * 2)
        grown.set(values)
        values = grown
      }
      values[count++] = ms
      sorted = undefined
    },
    get count() {
      return count
    },
    percentile(p) {
      if (count === 0) return Number.NaN
      sorted ??= values.slice(0, count).sort()
      const rank = Math.min(count - 1, Math.max(0, Math.ceil((p / 100) * count) - 1))
      return sorted[rank] ?? Number.NaN
    },
  }
}

/** `a / b`, or undefined when either side is missing or b is zero. */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || b === 0) return undefined
  return a / b
}
