import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_RETRY_POLICY, type LeasedJob, verdictFor } from '../../platform/jobs/index.js'
import { ApiError } from '../../shared/api-error.js'
import type { ClassifiedFailure } from '../../shared/failure.js'
import type { ApplyDeps } from './apply-deps.js'
import { refreshHandler } from './refresh-job.js'

const job = {
  id: 'j1',
  key: 'refresh:p1:a1',
  queue: 'a1',
  priority: -10,
  attempt: 0,
  data: { type: 'refresh', planId: 'p1', appId: 'a1', workspaceId: 'w1' },
} as unknown as LeasedJob

/** A refresh job whose graph refresh does `refresh`; nothing else of apply's deps is touched. */
function run(refresh: () => Promise<unknown>) {
  let reconciled = 0
  const deps = {
    graph: { refreshApp: refresh },
    reconcile: {
      reconcile: async () => {
        reconciled += 1
      },
    },
  } as unknown as ApplyDeps
  const result = refreshHandler(deps, async () => 0).run(job, new AbortController().signal)
  return { result, reconciled: () => reconciled }
}

async function failureOf(refresh: () => Promise<unknown>): Promise<ClassifiedFailure> {
  const outcome = await run(refresh).result
  assert.equal(outcome.ok, false)
  return (outcome as { error: ClassifiedFailure }).error
}

const report = (status: string, error?: { code: string; message: string }) => async () => ({
  snapshotId: 's1',
  appId: 'a1',
  status,
  counts: {},
  ...(error ? { error } : {}),
})

const verdict = (failure: ClassifiedFailure) =>
  verdictFor(failure, 0, DEFAULT_RETRY_POLICY, () => 0.5, new Date()).kind

describe('refresh job: races with other processes are apply failures, not a connector’s', () => {
  it('another refresh running: APPLY_REFRESH_BUSY, transient (retried)', async () => {
    const failure = await failureOf(async () => {
      throw new ApiError(409, 'GRAPH_REFRESH_RUNNING', 'A refresh of Sana is running.')
    })
    assert.deepEqual(failure.toJSON(), {
      class: 'transient',
      code: 'APPLY_REFRESH_BUSY',
      message: failure.message,
    })
    assert.equal(verdict(failure), 'retry')
  })

  it('refresh lease taken over mid-way: APPLY_REFRESH_TAKEN_OVER, transient', async () => {
    const lost = { code: 'GRAPH_LEASE_LOST', message: 'another process took over' }
    const failure = await failureOf(report('failed', lost))
    assert.equal(failure.code, 'APPLY_REFRESH_TAKEN_OVER')
    assert.equal(verdict(failure), 'retry')
  })

  it('refresh held by the removal rule: APPLY_REFRESH_HELD, still retried', async () => {
    const held = { code: 'GRAPH_REFRESH_HELD', message: 'too many removals' }
    const failure = await failureOf(report('held', held))
    assert.equal(failure.code, 'APPLY_REFRESH_HELD')
    assert.equal(verdict(failure), 'retry')
  })

  it('the app removed while the job waited: APPLY_APP_GONE, not_found (no retry)', async () => {
    const failure = await failureOf(async () => {
      throw new ApiError(404, 'APP_NOT_FOUND', "No app 'a1' in this workspace.")
    })
    assert.equal(failure.code, 'APPLY_APP_GONE')
    assert.equal(failure.class, 'not_found')
    assert.equal(verdict(failure), 'dead')
  })

  it('the app’s listing failed: still the connector’s transient failure', async () => {
    const failure = await failureOf(report('failed', { code: 'CONNECTOR_NETWORK', message: 'x' }))
    assert.equal(failure.code, 'CONNECTOR_TRANSIENT')
    assert.equal(failure.class, 'transient')
  })

  it('a succeeded refresh reconciles the app; an unknown throw is left to the worker', async () => {
    const done = run(report('succeeded'))
    assert.deepEqual(await done.result, { ok: true, value: { status: 'succeeded' } })
    assert.equal(done.reconciled(), 1)
    await assert.rejects(
      run(async () => {
        throw new Error('database went away')
      }).result,
      /database went away/,
    )
  })
})
