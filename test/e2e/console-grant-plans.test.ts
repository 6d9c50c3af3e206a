import { after, before, describe, it } from 'node:test'
import type { OperationDraft } from '../../src/access/reconcile/types.js'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import {
  accountsOf,
  deactivateDraft,
  type GrantTarget,
  grantDraft,
  insertPlan,
} from '../helpers/grant-plans.js'
import { e2eSkipReason, screenshot } from './helpers/browser.js'
import {
  assertAccessible,
  type ConsoleFixture,
  signIn,
  startConsole,
} from './helpers/console-fixture.js'
import { seedEntitlement } from './helpers/entitlements.js'
import { connectSanaApp } from './helpers/sana-app.js'

/**
 * Issue 15 in the console: a plan's grant operations in words ("Add ann@acme.com to role
 * Editors in Sana"), a privileged removal waiting for approval, and a deactivation that takes
 * its role away first; the page stays accessible.
 */
describe('console plan with grant operations (Chromium)', { skip: e2eSkipReason() }, () => {
  let f: ConsoleFixture
  let sana: SanaEmulator
  let planId: string
  const main = () => f.page.getByRole('main')

  before(async () => {
    f = await startConsole()
    sana = await startSanaEmulator()
    planId = await grantPlan()
    await signIn(f, f.seeded.admin)
  })
  after(async () => {
    await f?.close()
    await sana?.close()
  })

  async function grantPlan(): Promise<string> {
    const appId = await connectSanaApp(f, sana, { name: 'Sana' })
    const home = { store: f.server.store, workspace: f.server.workspace }
    const target = async (displayName: string, privileged: boolean): Promise<GrantTarget> => {
      const kind = 'role' as const
      const entitlementId = await seedEntitlement(f, { appId, displayName, kind, privileged })
      const remoteId = `remote-${displayName.toLowerCase()}`
      return { entitlementId, remoteId, displayName, kind, privileged }
    }
    const editors = await target('Editors', false)
    const admin = await target('Admin', true)
    const accounts = await accountsOf(home, appId)
    const account = (email: string) => {
      const found = accounts.get(email)
      if (!found) throw new Error(`no account ${email}`)
      return found
    }
    const held: OperationDraft = {
      ...grantDraft(appId, 'remove_grant', account('bob@acme.com'), admin),
      needsApproval: 'Removing a privileged grant needs approval.',
    }
    return insertPlan(home, [
      grantDraft(appId, 'add_grant', account('ann@acme.com'), editors),
      held,
      deactivateDraft(appId, account('cy@acme.com'), [editors]),
    ])
  }

  it('says each grant operation in words, privileged ones marked, and stays accessible', async () => {
    const { page } = f
    await page.goto(f.url(`/plans/${encodeURIComponent(planId)}`))
    const operations = main().getByRole('region', { name: 'Operations', exact: true })
    await operations
      .getByRole('cell', { name: 'Add ann@acme.com to role Editors in Sana', exact: true })
      .waitFor()
    await operations
      .getByRole('cell', {
        name: 'Deactivate cy@acme.com in Sana, removing role Editors first',
        exact: true,
      })
      .waitFor()
    const waiting = main().getByRole('region', { name: 'Waiting for approval', exact: true })
    await waiting
      .getByRole('cell', {
        name: 'Remove bob@acme.com from role Admin (privileged) in Sana',
        exact: true,
      })
      .waitFor()
    await waiting
      .getByRole('button', {
        name: /Approve.*Remove bob@acme.com from role Admin \(privileged\) in Sana/,
      })
      .waitFor()
    await main().getByText('1 add grant, 1 remove grant', { exact: false }).waitFor()
    await screenshot(page, 'plan-with-grants')
    await assertAccessible(f, 'a plan with grant operations')
  })
})
