import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { managementApi } from '../helpers/http.js'
import { createMember } from '../helpers/oauth.js'
import { e2eSkipReason, screenshot } from './helpers/browser.js'
import {
  assertAccessible,
  type ConsoleFixture,
  checkBothWidths,
  signIn,
  startConsole,
  WIDE,
} from './helpers/console-fixture.js'
import { connectSanaApp } from './helpers/sana-app.js'

const DAY = 86_400_000

type ReviewItem = { id: string; decision: string | null; reason: string | null }

/**
 * Issue 18 in Chromium: a campaign over Sana's five accounts (created through the API), its
 * progress on the list, and a reviewer deciding three items from the keyboard while the
 * campaign's progress follows. A member is never let decide their own access: the refusal is
 * shown on the item and nothing changes.
 */
describe('console access reviews (Chromium)', { skip: e2eSkipReason() }, () => {
  let f: ConsoleFixture
  let sana: SanaEmulator
  let reviewId: string
  let itemCount: number
  let ann: { email: string; password: string }
  const main = () => f.page.getByRole('main')
  const api = () => managementApi(f.server)
  const items = async (): Promise<ReviewItem[]> =>
    (await api()('GET', `/api/reviews/${reviewId}/items`)).body.items

  before(async () => {
    f = await startConsole()
    sana = await startSanaEmulator()
    const sanaId = await connectSanaApp(f, sana, { name: 'Sana' })
    ann = await createMember(f.server, 'ann@acme.com', 'admin')
    const created = await api()('POST', '/api/reviews', {
      name: 'Q4 Sana review',
      scope: { apps: [sanaId] },
      reviewers: { type: 'members', emails: [f.seeded.admin.email] },
      dueAt: new Date(Date.now() + 14 * DAY).toISOString(),
      default: 'revoke',
    })
    assert.equal(created.status, 201, created.text)
    reviewId = created.body.id
    itemCount = created.body.progress.items
    assert.ok(itemCount >= 5, `an item per Sana account: ${created.text}`)
    await signIn(f, f.seeded.admin)
  })
  after(async () => {
    await f?.close()
    await sana?.close()
  })

  it('lists the campaign with its progress, revocations and due date', async () => {
    const { page } = f
    await page.setViewportSize(WIDE)
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Reviews' })
      .click()
    await page.getByRole('heading', { level: 1, name: 'Access reviews' }).waitFor()
    const row = main().getByRole('row', { name: /Q4 Sana review/ })
    await row.getByRole('cell', { name: `0 of ${itemCount} decided` }).waitFor()
    await row.getByRole('cell', { name: 'No revocations' }).waitFor()
    await checkBothWidths(f, 'reviews', 'the access reviews')
  })

  it('decides three items from the keyboard, the progress following each decision', async () => {
    const { page } = f
    await main().getByRole('link', { name: 'Q4 Sana review' }).click()
    await page.getByRole('heading', { level: 1, name: 'Q4 Sana review' }).waitFor()
    const progress = main()
      .getByRole('status')
      .filter({ hasText: /decided$/ })
    await progress.filter({ hasText: `0 of ${itemCount} decided` }).waitFor()
    await main().getByText('K keep · R revoke · J or ↓ next · ↑ previous').waitFor()

    // The keys act only with focus in the queue (WCAG 2.1.4): K elsewhere does nothing.
    await page.keyboard.press('k')
    assert.equal(
      await main()
        .getByText(/^Give a reason first/)
        .count(),
      0,
      'K outside the queue',
    )
    // In the queue, with no reason yet: K asks for one and decides nothing.
    await main()
      .getByRole('listitem')
      .first()
      .getByText(/^Linked by/)
      .click()
    await page.keyboard.press('k')
    await main()
      .getByText(/^Give a reason first/)
      .waitFor()
    assert.ok((await items()).every((item) => item.decision === null))

    const reason = main().getByLabel('Reason for your decisions')
    await reason.fill('Q4 review with the Sana owner')
    await reason.press('Enter')
    await page.keyboard.press('k')
    await progress.filter({ hasText: `1 of ${itemCount} decided` }).waitFor()
    await page.keyboard.press('r')
    await progress.filter({ hasText: `2 of ${itemCount} decided` }).waitFor()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('k')
    await progress.filter({ hasText: `3 of ${itemCount} decided` }).waitFor()
    await main().getByText('2 kept, 1 revoked').waitFor()

    const decided = await items()
    assert.deepEqual(
      decided.map((item) => item.decision),
      ['keep', 'revoke', null, 'keep', ...Array(itemCount - 4).fill(null)],
      'the first two, then the fourth (↓ skipped the third)',
    )
    assert.equal(decided[0]?.reason, 'Q4 review with the Sana owner')
    await checkBothWidths(f, 'review-queue', 'a reviewer’s queue')
  })

  it('refuses a decision on one’s own access inline, changing nothing', async () => {
    const { page } = f
    await f.context.clearCookies()
    await signIn(f, ann, `/reviews/${reviewId}`)
    await page.getByRole('heading', { level: 1, name: 'Q4 Sana review' }).waitFor()
    await main()
      .getByText(/^Nothing in this campaign is yours to decide/)
      .waitFor()
    await main().getByLabel('Show').selectOption('all')
    const before = await items()
    await main()
      .getByRole('button', { name: /^Keep: ann@acme\.com,/ })
      .click()
    const refusal = main()
      .getByRole('alert')
      .filter({ hasText: /^This is your own access/ })
    await refusal.waitFor()
    assert.doesNotMatch(await refusal.innerText(), /[0-9a-f]{8}-[0-9a-f]{4}-/, 'names, not ids')
    await main()
      .getByRole('status')
      .filter({ hasText: `3 of ${itemCount} decided` })
      .waitFor()
    assert.deepEqual(await items(), before, 'the refused decision changed nothing')
    await screenshot(page, 'review-own-access-1440')
    await assertAccessible(f, 'a refused decision')
  })
})
