import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

/** Debian's Chromium; the tests never download a browser. */
export const CHROMIUM_PATH = process.env.ROLLCALL_CHROMIUM ?? '/usr/bin/chromium'

/** Where each run leaves its screenshots (gitignored), one PNG per page. */
export const SCREENSHOT_DIR = path.resolve('test-results', 'screenshots')

/** A laptop screen. */
export const VIEWPORT = { width: 1366, height: 768 }

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * Why the browser tests are skipped, or false. Only ROLLCALL_E2E=off skips them, and says so
 * loudly; a missing Chromium is a failure (launchChromium), never a silent skip.
 */
export function e2eSkipReason(): string | false {
  if (process.env.ROLLCALL_E2E !== 'off') return false
  process.stderr.write(
    '\n!!! Browser tests SKIPPED: ROLLCALL_E2E=off. The console was not tested in Chromium. !!!\n\n',
  )
  return 'ROLLCALL_E2E=off'
}

/** Headless Debian Chromium with a fresh profile (playwright-core makes a new user-data-dir). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium; .ci/run does). To skip the browser tests locally, set ROLLCALL_E2E=off.`,
    )
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS })
}

/** A page whose console errors, CSP violations and uncaught exceptions are collected. */
export async function openPage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true })
  const page = await context.newPage()
  page.setDefaultTimeout(10_000)
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`))
  page.on('console', (message) => {
    const text = message.text()
    // Answers the console expects (401 before sign-in, 400 for a bad filter) log as "Failed to
    // load resource"; anything else the page logs as an error is a problem.
    if (message.type() === 'error' && !text.startsWith('Failed to load resource')) {
      problems.push(`console: ${text}`)
    }
  })
  return { context, page, problems }
}

/** Saves the whole page as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

type AxeViolation = {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: unknown }>
}

/**
 * Runs axe-core (WCAG 2.x A and AA, and best practices) on the page as it is and returns the
 * violations, one line each. Evaluated through the DevTools protocol, so the page's CSP stays on.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: unknown): Promise<{ violations: AxeViolation[] }> }
      }
    ).axe
    const result = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    })
    return result.violations
  })
  return violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
  )
}
