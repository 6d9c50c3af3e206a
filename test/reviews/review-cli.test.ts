import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, it } from 'node:test'
import { promisify } from 'node:util'
import { seedPeopleFromCsv } from '../helpers/csv-people.js'
import { eachDialect } from '../helpers/dialects.js'
import { appWithAccounts } from '../helpers/entitlements.js'
import { startServer, type TestServer } from '../helpers/server.js'

const BIN = path.resolve(import.meta.dirname, '../../bin/rollcall.js')
const run = promisify(execFile)

/**
 * `rollcall review create|list|show|decide|close|report` on the database a running hub uses: a
 * member deciding as themself (`--as`) is refused their own access with the management error in
 * JSON; an admin decides the rest, closes (everything decided) and exports the CSV report.
 */
eachDialect('rollcall review', (database) => {
  let server: TestServer
  let dataDir: string
  let appId = ''
  const cli = async (...args: string[]) => {
    const { url, schema } = server.store
    const databaseUrl = schema
      ? `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`
      : url
    const env = {
      ...process.env,
      ...{ ROLLCALL_DATA_DIR: dataDir, ROLLCALL_LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl },
      ROLLCALL_SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
    }
    try {
      const { stdout } = await run(process.execPath, [BIN, ...args], { env })
      return { status: 0, stdout }
    } catch (error) {
      const e = error as { code: number; stdout: string }
      return { status: e.code, stdout: e.stdout }
    }
  }

  before(async () => {
    server = await startServer(database)
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-review-cli-'))
    const services = server.hub.services
    const ws = server.workspace.id
    await seedPeopleFromCsv(services, ws, [
      'E1,ada@acme.test,Ada,Lovelace,R&D,Eng,active',
      'E2,bob@acme.test,Bob,Builder,R&D,Eng,active',
    ])
    appId = (
      await appWithAccounts(services, ws, {
        name: 'Docs',
        rows: ['ada@acme.test,Ada,active', 'bob@acme.test,Bob,active'],
      })
    ).appId
    await services.members.create(
      {
        workspaceId: ws,
        email: 'ada@acme.test',
        role: 'member',
        password: 'correct horse battery',
      },
      { type: 'system', id: null },
    )
  })
  after(async () => {
    await server?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('creates, decides (not one’s own access), closes and reports', async () => {
    const config = path.join(dataDir, 'review.json')
    writeFileSync(
      config,
      JSON.stringify({
        name: 'Docs review',
        scope: { apps: [appId] },
        reviewers: { type: 'members', emails: ['ada@acme.test'] },
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
        default: 'keep',
      }),
    )
    const created = await cli('review', 'create', '--config-file', config, '--json')
    assert.equal(created.status, 0, created.stdout)
    const review = JSON.parse(created.stdout)
    assert.equal(review.progress.items, 2)
    const listed = JSON.parse((await cli('review', 'list', '--json')).stdout)
    assert.deepEqual(
      listed.reviews.map((r: { id: string }) => r.id),
      [review.id],
    )

    const items = (await server.hub.services.reviews.items(server.workspace.id, review.id, {}))
      .items
    const own = items.find((i) => i.person.email === 'ada@acme.test')
    const bob = items.find((i) => i.person.email === 'bob@acme.test')
    assert.ok(own && bob)
    const refused = await cli(
      ...['review', 'decide', review.id, '--items', own.id, '--decision', 'keep'],
      ...['--reason', 'mine', '--as', 'ada@acme.test', '--json'],
    )
    assert.notEqual(refused.status, 0)
    assert.equal(JSON.parse(refused.stdout).error.code, 'REVIEW_OWN_ACCESS')
    const mine = await cli(
      ...['review', 'decide', review.id, '--items', bob.id, '--decision', 'revoke'],
      ...['--reason', 'left the team', '--as', 'ada@acme.test', '--json'],
    )
    assert.deepEqual(JSON.parse(mine.stdout), { decided: 1 })
    const early = await cli('review', 'close', review.id, '--json')
    assert.equal(JSON.parse(early.stdout).error.code, 'REVIEW_NOT_DUE')
    const admin = await cli(
      ...['review', 'decide', review.id, '--items', own.id, '--decision', 'keep'],
      ...['--reason', 'checked', '--json'],
    )
    assert.deepEqual(JSON.parse(admin.stdout), { decided: 1 })
    const closed = JSON.parse((await cli('review', 'close', review.id, '--json')).stdout)
    assert.equal(closed.status, 'closed')
    const shown = JSON.parse((await cli('review', 'show', review.id, '--json')).stdout)
    assert.equal(shown.progress.revoked, 1)
    const report = await cli('review', 'report', review.id, '--format', 'csv')
    const lines = report.stdout.trim().split('\r\n')
    assert.equal(lines.length, 3)
    assert.ok(
      lines.some(
        (l) =>
          l.includes('bob@acme.test') && l.includes('left the team') && l.includes('ada@acme.test'),
      ),
    )
  })
})
