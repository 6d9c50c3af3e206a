import assert from 'node:assert/strict'
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { parse } from 'csv-parse/sync'
import type { Page } from 'playwright-core'
import { listAuditEntries } from '../../src/platform/audit/index.js'
import { e2eSkipReason, screenshot } from './helpers/browser.js'
import {
  assertAccessible,
  type ConsoleFixture,
  signIn,
  startConsole,
} from './helpers/console-fixture.js'

const EXPORTS = path.resolve('test-results', 'exports')

/** Downloads what clicking `link` exports, keeps it under test-results/exports, returns its text. */
async function download(page: Page, link: string, keepAs: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: link }).click(),
  ])
  mkdirSync(EXPORTS, { recursive: true })
  const target = path.join(EXPORTS, keepAs)
  await file.saveAs(target)
  return readFileSync(target, 'utf8')
}

function localDay(offsetDays = 0): string {
  const day = new Date(Date.now() + offsetDays * 86_400_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`
}

/** Completing a task with evidence, then finding it in the audit log and exporting the log. */
describe('console tasks and audit log (Chromium)', { skip: e2eSkipReason() }, () => {
  let f: ConsoleFixture
  const main = () => f.page.getByRole('main')

  before(async () => {
    f = await startConsole()
    await signIn(f, f.seeded.admin, '/tasks')
  })
  after(() => f?.close())

  it('lists open tasks with the overdue ones marked, and filters to overdue only', async () => {
    const { page } = f
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor()
    await main()
      .getByRole('row', { name: /cy@acme\.com .*overdue/ })
      .waitFor()
    await main()
      .getByRole('row', { name: /dee@acme\.com .*open/ })
      .waitFor()
    await screenshot(page, 'tasks')
    await assertAccessible(f, 'the tasks page')
    await page.getByLabel('Overdue only', { exact: true }).check()
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByRole('table', { name: 'Overdue tasks' }).waitFor()
    assert.equal(await main().locator('tbody tr').count(), 2)
  })

  it('completes a task with evidence from a dialog, and the server records who, what and when', async () => {
    const { page } = f
    await main()
      .getByRole('button', { name: /Complete: Deactivate account for cy@acme\.com/ })
      .click()
    const dialog = page.getByRole('dialog', { name: 'Complete task' })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Mark as done' }).click()
    await dialog.getByText('Say what you did').waitFor()
    assert.equal(await dialog.getByLabel('Evidence').getAttribute('aria-invalid'), 'true')
    await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA')
    await screenshot(page, 'task-complete-dialog')
    await dialog
      .getByLabel('Evidence')
      .fill('Removed Cy from Members in the Samepage admin console.')
    await dialog.getByRole('button', { name: 'Mark as done' }).click()
    const notice = main()
      .getByRole('status')
      .filter({ hasText: 'Done: Deactivate account for cy@acme.com' })
    await notice.waitFor()
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status')
    await main()
      .getByRole('row', { name: /cy@acme\.com/ })
      .waitFor({ state: 'detached' })
    const task = await f.server.hub.services.tasks.get(f.seeded.tasks.lateCy)
    assert.equal(task.status, 'done')
    assert.equal(task.evidence, 'Removed Cy from Members in the Samepage admin console.')
    const admin = await f.server.hub.services.members.findByEmail(
      f.server.workspace.id,
      'admin@acme.com',
    )
    assert.equal(task.completedBy, `user:${admin?.id}`)
  })

  it('finds the completion in the audit log by action and day, with the evidence in its changes', async () => {
    const { page } = f
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Audit log' })
      .click()
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor()
    await page.getByLabel('Action', { exact: true }).fill('task.completed')
    await page.getByLabel('From (day)', { exact: true }).fill(localDay())
    await page.getByLabel('To (day, included)', { exact: true }).fill(localDay())
    await page.getByRole('button', { name: 'Apply filters' }).click()
    const row = main().getByRole('row', { name: /task\.completed .*admin@acme\.com/ })
    await row.waitFor()
    assert.equal(await main().locator('tbody tr').count(), 1)
    await row.getByText('Before and after').click()
    await row.getByText(/Removed Cy from Members/).waitFor()
    await screenshot(page, 'audit')
    await assertAccessible(f, 'the audit log')
    await page.getByLabel('From (day)', { exact: true }).fill(localDay(1))
    await page.getByLabel('To (day, included)', { exact: true }).fill(localDay(2))
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await main().getByText('No audit entries match.').waitFor()
    await page.getByLabel('To (day, included)', { exact: true }).fill(localDay(-1))
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await main().getByText('The first day comes after the last day.').waitFor()
  })

  it('exports the filtered log as CSV and JSON with the same entries the server holds', async () => {
    const { page } = f
    await page.goto(f.url('/audit?action=task.opened'))
    await main().getByRole('cell', { name: 'task.opened' }).first().waitFor()
    const csv: string[][] = parse(await download(page, 'Export CSV', 'audit-task-opened.csv'))
    const json: Array<{ id: string; action: string; target: { id: string } }> = JSON.parse(
      await download(page, 'Export JSON', 'audit-task-opened.json'),
    )
    const held = await listAuditEntries(f.server.store.db, {
      workspaceId: f.server.workspace.id,
      action: 'task.opened',
    })
    assert.equal(held.length, 3)
    assert.deepEqual(
      json.map((e) => e.id),
      held.map((e) => e.id),
    )
    assert.deepEqual(csv[0]?.slice(0, 5), ['id', 'at', 'actor_type', 'actor_id', 'action'])
    assert.deepEqual(
      csv.slice(1).map((r) => [r[0], r[4], r[6]]),
      held.map((e) => [e.id, 'task.opened', e.target.id]),
    )
  })

  it('exports the whole log when nothing is filtered', async () => {
    const { page } = f
    await page.goto(f.url('/audit'))
    await main().getByRole('table').waitFor()
    const json: unknown[] = JSON.parse(await download(page, 'Export JSON', 'audit-all.json'))
    const held = await listAuditEntries(f.server.store.db, { workspaceId: f.server.workspace.id })
    assert.equal(json.length, held.length)
    assert.ok(held.length > 10)
  })
})
