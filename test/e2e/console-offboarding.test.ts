import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { setTimeout as delay } from 'node:timers/promises'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { e2eSkipReason, screenshot } from './helpers/browser.js'
import {
  assertAccessible,
  type ConsoleFixture,
  signIn,
  startConsole,
} from './helpers/console-fixture.js'
import { connectSanaApp, refreshApp } from './helpers/sana-app.js'

const OFFBOARD_REASON = 'HR: her last day was Friday'
const REJECT_REASON = 'Cy stays on payroll until the audit ends'

/**
 * The admin's walk of issue 19, in Chromium: offboard someone HR still lists as active, see the
 * offboarding stick in the next workspace plan and on the person, and see a rejection answer the
 * same question in the plan after. Sana deactivates at once; Payroll (also emulated) asks first.
 */
describe('console offboarding walk (Chromium)', { skip: e2eSkipReason() }, () => {
  let f: ConsoleFixture
  let sana: SanaEmulator
  let payroll: SanaEmulator
  let deeId: string
  let sanaId: string
  const main = () => f.page.getByRole('main')
  const section = (name: string) => main().getByRole('region', { name, exact: true })
  const sanaActive = (email: string) =>
    [...sana.state.users.values()].find((u) => u.resource.userName === email)?.resource.active

  before(async () => {
    f = await startConsole()
    sana = await startSanaEmulator()
    payroll = await startSanaEmulator()
    sanaId = await connectSanaApp(f, sana, { name: 'Sana' })
    await connectSanaApp(f, payroll, { name: 'Payroll', policy: { approve: ['deactivate'] } })
    const dee = await f.server.hub.services.graph.resolvePerson(
      f.server.workspace.id,
      'dee@acme.com',
    )
    deeId = dee.id
    await signIn(f, f.seeded.admin)
  })
  after(async () => {
    await f?.close()
    await Promise.all([sana?.close(), payroll?.close()])
  })

  it('offboards a person the source still lists as active, with a reason', async () => {
    const { page } = f
    await page.goto(f.url(`/people/${deeId}`))
    await page.getByRole('heading', { level: 1, name: 'Dee Park' }).waitFor()
    await main().getByRole('button', { name: 'Offboard', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Offboard Dee Park' })
    await dialog.getByLabel('Reason').fill(OFFBOARD_REASON)
    await screenshot(page, 'person-offboard-dialog')
    await assertAccessible(f, 'the offboard dialog')
    await dialog.getByRole('button', { name: 'Offboard', exact: true }).click()
    await main().getByRole('status').getByText('Dee Park is being offboarded.').waitFor()
    const state = main().locator('.fact', { hasText: 'Status' })
    await state.getByText('offboarded', { exact: true }).waitFor()
    await state.getByText(`by admin@acme.com`, { exact: false }).waitFor()
    await state.getByText(OFFBOARD_REASON, { exact: false }).waitFor()
    await state.getByText('the sources still say active', { exact: false }).waitFor()
    await main().getByRole('button', { name: 'Reverse offboarding' }).waitFor()
    await screenshot(page, 'person-offboarded')
    await assertAccessible(f, 'an offboarded person')
    // The server's worker carries the plan out: Sana deactivates at once (Payroll asks first).
    await waitFor('Dee deactivated in Sana', () => sanaActive('dee@acme.com') === false)
  })

  it('keeps her out in the next workspace plan, and shows what it could not plan', async () => {
    const { page } = f
    await refreshApp(f, sanaId)
    const planId = await planTheWorkspace()
    const operations = section('Operations')
    await operations.getByRole('row', { name: /cy@acme\.com in Sana / }).waitFor()
    assert.equal(await operations.getByRole('row', { name: /Reactivate dee@acme\.com/ }).count(), 0)
    // Samepage and the quarantined Wiki were never read: the plan says it planned nothing there.
    await section('Notes')
      .getByText(/^Wiki: .*nothing planned/)
      .waitFor()
    const plan = await f.server.hub.services.reconcile.getPlan(f.server.workspace.id, planId)
    const dee = plan.operations.filter((op) => op.personEmail === 'dee@acme.com')
    assert.deepEqual(
      dee.filter((op) => op.kind === 'reactivate' || op.kind === 'create'),
      [],
      JSON.stringify(dee),
    )
    assert.equal(sanaActive('dee@acme.com'), false)
    await screenshot(page, 'plan-after-offboarding')
    await assertAccessible(f, 'a plan with notes')
  })

  it('remembers a rejection: the next plan says who rejected it and why', async () => {
    const { page } = f
    const waiting = section('Waiting for approval')
    const reject = waiting.getByRole('button', {
      name: 'Reject: Deactivate cy@acme.com in Payroll',
    })
    await reject.click()
    const dialog = page.getByRole('dialog', { name: 'Reject operation' })
    await dialog.getByLabel('Reason').fill(REJECT_REASON)
    await dialog.getByRole('button', { name: 'Reject', exact: true }).click()
    await main()
      .getByRole('status')
      .getByText('Rejected: Deactivate cy@acme.com in Payroll.')
      .waitFor()
    await planTheWorkspace()
    const row = section('Operations').getByRole('row', { name: /cy@acme\.com in Payroll/ })
    await row.getByText('rejected', { exact: true }).waitFor()
    await row.getByText(`rejected earlier by admin@acme.com: ${REJECT_REASON}`).waitFor()
    assert.equal(
      await waiting.getByRole('row', { name: /cy@acme\.com in Payroll/ }).count(),
      0,
      'not asked again',
    )
    await screenshot(page, 'plan-rejected-earlier')
  })

  it('reverses the offboarding with a reason', async () => {
    const { page } = f
    await page.goto(f.url(`/people/${deeId}`))
    await main().getByRole('button', { name: 'Reverse offboarding' }).click()
    const dialog = page.getByRole('dialog', { name: 'Reverse the offboarding of Dee Park' })
    await dialog.getByRole('button', { name: 'Reverse offboarding' }).click()
    await dialog.getByText('Say why').waitFor()
    await dialog.getByLabel('Reason').fill('She stays on as a contractor')
    await dialog.getByRole('button', { name: 'Reverse offboarding' }).click()
    await main()
      .getByRole('status')
      .getByText('The offboarding of Dee Park was reversed.')
      .waitFor()
    const state = main().locator('.fact', { hasText: 'Status' })
    await state.getByText('active', { exact: true }).waitFor()
    await main().getByRole('button', { name: 'Offboard', exact: true }).waitFor()
  })

  /** Plans → "Plan the workspace": the console opens the new plan. */
  async function planTheWorkspace(): Promise<string> {
    const { page } = f
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Plans' })
      .click()
    await page.getByRole('heading', { level: 1, name: 'Plans' }).waitFor()
    const before = page.url()
    await main().getByRole('button', { name: 'Plan the workspace' }).click()
    await page.waitForURL((url) => url.href !== before && /\/plans\/[^/?]+$/.test(url.pathname))
    await page.getByRole('heading', { level: 1, name: 'Workspace reconcile' }).waitFor()
    return decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '')
  }
})

/** Waits for something the server does in the background (a budget, never a fixed sleep). */
async function waitFor(what: string, done: () => boolean): Promise<void> {
  for (const until = Date.now() + 20_000; Date.now() < until; await delay(50)) if (done()) return
  throw new Error(`${what} did not happen`)
}
