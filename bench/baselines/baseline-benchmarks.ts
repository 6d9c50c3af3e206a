import { type Benchmark, httpBenchmark } from '../lib/benchmark.js'
import type { ServerSpec } from '../lib/server-process.js'
import { entraUser } from '../scim/entra-user.js'
import { randomOf, readHeaders, type SeedFixture, writeHeaders } from '../scim/fixture.js'

const ENTRY = 'bench/baselines/baseline-server.ts'

const baseline = (route: string, ...args: string[]): ServerSpec => ({
  entry: ENTRY,
  args: ['--route', route, ...args],
})

const overHubDatabase = (fixture: SeedFixture) => [
  '--database',
  fixture.databaseFile,
  '--directory-id',
  fixture.directoryId,
]

// The baselines send what the SCIM benchmarks send (same headers, a random id per request, the
// same user bodies), so the load generator does the same work on both sides of a ratio.

export const bareJson = httpBenchmark({
  name: 'baseline.json',
  summary: 'bare Fastify route returning a small JSON object (the read ceiling)',
  server: () => baseline('json'),
  plan: (fixture) => ({
    method: 'GET',
    headers: readHeaders(fixture),
    next: () => ({ path: `/bare/${randomOf(fixture.ids)}` }),
  }),
})

export const samePayload = httpBenchmark({
  name: 'baseline.page-json',
  summary: 'bare Fastify route sending a precomputed real 100-user page (the page ceiling)',
  server: (fixture) =>
    baseline('page', '--page-file', fixture.pageFile, '--content-type', fixture.pageContentType),
  plan: (fixture) => ({
    method: 'GET',
    headers: readHeaders(fixture),
    next: () => ({ path: '/page' }),
  }),
})

export const bareSqliteGet = httpBenchmark({
  name: 'baseline.sqlite-get',
  summary: 'bare Fastify + better-sqlite3 get-by-id over the seeded scim_users table (floor ref)',
  server: (fixture) => baseline('sqlite-get', ...overHubDatabase(fixture)),
  plan: (fixture) => ({
    method: 'GET',
    headers: readHeaders(fixture),
    next: () => ({ path: `/users/${randomOf(fixture.ids)}` }),
  }),
})

export const bareInsert = httpBenchmark({
  name: 'baseline.insert',
  summary: 'bare insert of the posted Entra-sized user into scim_users, synchronous=FULL',
  server: (fixture, context) =>
    baseline('insert', ...overHubDatabase(fixture), '--synchronous', context.synchronous),
  plan: (fixture) => {
    let n = 0
    return {
      method: 'POST',
      headers: writeHeaders(fixture),
      next: () => ({
        path: '/users',
        body: JSON.stringify(
          entraUser(n++, { prefix: 'insert', managerId: randomOf(fixture.ids) }),
        ),
      }),
    }
  },
})

export const baselineBenchmarks: readonly Benchmark[] = [
  bareJson,
  samePayload,
  bareSqliteGet,
  bareInsert,
]
