import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { GrantRule } from '../apps/index.js'
import type { Inclusion } from './person-access-words.js'
import { grantReason } from './person-grant-reasons.js'

const NOW = '2026-06-01T00:00:00.000Z'
const inclusion: Inclusion = {
  ...{ appName: 'Docs', assignmentText: 'everyone', assigned: true },
  ...{ status: 'active', offboarded: false },
}
const rule = (id: string, extra: Partial<GrantRule> = {}): GrantRule => ({
  ...{ id, entitlementId: 'ent-1', entitlementName: 'Editors', createdAt: NOW },
  ...extra,
})
const base = {
  appName: 'Docs',
  entitlementId: 'ent-1',
  selected: new Set<string>(),
  inclusion,
  exception: undefined,
  now: NOW,
}

describe('grantReason: why a person holds a grant', () => {
  it('a rule that selects them: the rule, by id and in words', () => {
    assert.deepEqual(grantReason({ ...base, rules: [rule('gr1')] }), {
      kind: 'rule',
      words: 'Granted by the rule Editors (everyone assigned)',
      rule: { id: 'gr1', text: 'Editors (everyone assigned)' },
    })
    const filtered = rule('gr2', { filter: 'department eq "Sales"' })
    assert.equal(grantReason({ ...base, rules: [filtered] }).kind, 'none')
    assert.equal(
      grantReason({ ...base, rules: [filtered], selected: new Set(['gr2']) }).kind,
      'rule',
    )
  })

  it('an exception when no rule gives it; none (the listing) otherwise', () => {
    const exception = { id: 'gx', reason: 'audit season', expiresAt: '2026-07-01T00:00:00.000Z' }
    assert.deepEqual(grantReason({ ...base, rules: [], exception }), {
      kind: 'exception',
      words: 'Kept by an exception until 2026-07-01T00:00:00.000Z: audit season',
      exception,
    })
    assert.deepEqual(grantReason({ ...base, rules: [] }), {
      kind: 'none',
      words: "No rule grants this: it was found in Docs's listing",
    })
  })

  it('an expired rule or a person no longer entitled gives no rule reason', () => {
    const expired = rule('gr1', { until: '2026-05-01T00:00:00.000Z' })
    const reason = grantReason({ ...base, rules: [expired] })
    assert.equal(reason.kind, 'none')
    assert.match(reason.words, /expired at 2026-05-01/)
    const gone = { ...inclusion, status: 'inactive' as const }
    assert.equal(grantReason({ ...base, rules: [rule('gr1')], inclusion: gone }).kind, 'none')
  })
})
