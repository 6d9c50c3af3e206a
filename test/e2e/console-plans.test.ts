import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { e2eSkipReason, screenshot } from './helpers/browser.js'
import {
  assertAccessible,
  type ConsoleFixture,
  signIn,
  startConsole,
} from './helpers/console-fixture.js'
import { connectSanaApp } from './helpers/sana-app.js'

const ACTOR = { type: 'cli', id: null } as const

/**
 * Reconciliation in the console: the dashboard's open findings and held plans, the findings
 * page with its filters and evidence, a person's accounts across apps, and a held deactivation
 * approved end to end from the keyboard, with the reason the API requires.
 */
describe('console findings and plans (Chromium)', { skip: e2eSkipReason() }, () => {
  let f: ConsoleFixture
  let sana: SanaEmulator
  let planId: string
  let cyId: string
  const main = () => f.page.getByRole('main')
  const section = (name: string) => main().getByRole('region', { name, exact: true })

  before(async () => {
    f = await startConsole()
    sana = await startSanaEmulator()
    const seeded = await connectSana(f, sana)
    planId = seeded.planId
    cyId = seeded.cyId
    await signIn(f, f.seeded.admin)
  })
  after(async () => {
    await f?.close()
    await sana?.close()
  })

  it('shows open findings and the held plan on the dashboard', async () => {
    const { page } = f
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor()
    const findings = section('Open findings')
    await findings.getByRole('link', { name: '1 residual' }).waitFor()
    await findings.getByRole('link', { name: '1 orphan' }).waitFor()
    const held = section('Held plans')
    await held.getByText('1 plan waits for approval.').waitFor()
    await section('Residual access').locator('p').first().waitFor()
    await screenshot(page, 'dashboard-reconciliation')
    await assertAccessible(f, 'the dashboard with findings and plans')
  })

  it('filters findings by kind and app and shows their evidence', async () => {
    const { page } = f
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Findings' })
      .click()
    await page.getByRole('heading', { level: 1, name: 'Findings' }).waitFor()
    await page.getByLabel('Kind', { exact: true }).selectOption('orphan')
    await page.getByLabel('App', { exact: true }).selectOption({ label: 'Sana' })
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByText('Showing 1 orphan finding in Sana.').waitFor()
    const row = main().getByRole('row', { name: /old\.contractor@acme\.com/ })
    await row.getByText('an account nobody is linked to').click()
    await row.getByText('account.userName').waitFor()
    await screenshot(page, 'findings')
    await assertAccessible(f, 'the findings page')
  })

  it('approves a held plan item from the keyboard, with a reason', async () => {
    const { page } = f
    await page.goto(f.url('/plans?status=held'))
    await page.getByRole('heading', { level: 1, name: 'Plans' }).waitFor()
    await screenshot(page, 'plans')
    await assertAccessible(f, 'the plans page')
    // Named by what it does, its status in words and where it stands (issue 19).
    const listed = main().getByRole('row', { name: /Reconcile Sana/ })
    await listed.getByText('held', { exact: true }).waitFor()
    await listed.getByText(/Nothing applied yet: \d+ operations?; 1 held for approval\./).waitFor()
    await listed.getByRole('link', { name: 'Reconcile Sana' }).click()
    await page.getByRole('heading', { level: 1, name: 'Reconcile Sana' }).waitFor()
    const waiting = section('Waiting for approval')
    await waiting.getByRole('row', { name: /Deactivate cy@acme\.com in Sana/ }).waitFor()
    await screenshot(page, 'plan-held')
    await assertAccessible(f, 'a held plan')

    const approve = waiting.getByRole('button', { name: 'Approve: Deactivate cy@acme.com in Sana' })
    await approve.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Approve operation' })
    await dialog.waitFor()
    // Approving without a reason is refused at the field.
    await dialog.getByRole('button', { name: 'Approve', exact: true }).press('Enter')
    await dialog.getByText('Say why').waitFor()
    const reason = dialog.getByLabel('Reason')
    assert.equal(await reason.getAttribute('aria-invalid'), 'true')
    await screenshot(page, 'plan-approve-dialog')
    await assertAccessible(f, 'the approval dialog')
    await reason.focus()
    await page.keyboard.type('Cy left on Friday; HR confirmed.')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await main()
      .getByRole('status')
      .getByText('Approved: Deactivate cy@acme.com in Sana.')
      .waitFor()
    await waiting.getByText('Nothing in this plan waits for approval.').waitFor()
    await section('Operations')
      .getByRole('row', { name: /cy@acme\.com .*approved/ })
      .waitFor()
    await screenshot(page, 'plan-approved')
    await assertAccessible(f, 'the plan after approval')

    const plan = await f.server.hub.services.reconcile.getPlan(f.server.workspace.id, planId)
    const op = plan.operations.find((o) => o.personEmail === 'cy@acme.com')
    assert.equal(op?.status, 'approved')
    assert.equal(op?.decisionReason, 'Cy left on Friday; HR confirmed.')
    assert.equal(plan.held.length, 0)
  })

  it('draws a person’s accounts across apps', async () => {
    const { page } = f
    await page.goto(f.url(`/people/${cyId}`))
    await page.getByRole('heading', { level: 1, name: 'Cy Ng' }).waitFor()
    const accounts = section('Accounts across apps')
    await accounts
      .getByRole('img', { name: /Accounts linked to Cy Ng .*Sana: cy@acme\.com, active/ })
      .waitFor()
    await accounts.getByRole('row', { name: /Sana cy@acme\.com active/ }).waitFor()
    await section('Findings')
      .getByRole('row', { name: /residual/ })
      .waitFor()
    await screenshot(page, 'person-accounts')
    await assertAccessible(f, 'the person page with accounts')
  })
})

/**
 * Sana, emulated, with an account for each of the five people (Cy left: residual) and one
 * nobody owns (orphan); deactivations need approval, so the plan holds Cy's.
 */
async function connectSana(f: ConsoleFixture, sana: SanaEmulator) {
  const { services } = f.server.hub
  const workspaceId = f.server.workspace.id
  sana.seed(['old.contractor@acme.com'])
  const appId = await connectSanaApp(f, sana, {
    name: 'Sana',
    policy: { approve: ['deactivate', 'delete'] },
  })
  const plan = await services.reconcile.createPlan(
    workspaceId,
    { appId },
    { trigger: 'cli', actor: ACTOR },
  )
  const cy = await services.graph.resolvePerson(workspaceId, 'cy@acme.com')
  return { planId: plan.id, cyId: cy.id }
}
