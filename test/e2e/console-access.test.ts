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
import { type SeedEntitlement, seedEntitlement, seedGrant } from './helpers/entitlements.js'
import { connectSanaApp } from './helpers/sana-app.js'

/**
 * Access in the console (issue 15): a person's accounts and grants per app with why each exists,
 * and an app's entitlements with their members. The real server answers; the entitlements and
 * grants are written into the graph's tables, since no connector lists them yet.
 */
describe('console access and entitlements (Chromium)', { skip: e2eSkipReason() }, () => {
  let f: ConsoleFixture
  const main = () => f.page.getByRole('main')
  const section = (name: string) => main().getByRole('region', { name, exact: true })
  const personId = (email: string) =>
    f.server.hub.services.graph.resolvePerson(f.server.workspace.id, email).then((p) => p.id)

  before(async () => {
    f = await startConsole()
    await signIn(f, f.seeded.admin)
  })
  after(() => f?.close())

  // Before any app has read its accounts: the seeded workspace has a manual app (Samepage) and a
  // SCIM app whose connection is quarantined (Wiki), neither with an account.
  describe('before any app lists an account', () => {
    it('says a person has no access yet', async () => {
      const { page } = f
      await page.goto(f.url(`/people/${await personId('ann@acme.com')}`))
      await page.getByRole('heading', { level: 1, name: 'Ann Lee' }).waitFor()
      await section('Access').getByText('No accounts in any connected app yet').waitFor()
      await assertAccessible(f, 'the person page without access')
    })

    it('says an app lists no entitlements, and why when its connector cannot', async () => {
      const { page } = f
      await page.goto(f.url(`/apps/${f.seeded.samepageId}`))
      await page.getByRole('heading', { level: 1, name: 'Samepage' }).waitFor()
      const samepage = section('Entitlements')
      await samepage.getByText('This app lists no entitlements').waitFor()
      await samepage.getByText("Samepage's connector cannot list its roles").waitFor()
      await screenshot(page, 'app-entitlements-empty')
      await assertAccessible(f, 'the app page without entitlements')

      // Wiki's connector lists SCIM Groups: nothing to excuse, the plain empty state.
      await page.goto(f.url(`/apps/${f.seeded.wikiId}`))
      await page.getByRole('heading', { level: 1, name: 'Wiki' }).waitFor()
      const wiki = section('Entitlements')
      await wiki.getByText('This app lists no entitlements').waitFor()
      assert.equal(await wiki.getByText(/cannot list|knows of no/).count(), 0)
    })
  })

  describe("with Sana's groups and roles", () => {
    let sana: SanaEmulator
    let sanaId: string

    before(async () => {
      sana = await startSanaEmulator()
      sanaId = await connectSanaApp(f, sana, { name: 'Sana' })
      const entitlement = (displayName: string, more: Partial<SeedEntitlement> = {}) =>
        seedEntitlement(f, { appId: sanaId, displayName, kind: 'role', ...more })
      const admins = await entitlement('Admins', {
        kind: 'group',
        privileged: true,
        description: 'Full administration of the Sana workspace',
      })
      const editors = await entitlement('Editors')
      await entitlement('Viewers')
      const oldTeam = await entitlement('Old Team', {
        kind: 'group',
        removedAt: '2026-12-05T09:00:00.000Z',
      })
      const grant = (entitlementId: string, userName: string, removedAt?: string) =>
        seedGrant(f, {
          appId: sanaId,
          entitlementId,
          userName,
          ...(removedAt ? { removedAt } : {}),
        })
      await grant(admins, 'cy@acme.com')
      await grant(editors, 'cy@acme.com')
      await grant(editors, 'ann@acme.com')
      // A grant that ended is no member: Editors counts 2, not 3.
      await grant(editors, 'bob@acme.com', '2026-12-06T09:00:00.000Z')
      await grant(oldTeam, 'dee@acme.com', '2026-12-05T09:00:00.000Z')
    })
    after(() => sana?.close())

    it('shows a person’s accounts and grants per app, with why each exists', async () => {
      const { page } = f
      await page.goto(f.url(`/people/${await personId('cy@acme.com')}`))
      await page.getByRole('heading', { level: 1, name: 'Cy Ng' }).waitFor()
      const access = section('Access')
      await access.getByText('1 account and 2 grants (1 privileged) in 1 app.').waitFor()
      await access.getByRole('heading', { level: 3, name: 'Sana' }).waitFor()
      const accounts = access.getByRole('table', { name: 'Accounts in Sana' })
      await accounts.getByRole('row', { name: /^cy@acme\.com active matched on \S+/ }).waitFor()
      const grants = access.getByRole('table', { name: 'Grants in Sana' })
      const admins = grants.getByRole('row', { name: /^Admins privileged group/ })
      await admins.getByText('privileged', { exact: true }).waitFor()
      await admins.getByText(/No rule grants this/).waitFor()
      await grants.getByRole('row', { name: /^Editors role/ }).waitFor()
      assert.equal(await grants.getByRole('row').count(), 3, 'a header and two grants')
      await screenshot(page, 'person-access')
      await assertAccessible(f, 'the person page with access')
    })

    it('lists an app’s entitlements with member counts, by kind, name and removed ones', async () => {
      const { page } = f
      await page.goto(f.url(`/apps/${sanaId}`))
      await page.getByRole('heading', { level: 1, name: 'Sana' }).waitFor()
      const list = section('Entitlements')
      await list.getByText('Showing 3 entitlements (1 privileged).').waitFor()
      const table = list.getByRole('table', { name: 'Entitlements in Sana' })
      await table.getByRole('row', { name: /^Admins privileged .*group 1 / }).waitFor()
      await table.getByRole('row', { name: /^Editors role 2 / }).waitFor()
      await table.getByRole('row', { name: /^Viewers role 0 / }).waitFor()
      await screenshot(page, 'app-entitlements')
      await assertAccessible(f, 'the app page with entitlements')

      await list.getByLabel('Kind', { exact: true }).selectOption('role')
      await list.getByRole('button', { name: 'Apply' }).click()
      await list.getByText('Showing 2 roles.').waitFor()
      await list.getByLabel('Name contains').fill('edit')
      await list.getByRole('button', { name: 'Apply' }).click()
      await list.getByText('Showing 1 role.').waitFor()
      await list.getByLabel('Name contains').fill('nobody')
      await list.getByRole('button', { name: 'Apply' }).click()
      await list.getByText('No entitlements match these filters.').waitFor()

      await list.getByLabel('Kind', { exact: true }).selectOption('')
      await list.getByLabel('Name contains').fill('')
      await list.getByLabel('Show removed').check()
      await list.getByText('Showing 4 entitlements (1 privileged, 1 removed).').waitFor()
      await table.getByRole('row', { name: /^Old Team removed group 0 / }).waitFor()
      await assertAccessible(f, 'the app page with removed entitlements')
    })

    it('shows the members of one entitlement and gives focus back when closed', async () => {
      const { page } = f
      await page.goto(f.url(`/apps/${sanaId}`))
      const list = section('Entitlements')
      const show = list.getByRole('button', { name: 'Show members of Editors' })
      await show.click()
      const panel = main().getByRole('region', { name: 'Members of Editors' })
      await panel.getByText('role, 2 members').waitFor()
      const focused = await page.evaluate(() => document.activeElement?.textContent)
      assert.equal(focused, 'Members of Editors', 'the panel takes focus')
      await panel
        .getByRole('row', { name: /ann@acme\.com/ })
        .getByRole('link')
        .waitFor()
      await panel
        .getByRole('row', { name: /cy@acme\.com/ })
        .getByRole('link')
        .waitFor()
      assert.equal(await panel.getByText('Bob Ray').count(), 0, 'an ended grant is no member')
      await screenshot(page, 'app-entitlement-members')
      await assertAccessible(f, 'the members of an entitlement')

      await panel.getByRole('button', { name: 'Close the members of Editors' }).click()
      await panel.waitFor({ state: 'detached' })
      assert.equal(await show.evaluate((button) => button === document.activeElement), true)

      await list.getByRole('button', { name: 'Show members of Admins' }).click()
      const admins = main().getByRole('region', { name: 'Members of Admins' })
      await admins.getByText('group, 1 member').waitFor()
      await admins.getByText('privileged', { exact: true }).waitFor()
      await admins
        .getByRole('row', { name: /cy@acme\.com/ })
        .getByRole('link')
        .click()
      await page.getByRole('heading', { level: 1, name: 'Cy Ng' }).waitFor()
    })
  })
})
