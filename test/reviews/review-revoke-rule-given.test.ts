import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect } from '../helpers/dialects.js'
import { eventually } from '../helpers/eventually.js'
import { DAY, itemsByKey, openReviewWorld, type ReviewWorld } from './review-world.js'

/**
 * A review's revoke outranks the app's rules (reconciliation honours access overrides), so a
 * grant a rule gives (Bob's Creator in Stensul, granted to everyone) and an account the
 * assignment gives (Cy's Okta account) are planned for removal, applied, verified, and not
 * granted again by the next plan.
 */
eachDialect('access review: revoking what a rule gives', (database) => {
  let w: ReviewWorld
  before(async () => {
    w = await openReviewWorld(database)
  })
  after(async () => {
    await w?.close()
  })

  it('revokes a rule-given grant and an assigned account, verified, not re-granted', async () => {
    const created = await w.api('POST', '/api/reviews', {
      name: 'rule-given',
      scope: { apps: [w.apps.stensul, w.apps.okta] },
      reviewers: { type: 'app_owner' },
      dueAt: new Date(w.clock.now().getTime() + DAY).toISOString(),
      default: 'keep',
    })
    assert.equal(created.status, 201, created.text)
    const id = created.body.id
    const items = await itemsByKey(w, id)
    const creator = items.get('Stensul bob@acme.com Creator')
    const account = items.get('Okta cy@acme.com account')
    assert.equal(creator?.evidence.reason, 'rule')
    const revoke = await w.api('POST', `/api/reviews/${id}/decisions`, {
      items: [creator?.id, account?.id],
      decision: 'revoke',
      reason: 'no longer needed',
    })
    assert.deepEqual(revoke.body, { decided: 2 })
    const rest = await w.api('POST', `/api/reviews/${id}/decisions/bulk`, {
      filter: {},
      decision: 'keep',
      reason: 'fine',
    })
    assert.equal(rest.status, 200)
    const closed = await w.api('POST', `/api/reviews/${id}/close`)
    assert.equal(closed.status, 200, closed.text)
    await eventually(
      'rule-given revocations verified',
      async () => {
        w.clock.advance(30_000)
        await w.services.reviews.runRound()
        return (await w.api('GET', `/api/reviews/${id}`)).body
      },
      (review) => review.status === 'completed',
    )
    const run = { trigger: 'cli', actor: { type: 'system', id: null } } as const
    const again = await w.services.reconcile.createPlan(w.ws, { appId: w.apps.stensul }, run)
    // The app's other drift (people nobody reviewed) is planned as before; nothing for Bob.
    assert.deepEqual(
      again.operations
        .filter((op) => op.personEmail === 'bob@acme.com')
        .map((op) => `${op.kind} ${op.personEmail}`),
      [],
      'the rule does not grant Creator to Bob again while the review’s override stands',
    )
  })
})
