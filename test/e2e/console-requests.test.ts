import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { managementApi } from '../helpers/http.js'
import { e2eSkipReason, screenshot } from './helpers/browser.js'
import {
  assertAccessible,
  type ConsoleFixture,
  checkBothWidths,
  signIn,
  startConsole,
  WIDE,
} from './helpers/console-fixture.js'

/**
 * Issue 18's access requests in Chromium: two requests for a Samepage account (Bob's, Eve's),
 * filed through the API, wait for the admin's approval; the admin rejects one and approves the
 * other, each with a reason, and the list empties.
 */
describe('console access requests (Chromium)', { skip: e2eSkipReason() }, () => {
  let f: ConsoleFixture
  const ids: Record<'bob' | 'eve', string> = { bob: '', eve: '' }
  const main = () => f.page.getByRole('main')
  const status = async (id: string) =>
    (await managementApi(f.server)('GET', `/api/access-requests/${id}`)).body.status

  before(async () => {
    f = await startConsole()
    for (const who of ['bob', 'eve'] as const) {
      const created = await managementApi(f.server)('POST', '/api/access-requests', {
        appId: f.seeded.samepageId,
        personId: `${who}@acme.com`,
        reason: `${who} joins the launch team`,
        duration: '7d',
      })
      assert.equal(created.status, 201, created.text)
      ids[who] = created.body.id
    }
    await signIn(f, f.seeded.admin)
  })
  after(async () => {
    await f?.close()
  })

  it('lists what waits for approval, named, and decides each with a reason', async () => {
    const { page } = f
    await page.setViewportSize(WIDE)
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Requests' })
      .click()
    await page.getByRole('heading', { level: 1, name: 'Access requests' }).waitFor()
    const bobRow = main().getByRole('row', { name: /Bob Ray/ })
    await bobRow.getByRole('cell', { name: 'An account in Samepage' }).waitFor()
    await bobRow.getByRole('cell', { name: 'bob joins the launch team' }).waitFor()
    await bobRow.getByRole('cell', { name: '7 days' }).waitFor()
    await checkBothWidths(f, 'requests', 'the access requests')

    await bobRow.getByRole('button', { name: /^Reject the request/ }).click()
    const reject = page.getByRole('dialog', { name: 'Reject this request' })
    await reject.getByLabel('Reason').fill('Samepage seats are for the launch leads only')
    await reject.getByRole('button', { name: 'Reject', exact: true }).click()
    await main().getByRole('status').filter({ hasText: 'Request rejected.' }).waitFor()
    await main()
      .getByRole('row', { name: /Bob Ray/ })
      .waitFor({ state: 'detached' })
    assert.equal(await status(ids.bob), 'rejected')

    const eveRow = main().getByRole('row', { name: /Eve Moss/ })
    await eveRow.getByRole('button', { name: /^Approve the request/ }).click()
    const approve = page.getByRole('dialog', { name: 'Approve this request' })
    await approve.getByLabel('Reason').fill('Eve leads the launch')
    await approve.getByRole('button', { name: 'Approve', exact: true }).click()
    await main()
      .getByText(/^Nothing waits for your approval/)
      .waitFor()
    assert.equal(await status(ids.eve), 'approved')
    await assertAccessible(f, 'the access requests once decided')
  })

  it('shows the member’s own requests, and what to do when there are none', async () => {
    const { page } = f
    await main().getByRole('link', { name: 'My requests' }).click()
    await main()
      .getByText(/^You have asked for nothing yet/)
      .waitFor()
    await screenshot(page, 'requests-mine-1440')
    await assertAccessible(f, 'the member’s own requests')
  })
})
