import assert from 'node:assert/strict'
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { after, before, describe, it } from 'node:test'
import { Browser } from '../helpers/oauth.js'
import { freePort } from '../helpers/server.js'

const BIN = path.resolve(import.meta.dirname, '../../bin/rollcall.js')

type Ready = {
  ready: true
  url: string
  consoleUrl: string
  dataDir: string
  workspace: { id: string; slug: string }
  admin: { email: string; password: string }
  people: number
  apps: Array<{ id: string; name: string }>
  findings: Record<string, number>
  plan: { id: string; status: string; held: number }
  access: { mover: string; privileged: string }
}

/**
 * `rollcall demo` as a newcomer runs it: in the background on a free port and a new data dir,
 * until its ready line; the console answers, the admin it printed signs in, the findings and the
 * held plan are there through the API and through a second CLI on the same data; Ctrl-C stops it.
 */
describe('rollcall demo', () => {
  let root: string
  let demo: ChildProcessWithoutNullStreams
  let ready: Ready
  let stderr = ''
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>

  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'rollcall-demo-test-'))
    const port = await freePort()
    demo = spawn(
      process.execPath,
      [BIN, 'demo', '--port', String(port), '--data-dir', path.join(root, 'demo'), '--json'],
      { env: { ...process.env, DATABASE_URL: '', ROLLCALL_LOG_LEVEL: 'warn' } },
    )
    demo.stderr.on('data', (chunk) => (stderr += chunk))
    exited = new Promise((resolve) =>
      demo.once('exit', (code, signal) => resolve({ code, signal })),
    )
    ready = await readyLine(demo, exited, () => stderr)
  })
  after(async () => {
    if (demo.exitCode === null && demo.signalCode === null) demo.kill('SIGKILL')
    rmSync(root, { recursive: true, force: true })
  })

  it('prints one ready object: the console URL, how to sign in, 200 people, a held plan', () => {
    assert.equal(ready.people, 200)
    assert.deepEqual(ready.apps.map((a) => a.name).sort(), ['Samepage', 'Sana', 'Stensul'])
    assert.equal(ready.consoleUrl, `${ready.url}/console`)
    assert.equal(ready.dataDir, path.join(root, 'demo'))
    assert.equal(ready.plan.status, 'held')
    assert.ok(ready.plan.held > 0, 'deactivations wait for approval')
    for (const kind of ['missing', 'residual', 'drifted', 'orphan'])
      assert.ok((ready.findings[kind] ?? 0) > 0, `some ${kind} findings`)
  })

  it('serves the console, and the printed admin reads the findings and the plan', async () => {
    const page = await fetch(ready.consoleUrl)
    assert.equal(page.status, 200)
    assert.match(await page.text(), /<div id="root">/)
    const browser = new Browser(ready.url)
    const signIn = await browser.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...ready.admin, workspace: ready.workspace.slug }),
    })
    assert.equal(signIn.status, 200, await signIn.clone().text())
    const residual = await (await browser.json('GET', '/api/findings?kind=residual')).json()
    assert.equal(residual.findings.length, ready.findings.residual)
    assert.ok(residual.findings.every((f: { kind: string }) => f.kind === 'residual'))
    const plan = await (await browser.json('GET', `/api/plans/${ready.plan.id}`)).json()
    assert.equal(plan.held.length, ready.plan.held)
    // Issue 15's stories: a mover's roles swapped, a privileged role nobody granted held.
    const mover = plan.movers.find((m: { email: string }) => m.email === ready.access.mover)
    assert.ok(mover, JSON.stringify(plan.movers))
    assert.match(mover.words, /leaves: role Reviewer in Stensul; joins: role Creator in Stensul/)
    const privileged = await (
      await browser.json('GET', '/api/findings?kind=privileged_grant')
    ).json()
    assert.equal(privileged.findings.length, 1)
    assert.equal(privileged.findings[0].personEmail, ready.access.privileged)
    const removal = plan.operations.find(
      (op: { kind: string; personEmail: string }) =>
        op.kind === 'remove_grant' && op.personEmail === ready.access.privileged,
    )
    assert.equal(removal?.status, 'held', JSON.stringify(removal))
  })

  it('answers a second CLI on the same data while it runs', () => {
    const result = spawnSync(
      process.execPath,
      [BIN, '--data-dir', ready.dataDir, 'findings', '--workspace', 'acme', '--kind', 'orphan'],
      { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } },
    )
    assert.equal(result.status, 0, result.stderr)
    assert.match(result.stdout, /former\.intern@acme\.test/)
  })

  it('seeds Samepage’s accounts (its export), so its offboarding step can be seen', () => {
    const cli = (...args: string[]) => {
      const result = spawnSync(process.execPath, [BIN, '--data-dir', ready.dataDir, ...args], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: '' },
      })
      assert.equal(result.status, 0, result.stderr)
      return JSON.parse(result.stdout)
    }
    const accounts = cli('graph', 'accounts', '--app', 'Samepage', '--json').accounts
    assert.ok(accounts.length > 10, `Samepage has accounts: ${accounts.length}`)
    const residual = cli('findings', '--app', 'Samepage', '--kind', 'residual', '--json').findings
    assert.ok(residual.length > 0, 'a leaver still in Samepage')
    const offboard = cli('offboard', 'ada.lovelace@acme.test', '--json')
    const steps = offboard.operations.map((op: { mode: string; kind: string }) => op.mode)
    assert.ok(steps.includes('manual'), 'Samepage’s step is a task for its owner')
  })

  it('stops cleanly on Ctrl-C (SIGINT) and keeps a data dir it was given', async () => {
    demo.kill('SIGINT')
    const { code, signal } = await exited
    assert.equal(signal, null, stderr)
    assert.equal(code, 0, stderr)
    assert.ok(existsSync(path.join(ready.dataDir, 'rollcall.db')))
  })

  it('refuses a data dir that is not empty, and says what to do instead', () => {
    const again = spawnSync(
      process.execPath,
      [BIN, 'demo', '--port', '0', '--data-dir', ready.dataDir, '--json'],
      { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } },
    )
    assert.equal(again.status, 1, again.stderr)
    const { error } = JSON.parse(again.stdout.trim())
    assert.equal(error.code, 'DEMO_DATA_DIR_NOT_EMPTY')
    assert.match(error.message, /--data-dir/)
  })
})

/** The first stdout line that parses as the ready object; fails with stderr if the demo exits. */
async function readyLine(
  child: ChildProcessWithoutNullStreams,
  exited: Promise<{ code: number | null }>,
  stderr: () => string,
): Promise<Ready> {
  const lines = createInterface({ input: child.stdout })
  const died = exited.then(({ code }) => {
    throw new Error(`rollcall demo exited with ${code} before it was ready:\n${stderr()}`)
  })
  const found = (async () => {
    for await (const line of lines) {
      const parsed = JSON.parse(line) as Partial<Ready>
      if (parsed.ready === true) return parsed as Ready
    }
    throw new Error(`rollcall demo closed stdout before it was ready:\n${stderr()}`)
  })()
  return Promise.race([found, died])
}
