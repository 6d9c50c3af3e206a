import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiError } from '../../api/client.js'
import type { ReviewItem } from '../../api/review-types.js'
import { accessWords, decisionWords, refusalWords, revocationWords } from './review-words.js'
import { actionOf } from './use-queue-keys.js'

const item: ReviewItem = {
  id: '01a25354-1916-7f12-b191-a92b7e238ef1',
  position: 0,
  kind: 'grant',
  app: { id: 'app-1', name: 'Sana' },
  person: { id: 'p-1', email: 'ann@acme.com' },
  account: { id: 'a-1', userName: 'ann' },
  entitlement: { id: 'e-1', name: 'Admin', privileged: true },
  reviewer: 'it@acme.com',
  evidence: { reason: 'rule', words: 'Given by a rule', lastLoginAt: null, since: '2026-12-01' },
  decision: null,
  reason: null,
  decidedAt: null,
  byDefault: false,
  revocation: null,
}

describe('access review words', () => {
  it('names the access held, an account or a privileged grant', () => {
    assert.equal(accessWords(item), 'Admin (privileged) in Sana')
    assert.equal(accessWords({ ...item, entitlement: null }), 'account ann in Sana')
  })

  it('says decisions, and those the default made', () => {
    assert.equal(decisionWords(item), 'Undecided')
    assert.equal(
      decisionWords({ ...item, decision: 'revoke', byDefault: true }),
      'Revoked (by default)',
    )
  })

  it('counts revocations only once there are some', () => {
    const progress = {
      items: 4,
      decided: 2,
      undecided: 2,
      kept: 1,
      revoked: 0,
      awaitingVerification: 0,
      verified: 0,
    }
    assert.equal(revocationWords(progress), 'No revocations')
    assert.equal(
      revocationWords({ ...progress, revoked: 3, awaitingVerification: 2, verified: 1 }),
      '2 awaiting verification · 1 verified',
    )
  })

  it('says a refusal about the item, never its id', () => {
    const own = new ApiError(403, 'REVIEW_OWN_ACCESS', `Item ${item.id} is about your own access.`)
    const words = refusalWords(own, item)
    assert.match(words, /^This is your own access \(ann@acme\.com\)/)
    assert.doesNotMatch(words, new RegExp(item.id))
    assert.match(
      refusalWords(new ApiError(403, 'REVIEW_DECISION_FORBIDDEN', 'x'), item),
      /it@acme\.com/,
    )
  })

  it('maps the queue keys, and nothing else', () => {
    assert.deepEqual(['k', 'R', 'j', 'ArrowDown', 'ArrowUp', 'x', 'Enter'].map(actionOf), [
      'keep',
      'revoke',
      'next',
      'next',
      'previous',
      null,
      null,
    ])
  })
})
