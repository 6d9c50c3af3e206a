import type { Benchmark } from '../lib/benchmark.js'
import { APPS, MAX_P95_MS, measureOffboardLatency } from './offboard-latency.js'

/**
 * `lifecycle.offboard-latency`: time from an IdP deactivation (SCIM PATCH `active=false` into the
 * hub) to the account deactivated in every one of 10 emulated SCIM apps; `--samples` of them,
 * one after another. PASS when p95 < 5 s (issue 8; Entra ID's provisioning cycle is 40 minutes).
 */
export const offboardLatency: Benchmark = {
  name: 'lifecycle.offboard-latency',
  summary: `IdP deactivation (SCIM PATCH active=false) to deactivated in ${APPS} SCIM apps (target p95 < 5 s)`,
  kind: 'latency',
  compare: { target: { kind: 'latency', maxP95Ms: MAX_P95_MS } },
  run: measureOffboardLatency,
}
