import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fixedClock } from '../../../shared/clock.js'
import { unwrap } from '../../../shared/result.js'
import { getCatalogEntry } from '../../catalog/index.js'
import { manifestMismatches } from '../connector.js'
import { createManualConnector } from './manual-connector.js'
import type { OpenTask, TaskSink } from './task-sink.js'

/** A task sink that opens one task per idempotency key, as the tasks domain does. */
function memorySink(): TaskSink & { opened: OpenTask[] } {
  const byKey = new Map<string, string>()
  const opened: OpenTask[] = []
  return {
    opened,
    async openTask(task) {
      const existing = byKey.get(task.idempotencyKey)
      if (existing) return { taskId: existing, created: false }
      const taskId = `task-${opened.length + 1}`
      byKey.set(task.idempotencyKey, taskId)
      opened.push(task)
      return { taskId, created: true }
    },
    async confirmedAccounts() {
      return []
    },
  }
}

describe('manual connector: grants become tasks', () => {
  const entry = getCatalogEntry('samepage')
  assert.ok(entry)
  const sink = memorySink()
  const connector = createManualConnector(
    { tasks: sink, clock: fixedClock(new Date('2026-01-05T09:00:00Z')) },
    { entry, workspaceId: 'ws', appId: 'app-samepage', config: { owner: 'it@acme.test' } },
  )
  const grant = {
    entitlementId: 'editors',
    accountId: 'alice@acme.test',
    context: {
      person: { email: 'alice@acme.test' },
      entitlement: { displayName: 'Editors', kind: 'role' as const },
    },
  }

  it('claims manage_grants and implements it', () => {
    assert.deepEqual(manifestMismatches(connector), [])
    assert.ok(connector.manifest.capabilities.includes('manage_grants'))
  })

  it('words the task for the owner; a retry with the same key reuses the task', async () => {
    const first = unwrap(await connector.addGrant(grant, { idempotencyKey: 'grant-1' }))
    const again = unwrap(await connector.addGrant(grant, { idempotencyKey: 'grant-1' }))
    assert.equal(first.task?.taskId, 'task-1')
    assert.deepEqual(again.task, { taskId: 'task-1', marker: 'already_exists' })
    assert.equal(sink.opened.length, 1)
    const [task] = sink.opened
    assert.equal(task?.action, 'add_grant')
    assert.equal(task?.assignee, 'it@acme.test')
    assert.match(
      task?.details.instructions ?? '',
      /^Add alice@acme\.test to the Editors role in Samepage\./,
    )
    assert.deepEqual(task?.details.entitlement, {
      id: 'editors',
      displayName: 'Editors',
      kind: 'role',
    })
  })

  it('removal reads "Remove … from …", and names the ids when no words are given', async () => {
    unwrap(await connector.removeGrant(grant, { idempotencyKey: 'grant-2' }))
    assert.match(
      sink.opened[1]?.details.instructions ?? '',
      /^Remove alice@acme\.test from the Editors role in Samepage\./,
    )
    unwrap(
      await connector.removeGrant(
        { entitlementId: 'r-7', accountId: 'bob@acme.test' },
        { idempotencyKey: 'grant-3' },
      ),
    )
    assert.match(
      sink.opened[2]?.details.instructions ?? '',
      /^Remove bob@acme\.test from the r-7 role/,
    )
    assert.equal(sink.opened[2]?.action, 'remove_grant')
  })
})
