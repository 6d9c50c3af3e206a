import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type OktaEmulator, startOktaEmulator } from '../emulators/okta.js'

const BIN = path.resolve(import.meta.dirname, '../../bin/rollcall.js')

/** `rollcall source add` and `rollcall sync` as DESIGN.md says: one JSON object with --json. */
describe('rollcall source add / sync', () => {
  let dataDir: string
  let okta: OktaEmulator
  // Not spawnSync: the Okta emulator answers from this process while the CLI runs.
  const cli = (...args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        env: {
          ...process.env,
          ROLLCALL_DATA_DIR: dataDir,
          ROLLCALL_LOG_LEVEL: 'warn',
          DATABASE_URL: '',
        },
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk) => (stdout += chunk))
      child.stderr.on('data', (chunk) => (stderr += chunk))
      child.once('error', reject)
      child.once('close', (code) => resolve({ code, stdout, stderr }))
    })
  const json = async (...args: string[]) => {
    const result = await cli(...args, '--json')
    assert.equal(result.code, 0, result.stderr + result.stdout)
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
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-sync-cli-'))
    okta = await startOktaEmulator()
    okta.seedUsers(['ada@acme.test', 'alan@acme.test', 'grace@acme.test'])
    await json('workspace', 'create', 'acme')
  })
  after(async () => {
    await okta.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('adds an okta and a csv source, syncs them and prints counts per source and app', async () => {
    const oktaSource = await json(
      'source',
      'add',
      'okta',
      '--workspace',
      'acme',
      '--config-file',
      write('okta.json', { orgUrl: okta.orgUrl, token: okta.token }),
    )
    assert.deepEqual(Object.keys(oktaSource), ['id'])
    const csv = write('people.csv', 'email,department\nada@acme.test,R&D\nnew@acme.test,Sales\n')
    const csvSource = await json(
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
      write('app.json', { catalogId: 'samepage', name: 'Samepage', owner: 'it@acme.test' }),
    )
    const result = await json('sync', '--workspace', 'acme')
    assert.deepEqual(Object.keys(result).sort(), ['apps', 'sources', 'workspace'])
    type Row = { sourceId: string; counts: { created: number } }
    const byId = new Map<string, Row>(result.sources.map((s: Row) => [s.sourceId, s]))
    assert.equal(byId.get(oktaSource.id)?.counts.created, 3)
    assert.equal(
      byId.get(csvSource.id)?.counts.created,
      1,
      'ada is one person: correlated on email',
    )
    assert.deepEqual(
      result.apps.map((a: { name: string; accounts: number }) => [a.name, a.accounts]),
      [['Samepage', 0]],
    )
  })

  it('syncs one source; a held sync exits 1 and says why', async () => {
    const list = await json('source', 'list', '--workspace', 'acme')
    const oktaSource = list.sources.find((s: { kind: string }) => s.kind === 'okta')
    for (const user of [...okta.state.users.values()]) okta.state.deleteUser(user)
    const held = await cli(
      'sync',
      '--workspace',
      'acme',
      '--source',
      oktaSource.id,
      '--full',
      '--json',
    )
    assert.equal(held.code, 1)
    const report = JSON.parse(held.stdout.trim())
    assert.equal(report.sources[0].status, 'held')
    assert.match(report.sources[0].error.message, /returned nobody/)
    assert.deepEqual(report.apps, [])
  })

  it('refuses an invalid source.json with the problems', async () => {
    const result = await cli(
      'source',
      'add',
      'okta',
      '--workspace',
      'acme',
      '--config-file',
      write('bad.json', { orgUrl: 'ftp://x' }),
      '--json',
    )
    assert.equal(result.code, 1)
    assert.equal(JSON.parse(result.stdout).error.code, 'SOURCE_INVALID')
  })
})
