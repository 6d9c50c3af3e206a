import { type Benchmark, httpBenchmark } from '../lib/benchmark.js'
import type { RequestPlan } from '../lib/load.js'
import type { ServerSpec } from '../lib/server-process.js'
import { entraUser } from '../scim/entra-user.js'
import { randomOf, readHeaders, type SeedFixture, writeHeaders } from '../scim/fixture.js'
import { PEER_PACKAGE, type PeerDetails } from './peer.js'

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

export const bareReadModifyWrite = httpBenchmark({
  name: 'baseline.read-modify-write',
  summary: 'bare durable read-modify-write of a seeded user (PATCH title), synchronous=FULL',
  server: (fixture, context) =>
    baseline(
      'read-modify-write',
      ...overHubDatabase(fixture),
      '--synchronous',
      context.synchronous,
    ),
  plan: (fixture) => {
    let n = 0
    return {
      method: 'PATCH',
      headers: writeHeaders(fixture),
      next: () => ({
        path: `/users/${randomOf(fixture.ids)}`,
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', path: 'title', value: `Title ${n++}` }],
        }),
      }),
    }
  },
})

// The peer (peer-server.ts) holds the same users under its own ids, behind its own secret: the
// plans take both from what its child reported, and send what the SCIM lines send.
const peer = (fixture: SeedFixture): ServerSpec => ({
  entry: 'bench/baselines/peer-server.ts',
  args: ['--users', String(fixture.ids.length)],
})

function peerPlan(
  details: unknown,
  fixture: SeedFixture,
  plan: Pick<RequestPlan, 'method' | 'next'> & { write?: boolean },
): RequestPlan {
  const { secret } = details as PeerDetails
  const headers = plan.write ? writeHeaders(fixture) : readHeaders(fixture)
  return {
    method: plan.method,
    headers: { ...headers, authorization: `Bearer ${secret}` },
    next: plan.next,
  }
}

export const peerGet = httpBenchmark({
  name: 'baseline.peer-get',
  summary: `GET /Users/:id on ${PEER_PACKAGE}'s in-memory directory sync, a random seeded id`,
  server: peer,
  plan: (fixture, details) => {
    const { ids } = details as PeerDetails
    return peerPlan(details, fixture, {
      method: 'GET',
      next: () => ({ path: `/scim/v2/Users/${randomOf(ids)}` }),
    })
  },
})

export const peerFilter = httpBenchmark({
  name: 'baseline.peer-filter',
  summary: `GET /Users?filter=userName eq "<random>" on ${PEER_PACKAGE}'s in-memory directory sync`,
  server: peer,
  plan: (fixture, details) =>
    peerPlan(details, fixture, {
      method: 'GET',
      next: () => {
        const filter = encodeURIComponent(`userName eq "${randomOf(fixture.userNames)}"`)
        return { path: `/scim/v2/Users?filter=${filter}` }
      },
    }),
})

export const peerPatch = httpBenchmark({
  name: 'baseline.peer-patch',
  summary: `PATCH /Users/:id replacing title on ${PEER_PACKAGE}'s in-memory directory sync`,
  server: peer,
  plan: (fixture, details) => {
    const { ids } = details as PeerDetails
    let n = 0
    return peerPlan(details, fixture, {
      method: 'PATCH',
      write: true,
      next: () => ({
        path: `/scim/v2/Users/${randomOf(ids)}`,
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', path: 'title', value: `Title ${n++}` }],
        }),
      }),
    })
  },
})

export const baselineBenchmarks: readonly Benchmark[] = [
  bareJson,
  samePayload,
  bareSqliteGet,
  bareInsert,
  bareReadModifyWrite,
  peerGet,
  peerFilter,
  peerPatch,
]
