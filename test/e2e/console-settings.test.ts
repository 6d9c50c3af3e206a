import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { testKeys } from '../helpers/saml.js'
import { createTestIdp } from '../helpers/saml-idp.js'
import { e2eSkipReason, screenshot } from './helpers/browser.js'
import {
  assertAccessible,
  type ConsoleFixture,
  signIn,
  startConsole,
} from './helpers/console-fixture.js'

/** Settings: SCIM directories and their tokens, OAuth apps, API connections, the SAML IdP. */
describe('console settings (Chromium)', { skip: e2eSkipReason() }, () => {
  let f: ConsoleFixture
  const main = () => f.page.getByRole('main')
  const section = (name: string) => main().getByRole('region', { name, exact: true })
  const form = (name: string) => f.page.getByRole('form', { name })
  /** The secret a panel shows once. */
  const shownSecret = async (title: string) => {
    const panel = main().getByRole('region', { name: title })
    await panel.waitFor()
    await f.page.waitForFunction(() => document.activeElement?.tagName === 'SECTION')
    return { panel, value: await panel.getByRole('textbox').inputValue() }
  }
  const confirm = async (button: string, action: string) => {
    await main().getByRole('button', { name: button }).click()
    const dialog = f.page.getByRole('dialog')
    await dialog.waitFor()
    assert.equal(
      await dialog
        .getByRole('button', { name: 'Cancel' })
        .evaluate((b) => b === document.activeElement),
      true,
    )
    await dialog.getByRole('button', { name: action }).click()
    await dialog.waitFor({ state: 'hidden' })
  }
  const scimStatus = async (token: string) =>
    (await fetch(`${f.server.scimUrl}/Users`, { headers: { authorization: `Bearer ${token}` } }))
      .status

  before(async () => {
    f = await startConsole()
    await signIn(f, f.seeded.admin, '/settings')
  })
  after(() => f?.close())

  it('shows every settings section an admin may use', async () => {
    await f.page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor()
    for (const name of [
      'SCIM directories',
      'OAuth apps',
      'API connections',
      'SAML single sign-on',
      'Members',
    ]) {
      await section(name).waitFor()
    }
    await section('Members').getByRole('cell', { name: 'viewer@acme.com' }).waitFor()
    await screenshot(f.page, 'settings')
    await assertAccessible(f, 'the settings page')
  })

  it('creates a SCIM directory whose token is shown once and works, rotates it, deletes the directory', async () => {
    const create = form('New SCIM directory')
    await create.getByLabel('Name', { exact: true }).fill('Okta')
    await create.getByLabel('IdP profile', { exact: true }).selectOption('okta')
    await create.getByRole('button', { name: 'Create directory' }).click()
    const first = await shownSecret('Token for Okta')
    await first.panel.getByText(`${f.server.scimUrl}`).waitFor()
    assert.equal(await scimStatus(first.value), 200)
    await screenshot(f.page, 'settings-token-once')
    await first.panel.getByRole('button', { name: 'Done, I have stored it' }).click()
    await first.panel.waitFor({ state: 'detached' })
    const row = section('SCIM directories').getByRole('row', { name: /^Okta okta/ })
    await row.getByText(`…${first.value.slice(-4)}`).waitFor()

    await confirm('Rotate token of Okta', 'Rotate token')
    const second = await shownSecret('New token for Okta')
    assert.notEqual(second.value, first.value)
    assert.equal(await scimStatus(first.value), 401)
    assert.equal(await scimStatus(second.value), 200)
    await second.panel.getByRole('button', { name: 'Done, I have stored it' }).click()

    await confirm('Delete Okta', 'Delete directory')
    await main().getByRole('status').filter({ hasText: 'Deleted the directory Okta' }).waitFor()
    await row.waitFor({ state: 'detached' })
    assert.equal(await scimStatus(second.value), 401)
  })

  it('creates an OAuth app and shows its client secret once', async () => {
    const create = form('New OAuth app')
    await create.getByLabel('Name', { exact: true }).fill('Reporting')
    await create
      .getByLabel('Redirect URIs', { exact: true })
      .fill('https://reports.acme.com/callback')
    await create.getByLabel('audit:read', { exact: true }).check()
    await create.getByRole('button', { name: 'Create OAuth app' }).click()
    const secret = await shownSecret('Client secret for Reporting')
    assert.match(secret.value, /^rc_secret_/)
    await secret.panel.getByRole('button', { name: 'Done, I have stored it' }).click()
    const row = section('OAuth apps').getByRole('row', { name: /Reporting/ })
    await row.getByText('openid audit:read').waitFor()
  })

  it('creates an API connection with an IP allowlist, and deletes it', async () => {
    const create = form('New API connection')
    await create.getByLabel('Name', { exact: true }).fill('Payroll')
    await create.getByLabel('Allowed egress IPs', { exact: true }).fill('bogus')
    await create.getByRole('button', { name: 'Create API connection' }).click()
    await create.getByText(/not an IPv4\/IPv6 CIDR/).waitFor()
    await create.getByLabel('Allowed egress IPs', { exact: true }).fill('203.0.113.0/24')
    await create.getByRole('button', { name: 'Create API connection' }).click()
    const secret = await shownSecret('Client secret for Payroll')
    assert.match(secret.value, /^rc_secret_/)
    await secret.panel.getByRole('button', { name: 'Done, I have stored it' }).click()
    await section('API connections').getByRole('cell', { name: '203.0.113.0/24' }).waitFor()
    await confirm('Delete Payroll', 'Delete API connection')
    await main()
      .getByRole('status')
      .filter({ hasText: 'Deleted the API connection Payroll' })
      .waitFor()
  })

  it('connects a SAML IdP from its metadata, requires SSO, and removes it', async () => {
    const idp = createTestIdp({
      entityId: 'https://idp.acme.test/saml',
      baseUrl: 'https://idp.acme.test',
      signingKeys: [testKeys('settings-idp')],
    })
    const create = form('Connect an IdP')
    await create.getByLabel('IdP metadata (XML)', { exact: true }).fill(idp.metadata())
    await create.getByLabel('Email domains', { exact: true }).fill('acme.com')
    await create.getByRole('button', { name: 'Connect IdP' }).click()
    const saml = section('SAML single sign-on')
    await saml.getByText(`${f.server.url}/saml/callback`).waitFor()
    await saml.getByText('https://idp.acme.test/saml').waitFor()
    await screenshot(f.page, 'settings-saml')
    await confirm('Require SSO', 'Require SSO')
    await saml.getByText('Off: SSO required').waitFor()
    const check = await (await fetch(`${f.server.url}/saml/check?email=ann@acme.com`)).json()
    assert.equal(check.enforced, true)
    // IdP-initiated sign-in is refused until an admin accepts it.
    await saml.getByText('Refused', { exact: true }).waitFor()
    await confirm('Accept sign-in started at the IdP', 'Accept')
    await saml.getByText('Accepted', { exact: true }).waitFor()
    await confirm('Remove SAML connection', 'Remove')
    await form('Connect an IdP').waitFor()
    await assertAccessible(f, 'the settings flows')
  })

  it('shows a member only what their role may read, and no way to change it', async () => {
    await f.context.clearCookies()
    await signIn(f, f.seeded.viewer, '/settings')
    await section('OAuth apps').waitFor()
    assert.equal(await section('SCIM directories').count(), 0)
    assert.equal(await form('New OAuth app').count(), 0)
    assert.equal(
      await main()
        .getByRole('button', { name: /^Delete/ })
        .count(),
      0,
    )
  })
})
