import assert from 'node:assert/strict'
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { after, before, describe, it } from 'node:test'
import { type DemoSummary, whatToTry } from '../../src/dev/demo/index.js'
import { freePort } from '../helpers/server.js'
import { BIN, startServe } from './serve-process.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/
/** Commands a section runs on a fresh hub (`npm start` in ./data) rather than on the demo. */
const FRESH_HUB_SECTION = 'Connect an identity provider'
/** A bound for a hung command only; a slow machine still finishes far inside it. */
const HANG_GUARD_MS = 10 * 60_000

type Ready = DemoSummary & { url: string; consoleUrl: string; dataDir: string; temporary: boolean }
type Command = { section: string; line: string }

/**
 * Every `rollcall` command the README and the demo print, run as printed (issue 13 §3): against
 * a demo on a free port and a new data dir, and the "connect an identity provider" steps against
 * a fresh server. Each exits 0. `<dir>` and `<planId>` are what the demo printed; any other
 * `<…Id>` is the first id the previous command printed (as a person would copy it).
 */
describe('the README’s and the demo’s commands', () => {
  let root: string
  let demo: ChildProcess
  let ready: Ready

  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'rollcall-readme-'))
    demo = spawn(
      process.execPath,
      [
        BIN,
        'demo',
        '--port',
        String(await freePort()),
        '--data-dir',
        path.join(root, 'demo'),
        '--json',
      ],
      { env: { ...process.env, DATABASE_URL: '', ROLLCALL_LOG_LEVEL: 'warn' } },
    )
    ready = await readyObject(demo)
  })
  after(() => {
    demo.kill('SIGKILL')
    rmSync(root, { recursive: true, force: true })
  })

  it('names the supported Node version, the one package.json requires', () => {
    const engines = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines
    const version = String(engines.node).replace(/^>=/, '')
    assert.ok(README.includes(`Node.js ${version} or later`), `README names Node ${version}`)
  })

  it('runs every command the demo prints', () => {
    const printed = whatToTry(ready, ready)
    const lines = printed
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('npx rollcall '))
    assert.ok(lines.length >= 3, printed)
    runAll(lines.map((line) => ({ section: 'demo', line })))
  })

  it('runs every command of the README against the demo', () => {
    const commands = readmeCommands().filter((c) => !c.section.startsWith(FRESH_HUB_SECTION))
    assert.ok(commands.some((c) => c.line.includes('lifecycle status')))
    runAll(commands)
  })

  it('runs the README’s "connect an identity provider" steps on a fresh hub', async () => {
    const commands = readmeCommands().filter((c) => c.section.startsWith(FRESH_HUB_SECTION))
    assert.ok(commands.length >= 2)
    const dataDir = path.join(root, 'fresh')
    const port = await freePort()
    const server = await startServe(dataDir, port)
    try {
      const env = { ROLLCALL_DATA_DIR: dataDir, PORT: String(port) }
      for (const run of runAll(commands, env))
        assert.doesNotMatch(run.stderr, /refused this token/, 'the server knows the token')
    } finally {
      server.kill('SIGKILL')
    }
  })

  /** Runs commands in order; each must exit 0. Returns their outputs. */
  function runAll(commands: readonly Command[], env: Record<string, string> = {}) {
    const runs: Array<{ stdout: string; stderr: string }> = []
    let previous: { line: string; stdout: string } | undefined
    for (const { line } of commands) {
      if (previous && needsId(line) && !UUID.test(previous.stdout))
        previous = { line: previous.line, stdout: untilAnId(previous.line, env) }
      const result = run(substitute(line, previous?.stdout ?? ''), env)
      runs.push(result)
      previous = { line, stdout: result.stdout }
    }
    return runs
  }

  function run(line: string, env: Record<string, string>) {
    const args = shellWords(line)
    assert.deepEqual(args.slice(0, 2), ['npx', 'rollcall'], line)
    const result = spawnSync(process.execPath, [BIN, ...args.slice(2)], {
      encoding: 'utf8',
      timeout: HANG_GUARD_MS,
      env: { ...process.env, DATABASE_URL: '', ROLLCALL_LOG_LEVEL: 'warn', ...env },
    })
    assert.equal(result.status, 0, `${line}\n${result.stderr}${result.stdout}`)
    return result
  }

  /**
   * A listing read before the server's worker got there (`tasks list` right after `--apply`):
   * read it again, as a person would, until the id shows. Only read-only listings are re-run.
   */
  function untilAnId(line: string, env: Record<string, string>): string {
    assert.match(line, / (list|status|show)\b/, `${line}: printed no id for the next command`)
    for (let attempt = 0; attempt < 600; attempt++) {
      const { stdout } = run(substitute(line, ''), env)
      if (UUID.test(stdout)) return stdout
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200)
    }
    assert.fail(`${line}: no id after 600 reads`)
  }

  function needsId(line: string): boolean {
    return [...line.matchAll(/<(\w+)>/g)].some(
      ([, name]) => name !== 'planId' && name?.endsWith('Id'),
    )
  }

  function substitute(line: string, previous: string): string {
    return line.replace(/<(\w+)>/g, (whole, name: string) => {
      if (name === 'dir') return ready.dataDir
      if (name === 'planId') return ready.plan.id
      const id = name.endsWith('Id') ? UUID.exec(previous)?.[0] : undefined
      assert.ok(id, `${whole} in "${line}": nothing to put there`)
      return id
    })
  }
})

/** The `npx rollcall …` lines of the README's sh blocks, with the section each is in. */
function readmeCommands(): Command[] {
  const commands: Command[] = []
  let section = ''
  let inBlock = false
  for (const raw of README.split('\n')) {
    if (raw.startsWith('## ')) section = raw.slice(3)
    if (raw.startsWith('```')) inBlock = raw.startsWith('```sh') ? !inBlock : false
    else if (inBlock && raw.startsWith('npx rollcall ')) {
      const line = raw.replace(/\s+#.*$/, '')
      // The demo is what this suite started; its own flags are tested in demo.test.ts.
      if (line !== 'npx rollcall demo') commands.push({ section, line })
    }
  }
  return commands
}

/** Splits a command line as a POSIX shell would for these lines: words, '…' and "…" quoting. */
function shellWords(line: string): string[] {
  const words: string[] = []
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g))
    words.push(match[1] ?? match[2] ?? match[3] ?? '')
  return words
}

/** The demo's ready object (its --json line), or the demo's stderr if it exits first. */
async function readyObject(child: ChildProcess): Promise<Ready> {
  let stderr = ''
  child.stderr?.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${stderr}`))),
  )
  exited.catch(() => {})
  const found = (async () => {
    for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
      if (!line.startsWith('{')) continue
      const parsed = JSON.parse(line) as Partial<Ready> & { ready?: boolean }
      if (parsed.ready === true) return parsed as Ready
    }
    throw new Error(`the demo closed stdout before it was ready:\n${stderr}`)
  })()
  return Promise.race([found, exited])
}
