import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'

const BIN = path.resolve(import.meta.dirname, '../../bin/rollcall.js')

/** DESIGN.md's CLI contracts for members, OAuth apps and API connections: one JSON object each. */
describe('rollcall user, oauth app and connection', () => {
  let dataDir: string
  const cli = (args: string[], input?: string) => {
    const result = spawnSync(process.execPath, [BIN, ...args], {
      env: {
        ...process.env,
        ROLLCALL_DATA_DIR: dataDir,
        ROLLCALL_LOG_LEVEL: 'warn',
        DATABASE_URL: '',
      },
      encoding: 'utf8',
      ...(input === undefined ? {} : { input }),
    })
    return { code: result.status, stdout: result.stdout, stderr: result.stderr }
  }
  const json = (args: string[], input?: string) => {
    const result = cli([...args, '--json'], input)
    assert.equal(result.code, 0, result.stderr + result.stdout)
    const lines = result.stdout.trim().split('\n')
    assert.equal(lines.length, 1, `one JSON object on stdout, got: ${result.stdout}`)
    return JSON.parse(lines[0] as string)
  }

  before(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-oauth-cli-'))
    json(['workspace', 'create', 'acme'])
  })
  after(() => rmSync(dataDir, { recursive: true, force: true }))

  it('user create → {"id","email","role"}, the password read from stdin', () => {
    const user = json(
      [
        'user',
        'create',
        '--workspace',
        'acme',
        '--email',
        'owner@acme.com',
        '--role',
        'owner',
        '--password-stdin',
      ],
      'a long enough password\n',
    )
    assert.deepEqual(Object.keys(user).sort(), ['email', 'id', 'role'])
    assert.deepEqual([user.email, user.role], ['owner@acme.com', 'owner'])
    const bad = cli([
      'user',
      'create',
      '--workspace',
      'acme',
      '--email',
      'x@acme.com',
      '--role',
      'root',
      '--json',
    ])
    assert.equal(bad.code, 2, 'an unknown role is a usage error')
    assert.match(JSON.parse(bad.stdout).error.message, /--role must be one of/)
    const taken = cli([
      'user',
      'create',
      '--workspace',
      'acme',
      '--email',
      'OWNER@acme.com',
      '--role',
      'admin',
      '--json',
    ])
    assert.equal(JSON.parse(taken.stdout).error.code, 'MEMBER_EMAIL_TAKEN')
  })

  it('oauth app create|list|rotate-secret', () => {
    const app = json([
      'oauth',
      'app',
      'create',
      '--workspace',
      'acme',
      '--name',
      'Dashboard',
      '--redirect-uri',
      'https://dash.example.com/cb',
      '--redirect-uri',
      'http://127.0.0.1:8400/cb',
      '--scopes',
      'openid,integrations:read',
      '--pkce',
      'optional',
    ])
    assert.match(app.clientId, /^rc_app_/)
    assert.match(app.clientSecret, /^rc_secret_/)
    assert.deepEqual(app.redirectUris, ['https://dash.example.com/cb', 'http://127.0.0.1:8400/cb'])
    assert.equal(app.pkce, 'optional')
    const listed = json(['oauth', 'app', 'list', '--workspace', 'acme'])
    assert.equal(listed.apps.length, 1)
    assert.doesNotMatch(JSON.stringify(listed), /rc_secret_/)
    const rotated = json(['oauth', 'app', 'rotate-secret', app.id])
    assert.deepEqual(Object.keys(rotated).sort(), ['clientId', 'clientSecret', 'id'])
    assert.notEqual(rotated.clientSecret, app.clientSecret)
  })

  it('connection create --allow-ip → {"id","clientId","clientSecret"}; bad CIDRs are refused', () => {
    const created = json([
      'connection',
      'create',
      '--workspace',
      'acme',
      '--allow-ip',
      '203.0.113.0/24,2001:db8::/32',
      '--scopes',
      'scim:manage,integrations:read',
    ])
    assert.deepEqual(Object.keys(created).sort(), ['clientId', 'clientSecret', 'id'])
    assert.match(created.clientId, /^rc_conn_/)
    const listed = json(['connection', 'list', '--workspace', 'acme'])
    assert.deepEqual(listed.connections[0].allowedIps, ['203.0.113.0/24', '2001:db8::/32'])
    const bad = cli([
      'connection',
      'create',
      '--workspace',
      'acme',
      '--allow-ip',
      '10.0.0.0/33',
      '--scopes',
      'scim:manage',
      '--json',
    ])
    assert.equal(bad.code, 1)
    assert.equal(JSON.parse(bad.stdout).error.code, 'CONNECTION_INVALID')
  })
})
