import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { e2eSkipReason, screenshot } from './helpers/browser.js'
import { assertAccessible, type ConsoleFixture, startConsole } from './helpers/console-fixture.js'
import { type SsoIdp, startSsoIdp } from './helpers/sso-idp.js'

/** Signing in and out of the console: local accounts, SAML SSO, keyboard use, focus. */
describe('console sign-in (Chromium)', { skip: e2eSkipReason() }, () => {
  let f: ConsoleFixture
  let idp: SsoIdp

  before(async () => {
    f = await startConsole()
    idp = await startSsoIdp(f.server, ['acme.com'])
  })
  after(async () => {
    await idp?.close()
    await f?.close()
  })

  it('sends a signed-out visitor to the sign-in page, and back where they were going after', async () => {
    const { page } = f
    await page.goto(f.url('/people'))
    await page.getByRole('heading', { name: 'Sign in to Rollcall' }).waitFor()
    assert.equal(new URL(page.url()).pathname, '/console/sign-in')
    assert.equal(new URL(page.url()).searchParams.get('next'), '/people')
    await screenshot(page, 'sign-in')
    await assertAccessible(f, 'the sign-in page')
  })

  it('says so when the password is wrong, in an alert next to the form', async () => {
    const { page } = f
    await page.getByLabel('Workspace', { exact: true }).fill('acme')
    await page.getByLabel('Email', { exact: true }).fill(f.seeded.admin.email)
    await page.getByLabel('Password', { exact: true }).fill('not the password')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByRole('alert').getByText('The email, password or workspace is wrong.').waitFor()
  })

  it('signs in with a password and lands on the page it was going to', async () => {
    const { page } = f
    await page.getByLabel('Password', { exact: true }).fill(f.seeded.admin.password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor()
    assert.equal(new URL(page.url()).pathname, '/console/people')
    await page.getByText(f.seeded.admin.email).waitFor()
  })

  it('works from the keyboard: skip link, navigation, and focus on the new page title', async () => {
    const { page } = f
    await page.goto(f.url())
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor()
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to main content' })
    assert.ok(await skip.evaluate((el) => el === document.activeElement))
    assert.ok((await skip.boundingBox())?.y !== undefined, 'the skip link is visible when focused')
    await page.keyboard.press('Enter')
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main')
    const tasks = page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Tasks' })
    await tasks.focus()
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor()
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1')
    assert.equal(await tasks.getAttribute('aria-current'), 'page')
    assert.equal(await page.title(), 'Tasks · Rollcall')
  })

  it('signs out, and the session is gone on the server too', async () => {
    const { page } = f
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('status').getByText('You signed out.').waitFor()
    const session = await page.evaluate(async () => (await fetch('/auth/session')).status)
    assert.equal(session, 401)
  })

  it('tells a person whose domain has no SSO to use a password', async () => {
    const { page } = f
    await page.getByLabel('Work email', { exact: true }).fill('someone@example.org')
    await page.getByRole('button', { name: 'Sign in with SSO' }).click()
    await page
      .getByRole('alert')
      .getByText('Single sign-on is not set up for example.org')
      .waitFor()
  })

  it('signs in with SSO through the IdP and comes back to the console', async () => {
    const { page } = f
    await page.goto(f.url('/apps'))
    await page.getByLabel('Work email', { exact: true }).fill(idp.user.email)
    await page.getByRole('button', { name: 'Sign in with SSO' }).click()
    await page.getByRole('heading', { level: 1, name: 'Apps' }).waitFor()
    assert.equal(new URL(page.url()).pathname, '/console/apps')
    await page.getByText(`${idp.user.email} (member)`).waitFor()
    // A member may not read the audit log: the navigation leaves it out, the page refuses.
    const nav = page.getByRole('navigation', { name: 'Main' })
    assert.equal(await nav.getByRole('link', { name: 'Audit log' }).count(), 0)
    await page.goto(f.url('/audit'))
    await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor()
    await assertAccessible(f, 'the sign-in flows')
  })
})
