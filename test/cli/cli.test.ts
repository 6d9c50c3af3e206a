import assert from 'node:assert/strict'
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { freePort } from '../helpers/server.js'
import { serving } from './serve-process.js'

const BIN = path.resolve(import.meta.dirname, '../../bin/rollcall.js')

/** The CLI contract of DESIGN.md: --json prints exactly one object; exit codes scripts can trust. */
describe('rollcall CLI', () => {
  let dataDir: string
  let server: ChildProcess | undefined
  let port: number
  const env = () => ({
    ...process.env,
    ROLLCALL_DATA_DIR: dataDir,
    PORT: String(port),
    ROLLCALL_LOG_LEVEL: 'warn',
    DATABASE_URL: '',
  })
  const cli = (...args: string[]) => {
    const result = spawnSync(process.execPath, [BIN, ...args], { env: env(), encoding: 'utf8' })
    return { code: result.status, stdout: result.stdout, stderr: result.stderr }
  }
  const json = (...args: string[]) => {
    const result = cli(...args, '--json')
    assert.equal(result.code, 0, result.stderr + result.stdout)
    const lines = result.stdout.trim().split('\n')
    assert.equal(lines.length, 1, `one JSON object on stdout, got: ${result.stdout}`)
    return JSON.parse(lines[0] as string)
  }

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-cli-'))
    port = await freePort()
  })
  after(() => {
    server?.kill('SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('creates a workspace, a directory and a token with the documented JSON shapes', () => {
    assert.deepEqual(Object.keys(json('workspace', 'create', 'acme')).sort(), [
      'id',
      'name',
      'plan',
      'slug',
    ])
    const directory = json('directory', 'create', '--workspace', 'acme', '--name', 'Okta')
    assert.deepEqual(Object.keys(directory).sort(), ['id', 'scimBaseUrl', 'token'])
    assert.equal(directory.scimBaseUrl, `http://127.0.0.1:${port}/scim/v2`)
    const token = json(
      'token',
      'create',
      '--workspace',
      'acme',
      '--scopes',
      'scim:manage,audit:read',
    )
    assert.match(token.token, /^rc_mgmt_/)
    const rotated = json('directory', 'rotate-token', directory.id)
    assert.deepEqual(Object.keys(rotated).sort(), ['id', 'token'])
    assert.notEqual(rotated.token, directory.token)
    assert.equal(json('directory', 'list', '--workspace', 'acme').directories.length, 1)
  })

  it('fails with exit code 1 and a JSON error for a failed operation, 2 for a wrong command line', () => {
    const duplicate = cli('workspace', 'create', 'acme', '--json')
    assert.equal(duplicate.code, 1)
    assert.equal(JSON.parse(duplicate.stdout).error.code, 'WORKSPACE_SLUG_TAKEN')
    // Usage errors, whoever finds them (commander, a check of ours, a name that matches nothing).
    const badScope = cli('token', 'create', '--workspace', 'acme', '--scopes', 'root', '--json')
    assert.equal(badScope.code, 2)
    assert.match(JSON.parse(badScope.stdout).error.message, /Unknown scope root/)
    assert.equal(cli('frobnicate').code, 2)
    assert.equal(cli('directory', 'create', '--profile', 'nope').code, 2)
    assert.equal(cli('token', 'create', '--workspace', 'acme').code, 2, 'a required option')
    const missing = cli('directory', 'create', '--workspace', 'nope')
    assert.equal(missing.code, 2)
    assert.match(missing.stderr, /No workspace 'nope'\. Workspaces here: acme\./)
  })

  it('works on the same database while the server runs', async () => {
    server = spawn(process.execPath, [BIN, 'serve'], {
      env: env(),
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    await serving(server)
    const directory = json('directory', 'create', '--workspace', 'acme')
    const response = await fetch(`${directory.scimBaseUrl}/Users`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${directory.token}`,
        'content-type': 'application/scim+json',
      },
      body: JSON.stringify({ userName: 'live@acme.com' }),
    })
    assert.equal(response.status, 201)
    const rotated = json('directory', 'rotate-token', directory.id)
    const stale = await fetch(`${directory.scimBaseUrl}/Users`, {
      headers: { authorization: `Bearer ${directory.token}` },
    })
    assert.equal(stale.status, 401)
    const fresh = await fetch(`${directory.scimBaseUrl}/Users`, {
      headers: { authorization: `Bearer ${rotated.token}` },
    })
    assert.equal(fresh.status, 200)
    server.kill('SIGTERM')
    const code = await new Promise<number | null>((resolve) => server?.once('exit', resolve))
    assert.equal(code, 0, 'graceful shutdown exits 0')
    server = undefined
  })
})
