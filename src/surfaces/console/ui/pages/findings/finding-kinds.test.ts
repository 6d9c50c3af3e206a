import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Finding } from '../../api/types.js'
import { FINDING_KINDS, KIND_MEANINGS, subjectOf } from './finding-kinds.js'

const base: Finding = {
  appId: 'app-1',
  kind: 'excess_grant',
  subjectKey: 'p1|e1',
  personId: 'p1',
  personEmail: 'alice@acme.com',
  accountId: 'a1',
  evidence: {},
  since: '2026-12-01T00:00:00.000Z',
  lastSeenAt: '2026-12-01T00:00:00.000Z',
}

describe('finding words (findings page)', () => {
  it('has a meaning for every kind, grants included', () => {
    for (const kind of ['missing_grant', 'excess_grant', 'privileged_grant', 'residual_grant'])
      assert.ok(FINDING_KINDS.includes(kind as Finding['kind']), kind)
    for (const kind of FINDING_KINDS) {
      assert.ok(KIND_MEANINGS[kind], kind)
    }
  })

  it('names the entitlement of a grant finding beside its holder', () => {
    const evidence = { entitlement: { displayName: 'Admin', kind: 'role', privileged: true } }
    assert.equal(subjectOf({ ...base, evidence }), 'alice@acme.com: role Admin (privileged)')
    assert.equal(subjectOf(base), 'alice@acme.com')
    const orphan = { ...base, personEmail: null, evidence: { account: { userName: 'x@a.com' } } }
    assert.equal(subjectOf(orphan), 'x@a.com')
  })
})
