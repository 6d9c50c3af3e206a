import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { e2eSkipReason, screenshot } from './helpers/browser.js'
import {
  assertAccessible,
  type ConsoleFixture,
  checkBothWidths,
  signIn,
  startConsole,
  WIDE,
} from './helpers/console-fixture.js'
import { connectSanaApp, refreshApp } from './helpers/sana-app.js'

/**
 * Issue 17 in Chromium: open a person, open their trace, run them on demand (the dry-run plan
 * first, then live progress) and watch the run finish verified, the timeline naming the app.
 * Eve's Sana account was deleted in Sana, so reconciling just her recreates it.
 */
describe('console person trace and on-demand run (Chromium)', { skip: e2eSkipReason() }, () => {
  let f: ConsoleFixture
  let sana: SanaEmulator
  let eveId: string
  const main = () => f.page.getByRole('main')
  const eveInSana = () =>
    [...sana.state.users.values()].find((u) => u.resource.userName === 'eve@acme.com' && !u.deleted)

  before(async () => {
    f = await startConsole()
    sana = await startSanaEmulator()
    const sanaId = await connectSanaApp(f, sana, { name: 'Sana' })
    const eve = [...sana.state.users.entries()].find(
      ([, u]) => u.resource.userName === 'eve@acme.com',
    )
    if (eve) sana.state.users.delete(eve[0])
    await refreshApp(f, sanaId)
    eveId = (await f.server.hub.services.graph.resolvePerson(f.server.workspace.id, 'eve@acme.com'))
      .id
    await signIn(f, f.seeded.admin)
  })
  after(async () => {
    await f?.close()
    await sana?.close()
  })

  it('opens the trace from the person’s page, with names rather than ids', async () => {
    const { page } = f
    await page.setViewportSize(WIDE)
    await page.goto(f.url(`/people/${eveId}`))
    await main()
      .getByRole('link', { name: /^Trace: what Rollcall did/ })
      .click()
    await page.getByRole('heading', { level: 1, name: /^Trace of / }).waitFor()
    const timeline = main().getByRole('region', { name: 'Timeline' })
    await timeline
      .getByRole('cell', { name: /A refresh of Sana no longer lists the account/ })
      .waitFor()
    await timeline.getByRole('link', { name: 'Sana' }).first().waitFor()
    await checkBothWidths(f, 'person-trace', 'a person’s trace')
  })

  it('runs the person on demand: the dry-run plan first, then live progress until verified', async () => {
    const { page } = f
    await main().getByRole('button', { name: 'Run now for this person' }).click()
    const dialog = page.getByRole('dialog', { name: /^Run now for / })
    await dialog.getByRole('cell', { name: 'Create the account in Sana' }).waitFor()
    assert.equal(eveInSana(), undefined, 'the dry run changed nothing')
    await screenshot(page, 'person-trace-run-dialog-1440')
    await assertAccessible(f, 'the on-demand dialog')
    await dialog.getByRole('button', { name: 'Run now', exact: true }).click()
    const progress = main()
      .getByRole('status')
      .filter({ hasText: /every step applied and verified/ })
    await progress.waitFor({ timeout: 30_000 })
    const run = main().getByRole('table', { name: 'On-demand run' })
    await run.getByRole('row', { name: /Create the account in Sana verified/ }).waitFor()
    assert.ok(eveInSana(), 'Eve has a Sana account again')
    const timeline = main().getByRole('region', { name: 'Timeline' })
    await timeline
      .getByRole('cell', { name: /^Verified in Sana: the refresh after apply/ })
      .waitFor()
    await timeline.getByRole('cell', { name: /^On-demand run started/ }).waitFor()
    await checkBothWidths(f, 'person-trace-run-done', 'a finished on-demand run')
  })
})
