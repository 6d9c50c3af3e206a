import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
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
 * `rollcall app update|show` with grant rules and `rollcall exceptions add|list|revoke` (issue 15)
 * on the database a hub wrote, on both dialects. Samepage (roles changed by hand) holds the
 * accounts; its roles and grants are seeded.
 */
eachDialect('rollcall app update (grants) / exceptions', (database) => {
  let server: TestServer
  let dataDir: string
  let appId: string
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
  const file = (name: string, value: unknown) => {
    const at = path.join(dataDir, name)
    writeFileSync(at, JSON.stringify(value))
    return at
  }

  before(async () => {
    server = await startServer(database)
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-grant-rules-cli-'))
    const services = server.hub.services
    const workspaceId = server.workspace.id
    await seedPeopleFromCsv(services, workspaceId, ['E1,ada@acme.test,Ada,Lovelace,R&D,Eng,active'])
    const docs = await appWithAccounts(services, workspaceId, {
      name: 'Docs',
      rows: ['ada@acme.test,Ada,active'],
    })
    appId = docs.appId
    const base = { workspaceId, appId }
    const editors = await seedEntitlement(server.store.db, {
      ...{ ...base, kind: 'role', displayName: 'Editors' },
    })
    await seedGrant(server.store.db, {
      ...{ ...base, entitlementId: editors },
      accountId: docs.accounts.get('ada@acme.test') ?? assert.fail('ada'),
    })
  })
  after(async () => {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('app update saves grant rules from a file; app show prints them in words', async () => {
    const rules = file('rules.json', {
      grants: [
        { entitlement: 'editors', filter: 'department eq "R&D"', until: '2099-01-01T00:00:00Z' },
      ],
    })
    const updated = await cli('app', 'update', 'Docs', '--config-file', rules)
    assert.equal(updated.status, 0, updated.stderr)
    const shown = await cli('app', 'show', 'docs')
    assert.equal(shown.status, 0, shown.stderr)
    assert.match(
      shown.stdout,
      /Grant rules:\n {2}\S+ {2}Editors \(filter: department eq "R&D", until 2099-01-01T00:00:00\.000Z\)/,
    )
    const json = JSON.parse((await cli('app', 'show', appId, '--json')).stdout)
    assert.equal(json.grants[0].entitlementName, 'Editors')
  })

  it('app update refuses a bad rule (exit 1) with the rule named, and changes nothing', async () => {
    const before = (await cli('app', 'show', 'Docs', '--json')).stdout
    const bad = file('bad.json', { grants: [{ entitlement: 'Nobody' }] })
    const refused = await cli('app', 'update', 'Docs', '--config-file', bad)
    assert.equal(refused.status, 1, refused.stderr)
    assert.match(refused.stderr, /grants\[0\]\.entitlement: no entitlement 'Nobody'/)
    assert.equal((await cli('app', 'show', 'Docs', '--json')).stdout, before)
  })

  it('exceptions add by name and person email, list, revoke by id', async () => {
    const added = await cli(
      ...['exceptions', 'add', '--app', 'Docs', '--entitlement', 'Editors'],
      ...['--account', 'ada@acme.test', '--reason', 'covering for Bob'],
      ...['--until', new Date(Date.now() + 7 * 86_400_000).toISOString(), '--json'],
    )
    assert.equal(added.status, 0, added.stderr)
    const created = JSON.parse(added.stdout)
    assert.equal(created.status, 'active')
    const listed = await cli('exceptions', 'list', '--app', 'Docs')
    assert.match(
      listed.stdout,
      new RegExp(`^${created.id}\\s+active\\s+until .*covering for Bob$`, 'm'),
    )
    const revoked = await cli('exceptions', 'revoke', created.id)
    assert.equal(revoked.status, 0, revoked.stderr)
    assert.match(revoked.stdout, /Revoked exception/)
    assert.match(
      (await cli('exceptions', 'list', '--app', 'Docs')).stdout,
      /No grant exceptions in Docs in force/,
    )
    const unknown = await cli('exceptions', 'revoke', 'nope')
    assert.equal(unknown.status, 2, 'an id that names nothing is a usage error')
    const badEntitlement = await cli(
      ...['exceptions', 'add', '--app', 'Docs', '--entitlement', 'Nobody'],
      ...['--account', 'ada@acme.test', '--reason', 'r', '--until', '2099-01-01T00:00:00Z'],
    )
    assert.equal(badEntitlement.status, 2, badEntitlement.stderr)
    assert.match(badEntitlement.stderr, /--entitlement: no entitlement 'Nobody'/)
  })
})

/** The URL that reaches the server's database from another process (its schema on PostgreSQL). */
function databaseUrl(server: TestServer): string {
  const { url, schema } = server.store
  if (!schema) return url
  const separator = url.includes('?') ? '&' : '?'
  return `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`
}
