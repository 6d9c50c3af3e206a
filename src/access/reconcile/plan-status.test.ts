import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { planHeadline, planStatusOf } from './plan-status.js'

const plan = (counts: Record<string, number>) => ({ create: 77, ...counts })

describe('plan status', () => {
  it('follows the operations, and says where the plan stands in words', () => {
    const cases: Array<[Record<string, number>, string, string]> = [
      [{ planned: 77 }, 'ready', 'A dry run: nothing applied yet; 77 operations ready to apply.'],
      [
        { planned: 72, held: 5 },
        'held',
        'Nothing applied yet: 77 operations; 5 held for approval.',
      ],
      [
        { running: 40, applied: 32, held: 5 },
        'applying',
        'Applying: 32 of 77 applied so far, 40 in progress; 5 held for approval.',
      ],
      [{ applied: 72, held: 5 }, 'partly_applied', '72 of 77 applied; 5 held for approval.'],
      [{ applied: 70, failed: 7 }, 'partly_applied', '70 of 77 applied; 7 failed.'],
      [{ applied: 70, skipped: 7 }, 'applied', 'All 77 operations applied.'],
      [{ applied: 72, rejected: 5 }, 'applied', '72 of 77 applied; 5 rejected.'],
      [{ failed: 77 }, 'failed', '0 of 77 applied; 77 failed.'],
    ]
    for (const [counts, status, headline] of cases) {
      assert.equal(planStatusOf(plan(counts)), status, JSON.stringify(counts))
      assert.equal(planHeadline(plan(counts)), headline)
    }
    assert.equal(planHeadline({}), 'Nothing to change: every app already matches.')
  })
})
