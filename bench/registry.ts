import { applyBenchmarks } from './apply/apply-benchmarks.js'
import {
  bareInsert,
  bareJson,
  bareReadModifyWrite,
  bareSqliteGet,
  peerFilter,
  peerGet,
  peerPatch,
  samePayload,
} from './baselines/baseline-benchmarks.js'
import { connectorScimThroughput } from './connectors/connector-benchmarks.js'
import type { Benchmark } from './lib/benchmark.js'
import { offboardLatency } from './lifecycle/lifecycle-benchmarks.js'
import { reconcileBenchmarks } from './reconcile/reconcile-benchmarks.js'
import { create, filterByUserName, getById, page, patchTitle } from './scim/scim-benchmarks.js'

/**
 * Every benchmark `npm run bench` knows, in the order they run. Each ceiling runs just before
 * the benchmarks it bounds, so a ratio's two figures are minutes apart at most. Later suites
 * (connectors, reconciliation, offboarding) append their entries here.
 */
export const benchmarks: readonly Benchmark[] = [
  bareJson,
  bareSqliteGet,
  peerGet,
  getById,
  peerFilter,
  filterByUserName,
  samePayload,
  page,
  bareInsert,
  create,
  bareReadModifyWrite,
  peerPatch,
  patchTitle,
  connectorScimThroughput,
  ...reconcileBenchmarks,
  ...applyBenchmarks,
  offboardLatency,
]

/**
 * The benchmarks `--only` names (exact names or prefixes such as `scim`), plus the references
 * their ratios need: a ratio is only meaningful between figures of the same run.
 */
export function selectBenchmarks(only: readonly string[] | undefined): Benchmark[] {
  if (!only || only.length === 0) return [...benchmarks]
  const matches = (b: Benchmark) =>
    only.some((name) => b.name === name || b.name.startsWith(`${name}.`))
  const chosen = new Set(benchmarks.filter(matches).map((b) => b.name))
  const unknown = only.filter(
    (name) => !benchmarks.some((b) => b.name === name || b.name.startsWith(`${name}.`)),
  )
  if (unknown.length > 0) {
    throw new Error(
      `unknown benchmark(s): ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}`,
    )
  }
  for (const b of benchmarks.filter((b) => chosen.has(b.name))) {
    if (b.compare?.ceiling) chosen.add(b.compare.ceiling)
    for (const reference of b.compare?.alsoVs ?? []) chosen.add(reference)
    for (const goal of b.compare?.goals ?? []) chosen.add(goal.vs)
  }
  return benchmarks.filter((b) => chosen.has(b.name))
}
