import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { accountsFor, provision } from '../emulators/provision.js'
import { seededRandom } from '../emulators/random.js'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { recordingFetch, scimConnectorFor } from './targets.js'

/**
 * DESIGN quality bar: against a rate-limited app, apply runs near the allowed rate with no
 * request storm, and survives 5xx and resets without losing or duplicating an operation.
 * The app here does NOT enforce userName uniqueness, so only the connector can keep a retried
 * create from making a second account (a POST whose answer was lost is never repeated blindly).
 */
const ACCOUNTS = 500
const LIMIT_PER_SECOND = 10

describe('provisioning 500 accounts through 20% faults and a 10 req/s limit', () => {
  let sana: SanaEmulator
  before(async () => {
    sana = await startSanaEmulator({
      uniqueUserNames: false,
      faults: {
        seed: 20261124,
        rateLimitPerSecond: LIMIT_PER_SECOND,
        errorRate: 0.1,
        resetRate: 0.1,
        slowRate: 0.05,
        slowMs: 150,
        shortPageRate: 0.1,
      },
    })
  })
  after(() => sana.close())

  it('creates every account exactly once, with few 429s and no storm', async () => {
    const { fetch, requests } = recordingFetch()
    // The tenant's admin knows the limit and gives this connection all of it.
    const connection = {
      ...sana.connection,
      rateLimit: { requests: LIMIT_PER_SECOND, windowMs: 1000, share: 1 },
    }
    const connector = scimConnectorFor('sana-labs', connection, fetch)
    const accounts = accountsFor('fault', ACCOUNTS)
    const report = await provision(connector, accounts, { concurrency: 8, random: seededRandom(7) })
    const stats = sana.faults.stats
    const names = new Set(accounts.map((a) => a.userName.toLowerCase()))
    const held = sana.state
      .visible()
      .filter((u) => names.has(String(u.resource.userName).toLowerCase()))
    const figures = {
      accounts: ACCOUNTS,
      requests: stats.requests,
      clientAttempts: requests.length,
      rateLimited: stats.rateLimited,
      injected5xx: stats.errors,
      resets: stats.resetsBefore + stats.resetsAfter,
      lostAnswers: stats.resetsAfter,
      operationRetries: report.retries,
      alreadyExistedOnRetry: report.alreadyExisted,
      duplicates: sana.state.duplicates(),
      seconds: Math.round(report.elapsedMs / 100) / 10,
      achievedPerSecond: Math.round((stats.admitted / (report.elapsedMs / 1000)) * 10) / 10,
    }
    process.stdout.write(`# fault test figures ${JSON.stringify(figures)}\n`)

    assert.deepEqual(
      report.failed.map((f) => `${f.userName}: ${f.error.code}`),
      [],
    )
    assert.equal(report.created + report.alreadyExisted, ACCOUNTS)
    assert.equal(held.length, ACCOUNTS, 'every account exists')
    assert.equal(figures.duplicates, 0, 'no account created twice')
    assert.equal(sana.state.creations.length, ACCOUNTS, 'exactly one creation per account')
    assert.ok(stats.errors + stats.resetsBefore + stats.resetsAfter > 100, 'faults were injected')
    assert.ok(stats.resetsAfter > 10, 'some answers were lost after the work was done')
    // No request storm: a handful of 429s, and requests within what 20% failures explain
    // (two requests per account, one in five lost, plus the lookups that follow a lost create).
    assert.ok(stats.rateLimited <= Math.max(10, stats.requests * 0.02), `${stats.rateLimited} 429s`)
    assert.ok(stats.requests <= ACCOUNTS * 2 * 1.6, `${stats.requests} requests`)
  })
})
