import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'

const BIN = path.resolve(import.meta.dirname, '../../bin/rollcall.js')
const run = promisify(execFile)

/**
 * `rollcall provision <person> [--dry-run] [--wait] --json` and `rollcall trace <person>
 * [--app] --json` (issue 17) against a Sana emulator in this process, on SQLite.
 */
describe('rollcall provision / trace', () => {
  let dataDir: string
  let sana: SanaEmulator
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
        env: {
          ...process.env,
          ROLLCALL_DATA_DIR: dataDir,
          ROLLCALL_LOG_LEVEL: 'warn',
          DATABASE_URL: '',
        },
      })
      return { status: 0, stdout, stderr }
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string }
      return { status: e.code, stdout: e.stdout, stderr: e.stderr }
    }
  }
  const json = async (...args: string[]) => {
    const result = await cli(...args, '--json')
    assert.equal(result.status, 0, result.stderr + result.stdout)
    const lines = result.stdout.trim().split('\n')
    assert.equal(lines.length, 1, `one JSON object on stdout, got: ${result.stdout}`)
    return JSON.parse(lines[0] as string)
  }
  const write = (name: string, value: unknown) => {
    const file = path.join(dataDir, name)
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value))
    return file
  }

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-trace-cli-'))
    sana = await startSanaEmulator()
    sana.seed(['ada@acme.test'])
    await json('workspace', 'create', 'acme')
    const csv = write('people.csv', 'email,active\nada@acme.test,true\nbob@acme.test,true\n')
    await json(
      'source',
      'add',
      'csv',
      '--workspace',
      'acme',
      '--config-file',
      write('csv.json', { file: csv }),
    )
    await json(
      'app',
      'connect',
      '--workspace',
      'acme',
      '--config-file',
      write('sana.json', {
        catalogId: 'sana-labs',
        name: 'Sana',
        connection: { ...sana.connection, rateLimit: { requests: 1000, windowMs: 1000, share: 1 } },
        assignment: { all: true },
      }),
    )
    await json('sync', '--workspace', 'acme')
  })
  after(async () => {
    await sana.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('provisions one person on demand and traces it to verified', async () => {
    const dry = await json('provision', 'bob@acme.test', '--dry-run')
    assert.equal(dry.state, 'planned')
    assert.deepEqual(
      dry.steps.map((s: { kind: string; app: { name: string } }) => `${s.kind} ${s.app.name}`),
      ['create Sana'],
    )
    const done = await json('provision', 'bob@acme.test', '--app', 'Sana', '--wait')
    assert.equal(done.state, 'done', JSON.stringify(done))
    assert.equal(done.steps[0].state, 'verified')
    assert.ok([...sana.state.users.values()].some((u) => u.resource.userName === 'bob@acme.test'))
    const trace = await json('trace', 'bob@acme.test', '--app', 'Sana')
    const kinds = trace.entries.map(
      (e: { kind: string; status: string }) => `${e.kind}:${e.status}`,
    )
    for (const want of ['verification:verified', 'operation:applied', 'operation:planned'])
      assert.ok(kinds.includes(want), `${want} in ${kinds.join(', ')}`)
    const text = await cli('trace', 'bob@acme.test')
    assert.equal(text.status, 0, text.stderr)
    assert.match(text.stdout, /Verified in Sana: the refresh after apply showed the change/)
  })

  it('says what is wrong with a bad person, app or cursor (exit 2)', async () => {
    for (const args of [
      ['trace', 'nobody@acme.test'],
      ['trace', 'bob@acme.test', '--app', 'Nope'],
      ['trace', 'bob@acme.test', '--cursor', 'zzz'],
      ['trace', 'bob@acme.test', '--limit', '0'],
      ['provision', 'bob@acme.test', '--dry-run', '--wait'],
    ]) {
      const result = await cli(...args)
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}${result.stdout}`)
    }
  })
})
