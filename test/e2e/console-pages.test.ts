import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { e2eSkipReason, screenshot } from './helpers/browser.js'
import {
  assertAccessible,
  type ConsoleFixture,
  signIn,
  startConsole,
} from './helpers/console-fixture.js'

/** The dashboard, people and apps pages over a seeded workspace, as an admin sees them. */
describe('console pages (Chromium)', { skip: e2eSkipReason() }, () => {
  let f: ConsoleFixture
  const main = () => f.page.getByRole('main')
  const section = (name: string) => main().getByRole('region', { name, exact: true })

  before(async () => {
    f = await startConsole()
    await signIn(f, f.seeded.admin)
  })
  after(() => f?.close())

  it('shows the dashboard: people, overdue tasks, apps with their health, sources, activity', async () => {
    const { page } = f
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor()
    const people = section('People')
    await people.getByText('People', { exact: true }).first().waitFor()
    assert.equal(await people.locator('.stat dd').first().textContent(), '5')
    await section('Overdue tasks').getByText('2 overdue tasks').waitFor()
    const apps = section('Apps')
    await apps.getByRole('row', { name: /Wiki .*Quarantined: credentials refused/ }).waitFor()
    await apps.getByRole('row', { name: /Samepage .*No API: tasks/ }).waitFor()
    await section('Sources of people').getByRole('cell', { name: 'HR export' }).waitFor()
    await section('Recent activity').getByRole('cell', { name: 'task.opened' }).first().waitFor()
    // Nothing was reconciled in this workspace: the cards say so, with no placeholders.
    await section('Open findings')
      .getByText(/^No open findings/)
      .waitFor()
    await section('Held plans').getByText('No plan waits for approval.').waitFor()
    await section('Residual access').getByText('No open residual-access windows.').waitFor()
    assert.equal(
      await main()
        .getByText(/coming soon|placeholder/i)
        .count(),
      0,
    )
    await screenshot(page, 'dashboard')
    await assertAccessible(f, 'the dashboard')
  })

  it('searches people by plain text (issue 19), a status, and an advanced SCIM filter', async () => {
    const { page } = f
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'People' })
      .click()
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor()
    await page.getByText('Showing 5 people.').waitFor()
    await screenshot(page, 'people')
    await assertAccessible(f, 'the people page')
    const search = page.getByRole('searchbox', { name: 'Search' })
    const submit = page.getByRole('button', { name: 'Search', exact: true })
    // A family name as anyone would type it, in any case: no filter syntax.
    await search.fill('MOSS')
    await submit.click()
    await page.getByText('Showing 1 person.').waitFor()
    await main().getByRole('link', { name: 'Eve Moss' }).waitFor()
    // Part of an email; then a name nobody has is "no match", never a filter error.
    await search.fill('@acme.com')
    await submit.click()
    await page.getByText('Showing 5 people.').waitFor()
    await search.fill('Turing')
    await submit.click()
    await page.getByText('No people match.').waitFor()
    assert.equal(await main().getByRole('alert').count(), 0)
    // A LIKE wildcard is only a character.
    await search.fill('%')
    await submit.click()
    await page.getByText('No people match.').waitFor()
    await search.fill('')
    const advanced = main().getByText('Advanced: SCIM filter')
    await advanced.click()
    const filter = page.getByLabel('SCIM filter', { exact: true })
    await filter.fill('name.familyName eq "Lee" or emails.value co "eve@"')
    await submit.click()
    await page.getByText('Showing 2 people.').waitFor()
    const names = await main().locator('tbody tr td:first-child').allTextContents()
    assert.deepEqual(names.sort(), ['Ann Lee', 'Eve Moss'])
    await filter.fill('')
    await page.getByLabel('Status', { exact: true }).selectOption('inactive')
    await submit.click()
    await page.getByText('Showing 1 person.').waitFor()
    await main().getByRole('link', { name: 'Cy Ng' }).waitFor()
    await advanced.click()
    await filter.fill('name eq')
    await submit.click()
    await page
      .getByText(/Invalid|invalid|expected/)
      .first()
      .waitFor()
    assert.equal(await filter.getAttribute('aria-invalid'), 'true')
    await screenshot(page, 'people-advanced-filter')
    await assertAccessible(f, 'the people page with a bad filter')
    await page.goBack()
    await page.getByText('Showing 1 person.').waitFor()
  })

  it('opens a person: attributes, source records, the ambiguous contractor record, tasks, history', async () => {
    const { page } = f
    await page.goto(f.url('/people?filter=userName%20eq%20%22ann%40acme.com%22'))
    await main().getByRole('link', { name: 'Ann Lee' }).click()
    await page.getByRole('heading', { level: 1, name: 'Ann Lee' }).waitFor()
    await section('Attributes').getByText('R&D', { exact: true }).waitFor()
    await section('Attributes').getByText('Engineering', { exact: true }).waitFor()
    await section('Where this person comes from')
      .getByRole('cell', { name: 'HR export (csv)' })
      .waitFor()
    const ambiguous = section('Ambiguous matches')
    await ambiguous.getByText('the record matches more than one person').waitFor()
    await ambiguous.getByRole('link', { name: 'Bob Ray' }).waitFor()
    await ambiguous.getByText(/on email/).waitFor()
    await section('History').getByRole('cell', { name: 'person.created' }).waitFor()
    await screenshot(page, 'person')
    await assertAccessible(f, 'the person page')
  })

  it('lists apps and opens one: quarantine and rate state, mappings, catalog entry', async () => {
    const { page } = f
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Apps' }).click()
    await page.getByRole('heading', { level: 1, name: 'Apps' }).waitFor()
    await main()
      .getByRole('row', { name: /Samepage .*Manual tasks/ })
      .waitFor()
    await screenshot(page, 'apps')
    await assertAccessible(f, 'the apps page')
    await main().getByRole('link', { name: 'Wiki' }).click()
    await page.getByRole('heading', { level: 1, name: 'Wiki' }).waitFor()
    const connection = section('Connection')
    await connection.getByText('Quarantined: credentials refused').first().waitFor()
    await connection.getByText('Only after someone retries the connection').waitFor()
    await connection.getByText('Current rate').waitFor()
    assert.equal(await connection.getByText('revoked-token').count(), 0, 'no secret on the page')
    const mappings = section('Assignment and mappings')
    await mappings.getByText('People matching groups.display eq "Engineering"').waitFor()
    await mappings
      .getByRole('cell', { name: 'Join(" ", name.givenName, name.familyName)' })
      .waitFor()
    await section('Catalog entry').getByText('SCIM 2.0', { exact: true }).waitFor()
    await screenshot(page, 'app')
    await assertAccessible(f, 'the app page')
  })

  it('shows an app without an API with its owner, open tasks and the catalog caveats', async () => {
    const { page } = f
    await page.goto(f.url(`/apps/${f.seeded.samepageId}`))
    await page.getByRole('heading', { level: 1, name: 'Samepage' }).waitFor()
    await section('Connection').getByText('it@acme.com').first().waitFor()
    await section('Open tasks')
      .getByRole('row', { name: /cy@acme\.com/ })
      .waitFor()
    await section('Catalog entry').getByRole('heading', { name: 'Watch out for' }).waitFor()
    await assertAccessible(f, 'the manual app page')
  })
})
