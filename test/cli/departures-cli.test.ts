import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'

const BIN = path.resolve(import.meta.dirname, '../../bin/rollcall.js')
const run = promisify(execFile)

/**
 * `rollcall departures` (the departure gate's bursts, issue 13) and `rollcall lifecycle
 * reinstate` (reversing an admin's offboarding, issue 19): listing, decisions that need a
 * reason, and usage errors with exit code 2.
 */
describe('rollcall departures / lifecycle reinstate', () => {
  let dataDir: string
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

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-departures-cli-'))
    assert.equal((await cli('workspace', 'create', 'acme')).status, 0)
    const csv = path.join(dataDir, 'people.csv')
    writeFileSync(csv, 'email,active\nada@acme.test,true\n')
    const config = path.join(dataDir, 'csv.json')
    writeFileSync(config, JSON.stringify({ file: csv }))
    assert.equal((await cli('source', 'add', 'csv', '--config-file', config)).status, 0)
    assert.equal((await cli('sync')).status, 0)
  })
  after(() => rmSync(dataDir, { recursive: true, force: true }))

  it('lists bursts, and a decision needs a reason and an existing burst', async () => {
    const listed = await cli('departures', '--json')
    assert.equal(listed.status, 0, listed.stderr)
    assert.deepEqual(JSON.parse(listed.stdout), { bursts: [] })
    assert.match((await cli('departures')).stdout, /No departure bursts/)
    assert.equal((await cli('departures', 'approve', 'nope')).status, 2, 'no --reason')
    const unknown = await cli('departures', 'approve', 'nope', '--reason', 'layoff')
    assert.equal(unknown.status, 2, unknown.stderr)
    assert.match(unknown.stderr, /No departure burst/)
    assert.equal((await cli('departures', '--status', 'someday')).status, 2)
  })

  it('reinstate needs a reason and a standing offboarding', async () => {
    assert.equal((await cli('lifecycle', 'reinstate', 'ada@acme.test')).status, 2)
    const none = await cli('lifecycle', 'reinstate', 'ada@acme.test', '--reason', 'back')
    assert.equal(none.status, 1, none.stderr)
    assert.match(none.stderr, /no standing offboarding/)
  })
})
