import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runState, stepState } from './on-demand-report.js'
import type { StepRow } from './on-demand-store.js'
import {
  accountEventWords,
  decidedWords,
  durationWords,
  operationVerb,
  personEventWords,
  plannedWords,
  responseOf,
  settledWords,
  withApp,
} from './trace-words.js'

test('operations read as words, with the app named and the app’s answer', () => {
  const verb = operationVerb('deactivate')
  assert.equal(
    withApp(plannedWords(verb, 'planned', null), 'Sana'),
    'Planned to deactivate the account in Sana',
  )
  assert.equal(
    withApp(plannedWords(verb, 'held', 'deactivations need approval'), 'Payroll'),
    'Planned to deactivate the account in Payroll; held for approval: deactivations need approval',
  )
  const failed = responseOf(
    null,
    { class: 'transient', code: 'X', message: 'Service Unavailable', status: 503 },
    'failed',
  )
  assert.deepEqual(failed, {
    ok: false,
    status: 503,
    class: 'transient',
    code: 'X',
    message: 'Service Unavailable',
    marker: null,
  })
  assert.equal(
    withApp(settledWords(verb, 'failed', failed, 3), 'Sana'),
    'Failed to deactivate the account in Sana after 3 attempts: the app answered HTTP 503 (Service Unavailable)',
  )
  const gone = responseOf({ marker: 'already_gone' }, null, 'applied')
  assert.equal(
    withApp(settledWords(verb, 'applied', gone, 1), 'Sana'),
    'Applied: deactivate the account in Sana; the app accepted it (the account was already gone)',
  )
  assert.equal(
    operationVerb('add_grant', { entitlement: { kind: 'role', displayName: 'Editors' } }),
    'add role Editors',
  )
  assert.equal(
    withApp(decidedWords(verb, 'rejected', { type: 'user', id: 'x' }, 'still needed'), 'Sana'),
    'An admin rejected the step to deactivate the account in Sana: still needed',
  )
})

test('source changes, links and refreshes read as words', () => {
  assert.equal(
    personEventWords('person.deactivated', { sourceKind: 'scim' }),
    'A source deactivated the person (scim)',
  )
  assert.equal(
    personEventWords('person.offboard_started', { trigger: 'api' }),
    'Offboarding started in every app (api)',
  )
  assert.equal(
    withApp(accountEventWords('linked', { after: { rule: 'email' } }), 'Sana'),
    'Linked the Sana account to the person by email',
  )
  assert.equal(
    withApp(
      accountEventWords('updated', {
        before: { active: true },
        after: { active: false, userName: 'ada' },
      }),
      'Sana',
    ),
    'A refresh of Sana showed the account changed (ada): inactive',
  )
  assert.equal(durationWords(42), '42 s')
  assert.equal(durationWords(3 * 3600), '3 h')
})

const row = (over: Partial<StepRow>): StepRow => ({
  id: 'op',
  appId: 'app',
  kind: 'deactivate',
  payload: {},
  status: 'planned',
  holdReason: null,
  attempts: 0,
  result: null,
  error: null,
  finishedAt: null,
  verifiedAt: null,
  task: null,
  ...over,
})

test('a step is verified once the refresh after apply read it back; the run waits for that', () => {
  assert.equal(stepState(row({}), true), 'planned')
  assert.equal(stepState(row({}), false), 'queued')
  assert.equal(stepState(row({ status: 'held' }), false), 'held')
  assert.equal(stepState(row({ status: 'applied' }), false), 'applied')
  assert.equal(
    stepState(row({ status: 'applied', verifiedAt: '2026-01-01T00:00:00Z' }), false),
    'verified',
  )
  assert.equal(
    stepState(row({ status: 'applied', kind: 'task', task: { id: 't', status: 'open' } }), false),
    'task_open',
  )
  assert.equal(runState(['verified', 'applied'], false), 'running')
  assert.equal(runState(['verified', 'failed'], false), 'failed')
  assert.equal(runState(['verified', 'held'], false), 'held')
  assert.equal(runState(['verified', 'task_open'], false), 'done')
  assert.equal(runState([], false), 'done')
  assert.equal(runState(['planned'], true), 'planned')
})
