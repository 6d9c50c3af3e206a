import type { Benchmark } from '../lib/benchmark.js'
import { run } from './scim-throughput.js'

/** The app's limit in the connector benchmark, requests per second. */
export const CONNECTOR_LIMIT_PER_SECOND = 50

/**
 * `connector.scim-throughput`: provisioning through the SCIM connector against a Sana-like
 * emulator that allows N = 50 requests/s. req/s is what the emulator admitted; the target is
 * 0.9 N. A lost or duplicated account fails the benchmark outright.
 */
export const connectorScimThroughput: Benchmark = {
  name: 'connector.scim-throughput',
  summary: `SCIM connector provisioning against an emulator limiting at ${CONNECTOR_LIMIT_PER_SECOND} req/s (target 0.9 N)`,
  compare: { target: { kind: 'rate', min: 0.9 * CONNECTOR_LIMIT_PER_SECOND } },
  async run(context) {
    const result = await run({
      limitPerSecond: CONNECTOR_LIMIT_PER_SECOND,
      durationSeconds: context.durationSeconds,
      warmupSeconds: context.warmupSeconds,
    })
    if (result.lost > 0 || result.duplicates > 0) {
      throw new Error(`${result.lost} accounts lost and ${result.duplicates} duplicated`)
    }
    return {
      requestsPerSecond: result.requestsPerSecond,
      requests: result.admitted,
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      // 429s are the app's answer to pacing, not a failure of the benchmark; they are listed.
      non2xx: 0,
      errors: 0,
      statusCodes: { admitted: result.admitted, '429': result.rateLimited },
      seconds: result.seconds,
      cpu: result.cpu,
      fsyncMs: Number.NaN,
    }
  },
}
