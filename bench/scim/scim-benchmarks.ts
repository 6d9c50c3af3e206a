import { type BenchContext, type Benchmark, httpBenchmark } from '../lib/benchmark.js'
import type { ServerSpec } from '../lib/server-process.js'
import { entraUser } from './entra-user.js'
import { randomOf, readHeaders, type SeedFixture, writeHeaders } from './fixture.js'

const hub = (fixture: SeedFixture, context: BenchContext): ServerSpec => ({
  entry: 'bench/lib/serve-under-test.ts',
  args: ['--data-dir', fixture.dataDir, '--synchronous', context.synchronous],
})

const READ_TARGET = { kind: 'ratio', min: 0.5 } as const
const WRITE_TARGET = { kind: 'rate', min: 2_000 } as const

export const getById = httpBenchmark({
  name: 'scim.get',
  summary: 'GET /scim/v2/Users/:id, a random seeded id per request',
  compare: {
    ceiling: 'baseline.json',
    alsoVs: ['baseline.sqlite-get', 'baseline.peer-get'],
    target: READ_TARGET,
    goals: [
      { vs: 'baseline.sqlite-get', min: 0.5 },
      { vs: 'baseline.peer-get', min: 3 },
    ],
  },
  server: hub,
  plan: (fixture) => ({
    method: 'GET',
    headers: readHeaders(fixture),
    next: () => ({ path: `/scim/v2/Users/${randomOf(fixture.ids)}` }),
  }),
})

export const filterByUserName = httpBenchmark({
  name: 'scim.filter',
  summary: 'GET /scim/v2/Users?filter=userName eq "<random seeded userName>"',
  compare: {
    ceiling: 'baseline.json',
    alsoVs: ['baseline.sqlite-get', 'baseline.peer-filter'],
    target: READ_TARGET,
    goals: [
      { vs: 'baseline.sqlite-get', min: 0.5 },
      { vs: 'baseline.peer-filter', min: 3 },
    ],
  },
  server: hub,
  plan: (fixture) => ({
    method: 'GET',
    headers: readHeaders(fixture),
    next: () => {
      const filter = encodeURIComponent(`userName eq "${randomOf(fixture.userNames)}"`)
      return { path: `/scim/v2/Users?filter=${filter}` }
    },
  }),
})

export const page = httpBenchmark({
  name: 'scim.page',
  summary: 'GET /scim/v2/Users?startIndex=<random>&count=100 (offset paging over all users)',
  compare: {
    ceiling: 'baseline.page-json',
    alsoVs: ['baseline.json'],
    target: READ_TARGET,
    goals: [{ vs: 'baseline.page-json', min: 0.5 }],
  },
  server: hub,
  plan: (fixture) => {
    const lastStart = Math.max(1, fixture.ids.length - 99)
    return {
      method: 'GET',
      headers: readHeaders(fixture),
      next: () => {
        const startIndex = 1 + Math.floor(Math.random() * lastStart)
        return { path: `/scim/v2/Users?startIndex=${startIndex}&count=100` }
      },
    }
  },
})

export const create = httpBenchmark({
  name: 'scim.post',
  summary: 'POST /scim/v2/Users, an Entra-sized user with a new userName per request',
  compare: {
    alsoVs: ['baseline.insert'],
    target: WRITE_TARGET,
    goals: [{ vs: 'baseline.insert', min: 0.8 }],
  },
  server: hub,
  plan: (fixture) => {
    let n = 0
    return {
      method: 'POST',
      headers: writeHeaders(fixture),
      next: () => ({
        path: '/scim/v2/Users',
        body: JSON.stringify(entraUser(n++, { prefix: 'post', managerId: randomOf(fixture.ids) })),
      }),
    }
  },
})

export const patchTitle = httpBenchmark({
  name: 'scim.patch',
  summary: 'PATCH /scim/v2/Users/:id replacing title with a new value (never a no-op)',
  compare: {
    alsoVs: ['baseline.read-modify-write', 'baseline.insert', 'baseline.peer-patch'],
    target: WRITE_TARGET,
    goals: [{ vs: 'baseline.read-modify-write', min: 0.8 }],
  },
  server: hub,
  plan: (fixture) => {
    let n = 0
    return {
      method: 'PATCH',
      headers: writeHeaders(fixture),
      next: () => ({
        path: `/scim/v2/Users/${randomOf(fixture.ids)}`,
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', path: 'title', value: `Title ${n++}` }],
        }),
      }),
    }
  },
})

export const scimBenchmarks: readonly Benchmark[] = [
  getById,
  filterByUserName,
  page,
  create,
  patchTitle,
]
