import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { e2eSkipReason, screenshot } from './helpers/browser.js'
import {
  assertAccessible,
  type ConsoleFixture,
  signIn,
  startConsole,
} from './helpers/console-fixture.js'

const SYSTEM = { type: 'system', id: null } as const
const TEAM = ['kim', 'lou', 'max', 'ned', 'ola', 'pat'].map((n) => `${n}@acme.com`)

/**
 * The departure gate's banner (issue 13), on every page while a burst is open: a source of six
 * people (Agency) says four left at once, the gate holds them, and an admin approves all with a reason.
 */
describe('console departure banner (Chromium)', { skip: e2eSkipReason() }, () => {
  let f: ConsoleFixture
  let dir: string
  const banner = () => f.page.getByRole('region', { name: 'Held offboardings' })

  before(async () => {
    f = await startConsole()
    dir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-burst-'))
    await signIn(f, f.seeded.admin)
  })
  after(async () => {
    await f?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('shows no banner while nothing is held', async () => {
    await f.page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor()
    assert.equal(await banner().count(), 0)
  })

  it('shows an open burst on every page, and Approve all with a reason clears it', async () => {
    const { page } = f
    await openBurst()
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'People' })
      .click()
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor()
    const held = banner().locator('p', { hasText: /^Offboarding held:/ })
    await held.waitFor()
    const text = (await held.textContent()) ?? ''
    assert.match(text, /^Offboarding held: Agency said 4 of 6 \(67%\) people left/)
    assert.match(text, /\(4 people from Agency wait for a decision\.\)$/)
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Tasks' })
      .click()
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor()
    await held.waitFor()
    await screenshot(page, 'departure-banner')
    await assertAccessible(f, 'a page with the departure banner')

    const what = 'the offboarding of 4 people from Agency'
    await banner()
      .getByRole('button', { name: `Approve all: ${what}` })
      .click()
    const dialog = page.getByRole('dialog', { name: 'Approve every held offboarding' })
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click()
    await dialog.getByText('Say why').waitFor()
    await dialog.getByLabel('Reason').fill('The contract ended for the whole team')
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click()
    await banner().getByRole('status').getByText(`Approved: ${what}`, { exact: false }).waitFor()
    await held.waitFor({ state: 'detached' })
    const open = await f.server.hub.services.departureGate.list(f.server.workspace.id, 'open')
    assert.deepEqual(open, [])
    const [decided] = await f.server.hub.services.departureGate.list(
      f.server.workspace.id,
      'approved',
    )
    assert.equal(decided?.decisionReason, 'The contract ended for the whole team')
    // The next page has no banner at all.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'People' })
      .click()
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor()
    await page.getByText('Showing').waitFor()
    assert.equal(await banner().count(), 0)
  })

  /** A CSV source of six people, synced; then it says four left, and the gate evaluates. */
  async function openBurst(): Promise<void> {
    const { services } = f.server.hub
    const workspaceId = f.server.workspace.id
    const file = path.join(dir, 'contractors.csv')
    const write = (leaving: number) =>
      writeFileSync(
        file,
        [
          'email,first name,last name,active',
          ...TEAM.map((email, i) => `${email},C,${i},${i >= leaving}`),
        ].join('\n'),
      )
    write(0)
    const source = await services.sources.add(
      workspaceId,
      'csv',
      { file, key: 'emails', name: 'Agency' },
      SYSTEM,
    )
    const sync = () =>
      services.sync.syncSource(workspaceId, source.id, { trigger: 'cli', actor: SYSTEM })
    assert.equal((await sync()).status, 'succeeded')
    write(4)
    assert.equal((await sync()).status, 'succeeded')
    // The server's own round may have evaluated first: either way one burst is open.
    await services.departureGate.evaluate(workspaceId)
    const open = await services.departureGate.list(workspaceId, 'open')
    assert.equal(open.length, 1, JSON.stringify(open))
  }
})
