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
 * `rollcall offboard <person> --workspace <slug> [--apply --wait] --json` and `rollcall lifecycle
 * status`, against a Sana emulator in this process (so the CLI runs asynchronously beside it)
 * and Samepage as a manual app.
 */
describe('rollcall onboard / offboard / lifecycle status', () => {
  let dataDir: string
  let sana: SanaEmulator
  let sanaId: string
  let samepageId: string
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
  const people = (bobActive: boolean) =>
    write('people.csv', `email,active\nada@acme.test,true\nbob@acme.test,${bobActive}\n`)

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-lifecycle-cli-'))
    sana = await startSanaEmulator()
    sana.seed(['ada@acme.test', 'bob@acme.test'])
    await json('workspace', 'create', 'acme')
    const csv = people(true)
    const source = write('csv.json', { file: csv })
    await json('source', 'add', 'csv', '--workspace', 'acme', '--config-file', source)
    const fast = { requests: 1000, windowMs: 1000, share: 1 }
    sanaId = (
      await json(
        'app',
        'connect',
        '--workspace',
        'acme',
        '--config-file',
        write('sana.json', {
          catalogId: 'sana-labs',
          name: 'Sana',
          connection: { ...sana.connection, rateLimit: fast },
          assignment: { all: true },
        }),
      )
    ).id
    samepageId = (
      await json(
        'app',
        'connect',
        '--workspace',
        'acme',
        '--config-file',
        write('samepage.json', {
          catalogId: 'samepage',
          name: 'Samepage',
          owner: 'it@acme.test',
          assignment: { all: true },
        }),
      )
    ).id
    await json('sync', '--workspace', 'acme')
  })
  after(async () => {
    await sana.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('a dry run lists every app’s steps, automated or manual, and changes nothing', async () => {
    const report = await json('offboard', 'bob@acme.test', '--workspace', 'acme')
    assert.equal(report.status, 'planned')
    assert.equal(report.person.email, 'bob@acme.test')
    // Sana: deactivate by API. Samepage: no account known yet (no import), so nothing there.
    assert.deepEqual(
      report.operations.map((op: { appId: string; kind: string; mode: string }) => [
        op.appId,
        op.kind,
        op.mode,
      ]),
      [[sanaId, 'deactivate', 'automated']],
    )
    assert.deepEqual(report.held, [])
    assert.equal(report.applied, 0)
    assert.equal(report.tasks, 0)
    const bob = [...sana.state.users.values()].find((u) => u.resource.userName === 'bob@acme.test')
    assert.equal(bob?.resource.active, true)
    const text = await cli('offboard', 'bob@acme.test', '--workspace', 'acme')
    assert.equal(text.status, 0, text.stderr)
    assert.match(text.stdout, /dry run: nothing was changed/)
    assert.match(text.stdout, /deactivate +in Sana: automated; planned/)
  })

  it('--apply --wait deactivates the account, opens the Samepage task and revokes access', async () => {
    const imported = write(
      'members.csv',
      'email,name,status\nada@acme.test,Ada,active\nbob@acme.test,Bob,active\n',
    )
    await json('app', 'import-accounts', samepageId, '--workspace', 'acme', '--file', imported)
    await json('sync', '--workspace', 'acme')
    const report = await json(
      'offboard',
      'bob@acme.test',
      '--workspace',
      'acme',
      '--apply',
      '--wait',
    )
    assert.equal(report.failed, 0)
    assert.equal(report.applied, 1)
    const bob = [...sana.state.users.values()].find((u) => u.resource.userName === 'bob@acme.test')
    assert.equal(bob?.resource.active, false, 'deactivated in the app')
    assert.equal(report.revocation.personEmail, 'bob@acme.test')
    assert.equal(report.status, 'awaiting_tasks', JSON.stringify(report))
    assert.equal(report.tasks, 1)
    assert.deepEqual(report.taskStatus, { open: 1, done: 0, verified: 0 })
    const manual = report.operations.find((op: { mode: string }) => op.mode === 'manual')
    assert.equal(manual.appId, samepageId)
    assert.equal(manual.task.action, 'deactivate_account')
    assert.equal(manual.task.status, 'open')
    const later = await json('lifecycle', 'status', report.planId, '--workspace', 'acme')
    assert.equal(later.planId, report.planId)
    assert.equal(later.status, report.status)
    assert.equal(later.applied, 1)
  })

  it('says what is wrong: --wait without --apply, an unknown person, a foreign plan', async () => {
    const usage = await cli('offboard', 'bob@acme.test', '--workspace', 'acme', '--wait', '--json')
    assert.equal(usage.status, 2)
    assert.equal(JSON.parse(usage.stdout).error.code, 'USAGE')
    const unknown = await cli('offboard', 'nobody@acme.test', '--workspace', 'acme', '--json')
    assert.equal(unknown.status, 2, 'a person who is not there is a usage error')
    assert.match(JSON.parse(unknown.stdout).error.message, /No person 'nobody@acme.test'/)
    const plan = await cli('lifecycle', 'status', 'no-such-plan', '--workspace', 'acme', '--json')
    assert.equal(JSON.parse(plan.stdout).error.code, 'LIFECYCLE_PLAN_NOT_FOUND')
  })
})
