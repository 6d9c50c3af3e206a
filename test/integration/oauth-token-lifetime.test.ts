import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { setTimeout as delay } from 'node:timers/promises'
import { fakeTime } from '../../src/integrations/connectors/http/fake-time.js'
import type { FetchLike } from '../../src/integrations/connectors/index.js'
import { createLogger } from '../../src/shared/logger.js'
import { type StensulEmulator, startStensulEmulator } from '../emulators/stensul.js'
import { closeHarness, people } from '../helpers/apply.js'
import { eachDialect } from '../helpers/dialects.js'
import { type LifecycleHarness, openLifecycle, SYSTEM } from '../helpers/lifecycle.js'

const CONCURRENCY = 4
// Leases far longer than the fake time the run spans: the clock jumps with every request.
const JOBS = {
  'jobs.pollMs': 20,
  'jobs.leaseMs': 600_000,
  'jobs.concurrencyPerApp': CONCURRENCY,
  'jobs.background': false,
}

/**
 * Everything the hub said to the Stensul emulator, on a fake clock both share: every API request
 * moves it by `stepMs`, so a plan of a hundred operations spans several token lifetimes in no
 * real time. Records when each token was asked for, each API answer's status, and the tokens.
 */
type Recorded = { tokenRequests: number[]; apiStatuses: number[]; issued: string[] }

function recordingFetch(
  stensul: StensulEmulator,
  time: ReturnType<typeof fakeTime>,
  stepMs: number,
) {
  const recorded: Recorded = { tokenRequests: [], apiStatuses: [], issued: [] }
  const { tokenRequests, apiStatuses, issued } = recorded
  const fetch: FetchLike = async (url, init) => {
    const isToken = url === stensul.tokenUrl
    if (isToken) tokenRequests.push(time.nowMs())
    else time.clock.advance(stepMs)
    const response = await globalThis.fetch(url, init)
    if (!isToken) apiStatuses.push(response.status)
    else issued.push(((await response.clone().json()) as { access_token: string }).access_token)
    return response
  }
  return { fetch, recorded }
}

/**
 * Applies a plan and returns what was recorded when its last operation had been applied: the
 * apply then finishes on the worker's sweep, which runs on the (fake) clock, so the clock is
 * moved on from there without any request that would stretch the recorded token gaps.
 */
async function applyPlan(
  h: LifecycleHarness,
  appId: string,
  time: ReturnType<typeof fakeTime>,
  recorded: Recorded,
) {
  const plan = await h.services.reconcile.createPlan(
    h.workspace.id,
    { appId },
    { trigger: 'cli', actor: SYSTEM },
  )
  const worker = h.services.apply.createWorker(`test-${Math.random()}`)
  worker.start()
  let snapshot: Recorded | undefined
  try {
    await h.services.apply.apply(h.workspace.id, plan.id, { actor: SYSTEM })
    for (;;) {
      const progress = await h.services.apply.progress(h.workspace.id, plan.id)
      if (progress.status !== 'running') return { plan, progress, recorded: snapshot ?? recorded }
      if (progress.pending === 0) {
        snapshot ??= structuredClone(recorded)
        time.clock.advance(60_000)
      }
      await delay(20)
    }
  } finally {
    await worker.stop()
  }
}

/**
 * @see issue: client credentials tokens were fetched per request when short-lived (126 token
 * requests for 126 API requests against a 60 s Stensul token): the 60 s refresh margin made a
 * 60 s token stale on arrival. Now a token is kept until three quarters of its lifetime have
 * passed, shared by every job of the connection, and refreshed by one request.
 */
eachDialect('OAuth client credentials against short-lived tokens', (database) => {
  const closing: Array<() => Promise<void>> = []
  after(async () => {
    for (const close of closing) await close()
  })

  for (const ttlSeconds of [60, 10]) {
    test(`a plan of 110 creates makes one token request per ${ttlSeconds} s lifetime`, async () => {
      const time = fakeTime()
      const stensul = await startStensulEmulator({ tokenTtlSeconds: ttlSeconds, now: time.nowMs })
      closing.push(() => stensul.close())
      const lifetimeMs = ttlSeconds * 1000
      const stepMs = lifetimeMs / 60
      const { fetch, recorded } = recordingFetch(stensul, time, stepMs)
      const logLines: string[] = []
      const log = createLogger({ level: 'trace' }, { write: (line: string) => logLines.push(line) })
      const h = await openLifecycle(database, JOBS, {
        clock: time.clock,
        fetch,
        log,
      })
      closing.push(() => closeHarness(h))

      await h.setPeople(people(110, `t${ttlSeconds}-`))
      const app = await h.services.apps.connect(
        h.workspace.id,
        {
          catalogId: 'stensul',
          name: 'Stensul',
          connection: {
            ...stensul.connection,
            rateLimit: { requests: 100_000, windowMs: 1000, share: 1 },
          },
          assignment: { all: true },
        },
        SYSTEM,
      )
      await h.refresh()
      const { plan, progress, recorded: applied } = await applyPlan(h, app.id, time, recorded)
      assert.equal(plan.counts.create, 110)
      assert.equal(progress.status, 'applied', JSON.stringify(progress))
      assert.equal(progress.applied, 110)

      const { tokenRequests, apiStatuses } = applied
      const spannedMs = apiStatuses.length * stepMs
      assert.ok(spannedMs > 3 * lifetimeMs, `the run spans ${spannedMs} ms of fake time`)
      // Never an expired token sent: the app refused no request.
      assert.deepEqual(
        apiStatuses.filter((status) => status === 401),
        [],
      )
      // One token per lifetime: each was kept for three quarters of its life (the refresh
      // margin), and replaced as soon as that had passed, give or take the requests in flight.
      const usableMs = lifetimeMs * 0.75
      const slackMs = (2 * CONCURRENCY + 1) * stepMs
      const gaps = tokenRequests.slice(1).map((at, i) => at - (tokenRequests[i] ?? 0))
      assert.ok(tokenRequests.length >= 3, `${tokenRequests.length} token requests`)
      for (const gap of gaps) {
        assert.ok(gap >= usableMs && gap <= usableMs + slackMs, `gaps: ${gaps.join(', ')}`)
      }
      assert.ok(
        tokenRequests.length <= Math.ceil(spannedMs / usableMs) + 1,
        `${tokenRequests.length} token requests for ${apiStatuses.length} API requests`,
      )
      // Secrets never appear in the logs: neither the client secret nor an access token.
      const output = logLines.join('')
      assert.ok(output.includes('connector request'), 'requests were logged')
      for (const secret of [stensul.clientSecret, ...recorded.issued]) {
        assert.ok(!output.includes(secret), 'a secret reached the log')
      }
    })
  }
})
