import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { mergeManual } from './imported-accounts.js'
import type { ConfirmedAccount } from './task-sink.js'

const task = (email: string, state: ConfirmedAccount['state'], at: string): ConfirmedAccount => ({
  personEmail: email,
  state,
  confirmedAt: at,
})
const upload = (key: string, active = true) => ({ key, userName: key, active })

describe('mergeManual', () => {
  it('the newer of a completed task and the latest upload decides, per person', () => {
    const merged = mergeManual(
      [
        task('a@x', 'active', '2026-01-01'),
        task('b@x', 'deleted', '2026-03-01'),
        task('c@x', 'active', '2026-01-01'),
      ],
      { importedAt: '2026-02-01', accounts: [upload('a@x', false), upload('b@x'), upload('d@x')] },
      10,
    )
    const decided = merged.entries.map((e) =>
      e.kind === 'task'
        ? `${e.confirmed.personEmail}:task:${e.confirmed.state}`
        : `${e.account.key}:import`,
    )
    // c@x was confirmed before the upload, which does not list it: no account any more.
    assert.deepEqual(decided, ['a@x:import', 'b@x:task:deleted', 'd@x:import'])
    assert.equal(merged.nextAfter, undefined)
  })

  it('a page ends at the smallest last key of a full side, so nothing is skipped', () => {
    const merged = mergeManual(
      [task('a@x', 'active', '1'), task('m@x', 'active', '1')],
      { importedAt: '0', accounts: [upload('b@x'), upload('z@x')] },
      2,
    )
    assert.equal(merged.nextAfter, 'm@x')
    assert.deepEqual(
      merged.entries.map((e) => (e.kind === 'task' ? e.confirmed.personEmail : e.account.key)),
      ['a@x', 'b@x', 'm@x'],
    )
  })
})
