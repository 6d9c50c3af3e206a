import assert from 'node:assert/strict'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { consoleBuildState, consolePaths } from '../../../src/surfaces/console/index.js'
import { testDatabases } from '../../helpers/dialects.js'
import { startServer, type TestServer } from '../../helpers/server.js'
import { accessibilityViolations, launchChromium, openPage, screenshot } from './browser.js'
import { type Seeded, seedWorkspace } from './seed.js'

export type ConsoleFixture = {
  readonly server: TestServer
  readonly seeded: Seeded
  readonly browser: Browser
  readonly context: BrowserContext
  readonly page: Page
  /** Console errors, CSP violations and uncaught exceptions seen so far. */
  readonly problems: string[]
  /** `/console/<path>` on the server. */
  url(path?: string): string
  close(): Promise<void>
}

/**
 * The real server (SQLite) with a seeded workspace, and Chromium on a laptop-sized page. The
 * console must be built (`npm test` builds it when missing or stale): a missing build fails here
 * with the command to run, instead of as a timeout on an empty page.
 */
export async function startConsole(): Promise<ConsoleFixture> {
  const build = consoleBuildState(consolePaths())
  assert.notEqual(
    build,
    'missing',
    'The console is not built: run `npm run build` (npm test does).',
  )
  const database = testDatabases()[0]
  if (!database) throw new Error('no test database')
  const server = await startServer(database)
  const browser = await launchChromium().catch(async (error: unknown) => {
    await server.close()
    throw error
  })
  const seeded = await seedWorkspace(server)
  const { context, page, problems } = await openPage(browser)
  return {
    server,
    seeded,
    browser,
    context,
    page,
    problems,
    url: (path = '') => `${server.url}/console${path}`,
    async close() {
      await browser.close()
      await server.close()
    },
  }
}

/** Signs in through the sign-in page, as a person would. */
export async function signIn(
  fixture: ConsoleFixture,
  user: { email: string; password: string },
  path = '',
): Promise<void> {
  const { page } = fixture
  await page.goto(fixture.url(path))
  await page.getByRole('heading', { name: 'Sign in to Rollcall' }).waitFor()
  await page.getByLabel('Workspace', { exact: true }).fill('acme')
  await page.getByLabel('Email', { exact: true }).fill(user.email)
  await page.getByLabel('Password', { exact: true }).fill(user.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.getByRole('navigation', { name: 'Main' }).waitFor()
}

/** Fails with every accessibility violation on the page, and every console problem so far. */
export async function assertAccessible(fixture: ConsoleFixture, what: string): Promise<void> {
  const violations = await accessibilityViolations(fixture.page)
  assert.deepEqual(violations, [], `accessibility violations on ${what}`)
  assert.deepEqual(fixture.problems, [], `console problems by ${what}`)
}

/** The widths issue 17 asks screenshots at: a laptop and a phone. */
export const WIDE = { width: 1440, height: 900 }
export const PHONE = { width: 390, height: 844 }

/**
 * The page as it stands, at both widths: a screenshot (`<name>-1440`, `<name>-390`) and the
 * accessibility check at each, then back to the wide one.
 */
export async function checkBothWidths(
  fixture: ConsoleFixture,
  name: string,
  what: string,
): Promise<void> {
  const { page } = fixture
  await page.setViewportSize(WIDE)
  await screenshot(page, `${name}-1440`)
  await assertAccessible(fixture, what)
  await page.setViewportSize(PHONE)
  await screenshot(page, `${name}-390`)
  await assertAccessible(fixture, `${what} on a phone`)
  await page.setViewportSize(WIDE)
}
