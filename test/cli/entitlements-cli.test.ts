import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, it } from 'node:test'
import { promisify } from 'node:util'
import { seedPeopleFromCsv } from '../helpers/csv-people.js'
import { eachDialect } from '../helpers/dialects.js'
import { appWithAccounts, seedEntitlement, seedGrant } from '../helpers/entitlements.js'
import { startServer, type TestServer } from '../helpers/server.js'

const BIN = path.resolve(import.meta.dirname, '../../bin/rollcall.js')
const run = promisify(execFile)

type Run = { status: number; stdout: string; stderr: string }

/**
 * `rollcall entitlements list --app` and `rollcall access <person>` (issue 15) on the database a
 * hub wrote, on both dialects: human text first, `--json` one object, and exit 2 for an app or
 * person that names nothing. The entitlement tables are seeded directly.
 */
eachDialect('rollcall entitlements / access', (database) => {
  let server: TestServer
  let dataDir: string
  let docs: { appId: string; accounts: Map<string, string> }
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
  const json = async (...args: string[]) => {
    const result = await cli(...args, '--json')
    assert.equal(result.status, 0, result.stderr + result.stdout)
    const lines = result.stdout.trim().split('\n')
    assert.equal(lines.length, 1, `one JSON object on stdout, got: ${result.stdout}`)
    return JSON.parse(lines[0] as string)
  }

  before(async () => {
    server = await startServer(database)
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-entitlements-cli-'))
    const services = server.hub.services
    const workspaceId = server.workspace.id
    await seedPeopleFromCsv(services, workspaceId, [
      'E1,ada@acme.test,Ada,Lovelace,R&D,Eng,active',
      'E2,bob@acme.test,Bob,Ray,Sales,Sales,active',
    ])
    docs = await appWithAccounts(services, workspaceId, {
      name: 'Docs',
      assignment: { filter: 'groups.display eq "Eng"' },
      rows: ['ada@acme.test,Ada,active', 'bob@acme.test,Bob,active'],
    })
    const db = server.store.db
    const base = { workspaceId, appId: docs.appId }
    const admins = await seedEntitlement(db, {
      ...{ ...base, kind: 'group', displayName: 'Admins', privileged: true },
    })
    const editors = await seedEntitlement(db, { ...base, kind: 'role', displayName: 'Editors' })
    for (const [entitlementId, email] of [
      [admins, 'ada@acme.test'],
      [editors, 'ada@acme.test'],
      [editors, 'bob@acme.test'],
    ] as const)
      await seedGrant(db, {
        ...{ ...base, entitlementId },
        accountId: docs.accounts.get(email) ?? assert.fail(email),
      })
  })
  after(async () => {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('entitlements list: a table of name, kind, privileged, members; --json the items', async () => {
    const text = await cli('entitlements', 'list', '--app', 'docs')
    assert.equal(text.status, 0, text.stderr)
    const lines = text.stdout.trim().split('\n')
    assert.match(lines[0] ?? '', /^NAME\s+KIND\s+PRIVILEGED\s+MEMBERS\s+ID$/)
    assert.match(lines[1] ?? '', /^Admins\s+group\s+yes\s+1\s+[0-9a-f-]{36}$/)
    assert.match(lines[2] ?? '', /^Editors\s+role\s+no\s+2\s+[0-9a-f-]{36}$/)
    const listed = await json('entitlements', 'list', '--app', docs.appId)
    assert.deepEqual(listed.app, { id: docs.appId, name: 'Docs' })
    assert.deepEqual(
      listed.items.map((e: { displayName: string; members: number }) => [e.displayName, e.members]),
      [
        ['Admins', 1],
        ['Editors', 2],
      ],
    )
    const roles = await json('entitlements', 'list', '--app', 'Docs', '--kind', 'role')
    assert.deepEqual(
      roles.items.map((e: { displayName: string }) => e.displayName),
      ['Editors'],
    )
    const none = await cli('entitlements', 'list', '--app', 'Docs', '--kind', 'license')
    assert.match(none.stdout, /No entitlements in Docs of kind license/)
  })

  it('entitlements list: an unknown app or kind is a usage error (exit 2) saying what exists', async () => {
    const unknown = await cli('entitlements', 'list', '--app', 'Nope')
    assert.equal(unknown.status, 2, unknown.stderr)
    assert.match(unknown.stderr, /No app 'Nope'\. Apps here: Docs/)
    const badKind = await cli('entitlements', 'list', '--app', 'Docs', '--kind', 'admin')
    assert.equal(badKind.status, 2)
    assert.match(badKind.stderr, /--kind must be one of group, role, license, permission/)
    assert.equal((await cli('entitlements', 'list')).status, 2, '--app is required')
  })

  it('access <person>: accounts and grants per app with why, in words and as JSON', async () => {
    const text = await cli('access', 'ada@acme.test')
    assert.equal(text.status, 0, text.stderr)
    assert.match(text.stdout, /\(active\)\n\nDocs\n/)
    assert.match(
      text.stdout,
      /account ada@acme\.test \(active\): Linked by the correlation rule "\w+"; Docs's assignment \(filter: groups\.display eq "Eng"\) includes them\./,
    )
    assert.match(
      text.stdout,
      /group Admins, privileged: No rule grants this: it was found in Docs's listing/,
    )
    assert.match(text.stdout, /role Editors: No rule grants this/)
    const access = await json('access', 'ada@acme.test')
    assert.equal(access.person.email, 'ada@acme.test')
    assert.equal(access.apps.length, 1)
    assert.deepEqual(
      access.apps[0].grants.map((g: { entitlementName: string }) => g.entitlementName),
      ['Admins', 'Editors'],
    )
    assert.equal(access.apps[0].grants[0].reason.kind, 'none')
    const byId = await json('access', access.person.id)
    assert.equal(byId.person.id, access.person.id, 'by id too')
    const bobText = await cli('access', 'bob@acme.test')
    assert.match(bobText.stdout, /does not include them\./)
  })

  it('access: an unknown person is a usage error (exit 2)', async () => {
    const unknown = await cli('access', 'nobody@acme.test')
    assert.equal(unknown.status, 2, unknown.stderr)
    assert.match(unknown.stderr, /No person 'nobody@acme\.test'/)
    const asJson = await cli('access', 'nobody@acme.test', '--json')
    assert.equal(asJson.status, 2)
    assert.equal(JSON.parse(asJson.stdout).error.code, 'USAGE')
    assert.equal((await cli('access')).status, 2, 'the person is required')
  })
})

/** The URL that reaches the server's database from another process (its schema on PostgreSQL). */
function databaseUrl(server: TestServer): string {
  const { url, schema } = server.store
  if (!schema) return url
  const separator = url.includes('?') ? '&' : '?'
  return `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`
}
