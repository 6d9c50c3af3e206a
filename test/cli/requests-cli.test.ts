import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, it } from 'node:test'
import { promisify } from 'node:util'
import { seedPeopleFromCsv } from '../helpers/csv-people.js'
import { eachDialect } from '../helpers/dialects.js'
import { appWithAccounts, seedEntitlement } from '../helpers/entitlements.js'
import { startServer, type TestServer } from '../helpers/server.js'

const BIN = path.resolve(import.meta.dirname, '../../bin/rollcall.js')
const run = promisify(execFile)
const SYSTEM = { type: 'system', id: null } as const

type Run = { status: number; stdout: string; stderr: string }

/**
 * `rollcall request create|list|show|approve|reject|cancel` and `rollcall request policy`
 * (issue 18) on the database a hub wrote, on both dialects: Docs (Samepage, roles by task) with
 * the role Editors; ada asks, the owner approves as `--as`, ada cannot approve her own.
 */
eachDialect('rollcall request', (database) => {
  let server: TestServer
  let dataDir: string
  const cli = async (...args: string[]): Promise<Run> => {
    const env = {
      ...process.env,
      ROLLCALL_DATA_DIR: dataDir,
      ROLLCALL_LOG_LEVEL: 'warn',
      ROLLCALL_SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
      DATABASE_URL: databaseUrl(server),
    }
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env })
      return { status: 0, stdout, stderr }
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string }
      return { status: e.code, stdout: e.stdout, stderr: e.stderr }
    }
  }

  before(async () => {
    server = await startServer(database)
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-requests-cli-'))
    const services = server.hub.services
    const workspaceId = server.workspace.id
    await seedPeopleFromCsv(services, workspaceId, ['E1,ada@acme.test,Ada,Lovelace,R&D,Eng,active'])
    const docs = await appWithAccounts(services, workspaceId, {
      name: 'Docs',
      rows: ['ada@acme.test,Ada,active'],
    })
    await seedEntitlement(server.store.db, {
      ...{ workspaceId, appId: docs.appId, kind: 'role', displayName: 'Editors' },
    })
    for (const email of ['ada@acme.test', 'it@acme.test'])
      await services.members.create({ workspaceId, email, role: 'member' }, SYSTEM)
  })
  after(async () => {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('policy: set from a file, shown; a bad one refused with every problem', async () => {
    const file = path.join(dataDir, 'policy.json')
    writeFileSync(file, JSON.stringify({ entitlements: { Editors: { maxDuration: '14d' } } }))
    const set = await cli('request', 'policy', 'Docs', '--config-file', file, '--json')
    assert.equal(set.status, 0, set.stderr)
    const shown = JSON.parse((await cli('request', 'policy', 'Docs', '--json')).stdout)
    assert.equal(shown.entitlements[0].entitlementName, 'Editors')
    assert.equal(shown.entitlements[0].policy.maxDuration, '14d')
    writeFileSync(file, JSON.stringify({ app: { approvers: ['nobody@acme.test'] } }))
    const bad = await cli('request', 'policy', 'Docs', '--config-file', file, '--json')
    assert.notEqual(bad.status, 0)
    assert.match(bad.stdout + bad.stderr, /REQUEST_POLICY_INVALID|not a member/)
  })

  it('create, list, show, approve (not by the requester), and a too long duration refused', async () => {
    const ask = ['request', 'create', '--app', 'Docs', '--entitlement', 'Editors']
    const long = await cli(
      ...ask,
      '--reason',
      'docs sprint',
      '--duration',
      '30d',
      '--as',
      'ada@acme.test',
      '--json',
    )
    assert.notEqual(long.status, 0)
    assert.match(long.stdout + long.stderr, /at most 14d/)
    const created = await cli(
      ...ask,
      '--reason',
      'docs sprint',
      '--duration',
      '7d',
      '--as',
      'ada@acme.test',
      '--json',
    )
    assert.equal(created.status, 0, created.stderr)
    const request = JSON.parse(created.stdout)
    assert.equal(request.status, 'pending')
    const listed = JSON.parse(
      (await cli('request', 'list', '--mine', '--as', 'ada@acme.test', '--json')).stdout,
    )
    assert.deepEqual(
      listed.items.map((r: { id: string }) => r.id),
      [request.id],
    )
    const own = await cli(
      'request',
      'approve',
      request.id,
      '--reason',
      'me',
      '--as',
      'ada@acme.test',
    )
    assert.notEqual(own.status, 0)
    assert.match(own.stdout + own.stderr, /own/)
    const approved = await cli(
      'request',
      'approve',
      request.id,
      '--reason',
      'sprint',
      '--as',
      'it@acme.test',
      '--json',
    )
    assert.equal(approved.status, 0, approved.stderr)
    assert.equal(JSON.parse(approved.stdout).status, 'approved')
    const shown = JSON.parse((await cli('request', 'show', request.id, '--json')).stdout)
    assert.equal(shown.approvals.length, 1)
    const again = await cli(
      'request',
      'reject',
      request.id,
      '--reason',
      'late',
      '--as',
      'it@acme.test',
    )
    assert.notEqual(again.status, 0)
    assert.match(again.stdout + again.stderr, /not pending/)
  })
})

function databaseUrl(server: TestServer): string {
  const { url, schema } = server.store
  if (!schema) return url
  const separator = url.includes('?') ? '&' : '?'
  return `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`
}
