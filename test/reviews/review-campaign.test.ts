import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect } from '../helpers/dialects.js'
import { eventually } from '../helpers/eventually.js'
import { DAY, itemsByKey, openReviewWorld, type ReviewWorld } from './review-world.js'

/**
 * Issue 18's access review, end to end over HTTP on a fixed clock: a campaign over Stensul, Okta
 * and Samepage snapshots accounts and grants with why each exists; the apps' owners decide part
 * of it (never their own access; a member who reviews nothing is refused); it cannot close early;
 * at the due date the default (revoke) applies to what is left; revocations become overrides
 * and plans applied through the emulators (verified by the refresh after apply) and a Samepage
 * task (verified only when the task is done and an import shows the role gone); then the
 * campaign completes and its report says who decided what, when, and when each was verified.
 */
eachDialect('access review campaign', (database) => {
  let w: ReviewWorld
  let reviewId = ''
  let dueAt = ''
  let items: Awaited<ReturnType<typeof itemsByKey>>
  const item = (key: string) => {
    const found = items.get(key)
    assert.ok(found, `${key} in ${[...items.keys()].join(' | ')}`)
    return found
  }

  before(async () => {
    w = await openReviewWorld(database)
  })
  after(async () => {
    await w?.close()
  })

  it('creates a campaign whose items carry their evidence', async () => {
    // An admin keeps Cy's Stensul Reviewer (no rule gives it) with an exception.
    const grants = await w.api('GET', `/api/apps/${w.apps.stensul}/entitlements`)
    const reviewer = grants.body.items.find((e: { name?: string; displayName?: string }) =>
      [e.name, e.displayName].includes('Reviewer'),
    )
    assert.ok(reviewer, JSON.stringify(grants.body))
    const holders = await w.api(
      'GET',
      `/api/apps/${w.apps.stensul}/entitlements/${reviewer.id}/grants`,
    )
    const cy = holders.body.items.find((h: { person?: { email?: string } }) =>
      JSON.stringify(h).includes('cy@acme.com'),
    )
    assert.ok(cy, JSON.stringify(holders.body))
    const exception = await w.api('POST', `/api/apps/${w.apps.stensul}/grant-exceptions`, {
      entitlementId: reviewer.id,
      accountId: cy.accountId ?? cy.account?.id,
      reason: 'covering for Bob',
      expiresAt: new Date(w.clock.now().getTime() + 60 * DAY).toISOString(),
    })
    assert.equal(exception.status, 201, exception.text)

    dueAt = new Date(w.clock.now().getTime() + 7 * DAY).toISOString()
    const created = await w.api('POST', '/api/reviews', {
      name: 'Q4 access review',
      scope: { apps: [w.apps.stensul, w.apps.okta, w.apps.samepage] },
      reviewers: { type: 'app_owner' },
      dueAt,
      default: 'revoke',
    })
    assert.equal(created.status, 201, created.text)
    reviewId = created.body.id
    assert.equal(created.body.status, 'open')
    items = await itemsByKey(w, reviewId)
    assert.equal(created.body.progress.items, items.size)
    assert.equal(created.body.progress.undecided, items.size)

    assert.equal(item('Stensul bob@acme.com Creator').evidence.reason, 'rule')
    assert.match(item('Stensul bob@acme.com Creator').evidence.words, /Creator/)
    assert.equal(item('Stensul bob@acme.com Reviewer').evidence.reason, 'none')
    const kept = item('Stensul cy@acme.com Reviewer').evidence
    assert.equal(kept.reason, 'exception')
    assert.equal(kept.exception.reason, 'covering for Bob')
    assert.equal(item('Okta bob@acme.com sales').evidence.reason, 'none')
    const account = item('Okta dee@acme.com account')
    assert.equal(account.evidence.reason, 'link')
    assert.ok(account.evidence.since, 'first seen')
    assert.equal(account.reviewer, 'owner@acme.com')
    assert.equal(item('Samepage bob@acme.com Viewers').reviewer, 'ada@acme.com')
    assert.equal(item('Stensul ada@acme.com Admin').entitlement.privileged, true)
  })

  it('refuses bad input with a 4xx and changes nothing', async () => {
    const base = {
      name: 'x',
      scope: { apps: [w.apps.okta] },
      reviewers: { type: 'app_owner' },
      default: 'keep',
    }
    const past = await w.api('POST', '/api/reviews', { ...base, dueAt: '2026-01-01T00:00:00Z' })
    assert.equal(past.status, 400)
    assert.equal(past.body.error.code, 'REVIEW_INVALID')
    assert.match(past.body.error.message, /not in the future/)
    const unknown = await w.api('POST', '/api/reviews', {
      ...base,
      dueAt,
      scope: { apps: ['nope'] },
      reviewers: { type: 'members', emails: ['nobody@acme.com'] },
    })
    assert.equal(unknown.status, 400)
    assert.deepEqual(unknown.body.error.details.problems, [
      "scope.apps[0]: no app 'nope' in this workspace",
      'reviewers.emails[0]: nobody@acme.com is not a member of this workspace',
    ])
    const filter = await w.api('POST', '/api/reviews', {
      ...base,
      dueAt,
      scope: { people: 'department eq' },
    })
    assert.equal(filter.status, 400)
    assert.equal((await w.api('GET', '/api/reviews')).body.reviews.length, 1, 'nothing created')
    assert.equal((await w.api('GET', '/api/reviews/nope')).status, 404)
    const unknownItem = await w.api('POST', `/api/reviews/${reviewId}/decisions`, {
      items: ['nope'],
      decision: 'keep',
      reason: 'fine',
    })
    assert.equal(unknownItem.status, 404)
    assert.equal(unknownItem.body.error.code, 'REVIEW_ITEM_NOT_FOUND')
    const modifyAccount = await w.api('POST', `/api/reviews/${reviewId}/decisions`, {
      items: [item('Okta dee@acme.com account').id],
      decision: 'modify',
      reason: 'x',
      note: 'y',
    })
    assert.equal(modifyAccount.status, 400)
    const noReason = await w.api('POST', `/api/reviews/${reviewId}/decisions`, {
      items: [item('Okta dee@acme.com account').id],
      decision: 'keep',
    })
    assert.equal(noReason.status, 400)
    assert.equal((await w.api('GET', `/api/reviews/${reviewId}`)).body.progress.decided, 0)
  })

  it('reviewers decide their items, never their own access; others are refused', async () => {
    const own = await w.ada(
      'POST',
      `/api/reviews/${reviewId}/items/${item('Samepage ada@acme.com Editors').id}/decision`,
      {
        decision: 'keep',
        reason: 'I need it',
      },
    )
    assert.equal(own.status, 403, JSON.stringify(own.body))
    assert.equal(own.body.error.code, 'REVIEW_OWN_ACCESS')
    const notHers = await w.ada(
      'POST',
      `/api/reviews/${reviewId}/items/${item('Okta bob@acme.com sales').id}/decision`,
      {
        decision: 'keep',
        reason: 'fine',
      },
    )
    assert.equal(notHers.status, 403)
    assert.equal(notHers.body.error.code, 'REVIEW_DECISION_FORBIDDEN')
    const stranger = await w.stranger('POST', `/api/reviews/${reviewId}/decisions/bulk`, {
      filter: {},
      decision: 'keep',
      reason: 'all fine',
    })
    assert.equal(stranger.status, 200, JSON.stringify(stranger.body))
    assert.equal(stranger.body.decided, 0, 'a member who reviews nothing decides nothing')

    // Ada's queue: Samepage's items but her own.
    const queue = await w.ada('GET', `/api/reviews/${reviewId}/items?reviewer=me&status=undecided`)
    assert.equal(queue.status, 200)
    assert.deepEqual(
      queue.body.items.map((i: { person: { email: string } }) => i.person.email).sort(),
      [
        'bob@acme.com',
        'bob@acme.com',
        'bob@acme.com',
        'cy@acme.com',
        'cy@acme.com',
        'dee@acme.com',
        'dee@acme.com',
      ],
    )
    // Ada keeps the Samepage accounts and Editors (the rule's) of others; bulk skips her own.
    const accounts = await w.ada('POST', `/api/reviews/${reviewId}/decisions/bulk`, {
      filter: { appId: w.apps.samepage, reasonKind: 'link' },
      decision: 'keep',
      reason: 'still works here',
    })
    assert.deepEqual(accounts.body, { decided: 3, skippedOwn: 1 })
    const editors = await w.ada('POST', `/api/reviews/${reviewId}/decisions/bulk`, {
      filter: { appId: w.apps.samepage, reasonKind: 'rule' },
      decision: 'keep',
      reason: 'the rule gives it',
    })
    assert.deepEqual(editors.body, { decided: 3, skippedOwn: 1 })
    // The admin decides Ada's own Samepage access.
    const adaOwn = await w.api('POST', `/api/reviews/${reviewId}/decisions`, {
      items: [item('Samepage ada@acme.com Editors').id, item('Samepage ada@acme.com account').id],
      decision: 'keep',
      reason: 'checked with her manager',
    })
    assert.deepEqual(adaOwn.body, { decided: 2 })

    // The owner of Stensul and Okta: keeps accounts and rule-given grants, keeps Ada's Admin,
    // revokes Cy's exception-kept Reviewer (modify: say what instead), Dee's Okta account.
    const owner = async (
      filter: Record<string, unknown>,
      decision: string,
      reason: string,
      note?: string,
    ) =>
      (
        await w.owner('POST', `/api/reviews/${reviewId}/decisions/bulk`, {
          filter,
          decision,
          reason,
          ...(note ? { note } : {}),
        })
      ).body
    assert.equal(
      (await owner({ appId: w.apps.stensul, reasonKind: 'link' }, 'keep', 'active user')).decided,
      4,
    )
    assert.equal(
      (
        await owner(
          {
            appId: w.apps.okta,
            kind: 'account',
            personId: item('Okta dee@acme.com account').person.id,
          },
          'revoke',
          'not in the Okta assignment',
        )
      ).decided,
      1,
    )
    assert.equal(
      (await owner({ appId: w.apps.okta, reasonKind: 'link' }, 'keep', 'active user')).decided,
      3,
    )
    assert.equal((await owner({ reasonKind: 'rule' }, 'keep', 'the rule gives it')).decided, 7)
    assert.equal(
      (
        await owner(
          { entitlementId: item('Stensul ada@acme.com Admin').entitlement.id },
          'keep',
          'she runs Stensul',
        )
      ).decided,
      1,
    )
    const modify = await w.owner(
      'POST',
      `/api/reviews/${reviewId}/items/${item('Stensul cy@acme.com Reviewer').id}/decision`,
      {
        decision: 'modify',
        reason: 'the cover ended',
        note: 'Creator is enough',
      },
    )
    assert.equal(modify.status, 200, JSON.stringify(modify.body))
    assert.equal(modify.body.decision, 'modify')
    assert.equal(modify.body.decidedBy.email, 'owner@acme.com')
    const progress = (await w.api('GET', `/api/reviews/${reviewId}`)).body.progress
    // Left undecided: Bob's Stensul Reviewer, Okta sales and Samepage Viewers (all excess), and
    // Dee's Okta Everyone (no rule gives it to someone Okta does not assign).
    assert.equal(progress.undecided, 4, JSON.stringify(progress))
  })

  it('cannot close early; closes at the due date with the default for what is left', async () => {
    const early = await w.api('POST', `/api/reviews/${reviewId}/close`)
    assert.equal(early.status, 409)
    assert.equal(early.body.error.code, 'REVIEW_NOT_DUE')
    assert.equal((await w.api('GET', `/api/reviews/${reviewId}`)).body.status, 'open')
    assert.equal((await w.services.reviews.runRound()).closed, 0)

    w.clock.set(new Date(Date.parse(dueAt) + 60_000))
    const round = await w.services.reviews.runRound()
    assert.equal(round.closed, 1)
    const closed = (await w.api('GET', `/api/reviews/${reviewId}`)).body
    assert.equal(closed.status, 'closed')
    assert.equal(closed.progress.undecided, 0)
    items = await itemsByKey(w, reviewId)
    const defaulted = [...items.values()]
      .filter((i) => i.byDefault)
      .map((i) => `${i.app.name} ${i.person.email} ${i.entitlement?.name}`)
    assert.deepEqual(defaulted.sort(), [
      'Okta bob@acme.com sales',
      'Okta dee@acme.com Everyone',
      'Samepage bob@acme.com Viewers',
      'Stensul bob@acme.com Reviewer',
    ])
    const late = await w.api(
      'POST',
      `/api/reviews/${reviewId}/items/${item('Okta bob@acme.com Everyone').id}/decision`,
      {
        decision: 'revoke',
        reason: 'too late',
      },
    )
    assert.equal(late.status, 409)
    assert.equal(late.body.error.code, 'REVIEW_CLOSED')
  })

  it('revocations apply through Stensul and Okta and are verified by the next listing', async () => {
    const revoked = [
      'Okta bob@acme.com sales',
      'Okta dee@acme.com account',
      'Okta dee@acme.com Everyone',
      'Stensul bob@acme.com Reviewer',
      'Stensul cy@acme.com Reviewer',
    ]
    // The server's apply worker carries the plans out through the emulators, then lists each
    // app again; retries (a refresh meeting another one's lease) wait on the hub's clock.
    await eventually(
      'Stensul and Okta revocations verified',
      async () => {
        w.clock.advance(30_000)
        await w.services.reviews.runRound()
        const now = await itemsByKey(w, reviewId)
        return revoked.map((key) => [key, now.get(key)?.revocation])
      },
      (now) => now.every(([, revocation]) => revocation === 'verified'),
    )
    const verifiedItems = await itemsByKey(w, reviewId)
    for (const key of revoked) assert.ok(verifiedItems.get(key)?.verifiedAt, key)
    assert.equal(
      verifiedItems.get('Samepage bob@acme.com Viewers')?.revocation,
      'awaiting_verification',
    )
    const stensulReviewer = w.stensul.roles.find((r) => r.displayName === 'Reviewer')
    assert.deepEqual(stensulReviewer?.memberIds, [], 'Bob and Cy left Reviewer in Stensul')
    assert.equal((await w.api('GET', `/api/reviews/${reviewId}`)).body.status, 'closed')
  })

  it('a Samepage revocation waits for its task and an import that shows it gone', async () => {
    const viewers = (await itemsByKey(w, reviewId)).get('Samepage bob@acme.com Viewers')
    const tasks = await eventually(
      'the Samepage task',
      async () =>
        (await w.api('GET', '/api/tasks?status=open')).body.tasks as Array<Record<string, any>>,
      (list) => list.some((t) => t.appId === w.apps.samepage),
    )
    const task = tasks.find((t) => t.appId === w.apps.samepage)
    assert.ok(task)
    assert.match(JSON.stringify(task.details), /Viewers/)
    const done = await w.api('POST', `/api/tasks/${task.id}/complete`, {
      evidence: 'removed in Members',
    })
    assert.equal(done.status, 200, done.text)
    await w.services.reviews.runRound()
    await w.refresh(w.apps.samepage)
    await w.services.reviews.runRound()
    assert.equal(
      (await itemsByKey(w, reviewId)).get('Samepage bob@acme.com Viewers')?.revocation,
      'awaiting_verification',
      'no import yet',
    )
    assert.equal((await w.api('GET', `/api/reviews/${reviewId}`)).body.status, 'closed')

    w.clock.advance(3_600_000)
    await w.uploadSamepage([
      'ada@acme.com,Ada,active,Editors',
      'bob@acme.com,Bob,active,Editors',
      'cy@acme.com,Cy,active,Editors',
      'dee@acme.com,Dee,active,Editors',
    ])
    await w.refresh(w.apps.samepage)
    const round = await w.services.reviews.runRound()
    assert.deepEqual(
      { verified: round.verified, completed: round.completed },
      { verified: 1, completed: 1 },
    )
    const after = (await itemsByKey(w, reviewId)).get('Samepage bob@acme.com Viewers')
    assert.equal(after?.id, viewers?.id)
    assert.equal(after?.revocation, 'verified')
    const done2 = (await w.api('GET', `/api/reviews/${reviewId}`)).body
    assert.equal(done2.status, 'completed')
    assert.equal(done2.progress.verified, 6)
  })

  it('reports decisions, deciders, and verification as JSON, CSV and HTML', async () => {
    const json = await w.api('GET', `/api/reviews/${reviewId}/report?format=json`)
    assert.equal(json.status, 200)
    assert.equal(json.body.review.status, 'completed')
    const modified = json.body.items.find((i: any) => i.decision === 'modify')
    assert.equal(modified.note, 'Creator is enough')
    assert.equal(modified.decidedBy.email, 'owner@acme.com')
    assert.ok(modified.verifiedAt)
    const csv = await w.api('GET', `/api/reviews/${reviewId}/report?format=csv`)
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/)
    const lines = csv.text.trim().split('\r\n')
    assert.equal(lines.length, json.body.items.length + 1)
    assert.ok(
      lines.some(
        (l) =>
          l.includes('Viewers') && l.includes('default at the due date') && l.includes('verified'),
      ),
    )
    const html = await w.api('GET', `/api/reviews/${reviewId}/report?format=html`)
    assert.match(html.text, /<h1>Access review: Q4 access review<\/h1>/)
    assert.equal((await w.api('GET', `/api/reviews/${reviewId}/report?format=pdf`)).status, 400)
    const events = await w.store.db
      .selectFrom('events')
      .select('type')
      .where('type', 'like', 'review.%')
      .execute()
    const types = new Set(events.map((e) => e.type))
    for (const type of [
      'review.created',
      'review.decided',
      'review.closed',
      'review.overdue',
      'review.item_verified',
      'review.completed',
    ])
      assert.ok(types.has(type), type)
  })

  it('refuses another workspace', async () => {
    const services = w.services
    const other = (
      await services.workspaces.create(
        { slug: 'other', plan: 'enterprise' },
        { type: 'system', id: null },
      )
    ).id
    const token = await services.apiTokens.create(
      { workspaceId: other, scopes: ['integrations:read', 'integrations:manage'] },
      { type: 'system', id: null },
    )
    const call = async (method: string, route: string, body?: unknown) =>
      fetch(`${w.hub.url}${route}`, {
        method,
        headers: {
          authorization: `Bearer ${token.token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      })
    assert.equal((await call('GET', `/api/reviews/${reviewId}`)).status, 404)
    assert.equal((await call('GET', `/api/reviews/${reviewId}/items`)).status, 404)
    assert.equal((await call('GET', `/api/reviews/${reviewId}/report?format=csv`)).status, 404)
    assert.equal((await call('POST', `/api/reviews/${reviewId}/close`)).status, 404)
    const decide = await call('POST', `/api/reviews/${reviewId}/decisions`, {
      items: ['x'],
      decision: 'keep',
      reason: 'x',
    })
    assert.equal(decide.status, 404)
    const foreignApp = await call('POST', '/api/reviews', {
      name: 'steal',
      scope: { apps: [w.apps.okta] },
      reviewers: { type: 'app_owner' },
      dueAt: new Date(w.clock.now().getTime() + DAY).toISOString(),
      default: 'keep',
    })
    assert.equal(foreignApp.status, 400)
    assert.equal((await call('GET', '/api/reviews')).status, 200)
    assert.deepEqual(
      ((await (await call('GET', '/api/reviews')).json()) as { reviews: unknown[] }).reviews,
      [],
    )
  })
})
