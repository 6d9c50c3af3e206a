import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { setTimeout as delay } from 'node:timers/promises'
import type { OperationDraft } from '../../src/access/reconcile/types.js'
import { seededRandom } from '../../src/dev/emulators/index.js'
import type { ReadOnlyGroup } from '../emulators/scim-routes.js'
import { type StensulEmulator, startStensulEmulator } from '../emulators/stensul.js'
import { closeHarness } from '../helpers/apply.js'
import { eachDialect } from '../helpers/dialects.js'
import {
  accountsOf,
  createDraft,
  entitlementsOf,
  grantDraft,
  insertPlan,
  repeated,
} from '../helpers/grant-plans.js'
import { type LifecycleHarness, openLifecycle, SYSTEM } from '../helpers/lifecycle.js'

const BIN = path.resolve(import.meta.dirname, '../../bin/rollcall.js')
const HOLDERS = 600
const ADMINS = 50
const NEWCOMERS = 150
const KILLS = 3
const JOBS = {
  'jobs.pollMs': 20,
  'jobs.leaseMs': 3000,
  'jobs.concurrencyPerApp': 16,
  'jobs.concurrency': 32,
  'jobs.background': false,
}

type Child = { process: ChildProcess; stdout: string; exited: Promise<number | null> }

const emails = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}@acme.com`)

/**
 * The crash test of issue 15, after test/apply/crash.test.ts: `rollcall apply <plan> --wait` in
 * child processes, killed with SIGKILL several times while grant operations run (grants added
 * to existing accounts, privileged grants removed, new accounts created with two roles each),
 * then run to the end. The Stensul emulator's membership log must show every grant change
 * exactly once, and every new account created once.
 */
eachDialect('apply of grant operations survives kill -9', (database) => {
  let h: LifecycleHarness
  let stensul: StensulEmulator
  let config: string

  before(async () => {
    h = await openLifecycle(database, JOBS)
    stensul = await startStensulEmulator({ roles: ['Admin', 'Creator', 'Reviewer'] })
    config = path.join(h.dataDir, 'child.json')
    writeFileSync(
      config,
      JSON.stringify({
        dataDir: h.dataDir,
        secretKey: 'test-secret-key-that-is-long-enough-0123456789',
        database: { url: childUrl(h.store.url, h.store.schema) },
        jobs: { pollMs: 20, leaseMs: 3000, concurrencyPerApp: 16, concurrency: 32 },
        log: { level: 'error' },
      }),
    )
  })
  after(async () => {
    await closeHarness(h)
    await stensul.close()
  })

  /** Reviewers all; the first ADMINS also admins. Plan: admins lose Admin, the rest gain Creator, newcomers come with Creator and Reviewer. */
  async function grantPlan() {
    const ids = stensul.seed(emails(HOLDERS, 'holder'))
    const roles = stensul.roles as ReadOnlyGroup[]
    const role = (name: string) => roles.find((r) => r.displayName === name) as ReadOnlyGroup
    role('Reviewer').memberIds = [...ids]
    role('Admin').memberIds = ids.slice(0, ADMINS)
    const app = await h.services.apps.connect(
      h.workspace.id,
      {
        catalogId: 'stensul',
        name: 'Stensul',
        connection: {
          ...stensul.connection,
          rateLimit: { requests: 1000, windowMs: 1000, share: 1 },
        },
      },
      SYSTEM,
    )
    const read = await h.services.graph.refreshApp(h.workspace.id, app.id, {
      trigger: 'cli',
      actor: SYSTEM,
    })
    assert.equal(read.status, 'succeeded', JSON.stringify(read))
    const accounts = [...(await accountsOf(h, app.id)).values()]
    const ents = await entitlementsOf(h, app.id)
    const [admin, creator, reviewer] = ['Admin', 'Creator', 'Reviewer'].map((n) => ents.get(n))
    assert.ok(admin && creator && reviewer && accounts.length === HOLDERS)
    const admins = new Set(ids.slice(0, ADMINS))
    const drafts: OperationDraft[] = [
      ...accounts.map((a) =>
        admins.has(a.remoteId)
          ? grantDraft(app.id, 'remove_grant', a, admin)
          : grantDraft(app.id, 'add_grant', a, creator),
      ),
      ...emails(NEWCOMERS, 'newcomer').map((email) =>
        createDraft(app.id, email, [creator, reviewer]),
      ),
    ]
    const expected = accounts.map((a) =>
      admins.has(a.remoteId) ? `remove role-admin ${a.remoteId}` : `add role-creator ${a.remoteId}`,
    )
    return { planId: await insertPlan(h, drafts), total: drafts.length, expected }
  }

  test(`${HOLDERS + NEWCOMERS} grant operations, ${KILLS} kills: each grant exactly once`, async () => {
    const started = Date.now()
    const { planId, total, expected } = await grantPlan()
    const from = stensul.state.memberChanges.length
    const changes = () => stensul.state.memberChanges.length - from
    const random = seededRandom(database.dialect === 'sqlite' ? 21 : 22)
    const workers = database.dialect === 'postgres' ? 2 : 1
    const killedAt: number[] = []
    for (let kill = 0; kill < KILLS; kill++) {
      const children = Array.from({ length: workers }, () => applyChild(config, planId))
      const before = changes()
      // Kill once this round has changed some membership: somewhere in the next 0.2–1.2 s.
      while (changes() === before) await delay(20)
      await delay(200 + Math.floor(random() * 1000))
      for (const child of children) child.process.kill('SIGKILL')
      await Promise.all(children.map((c) => c.exited))
      killedAt.push(changes())
    }
    const all = expected.length + 2 * NEWCOMERS
    assert.ok((killedAt.at(-1) ?? 0) < all, 'the kills happened before the end')
    const finals = Array.from({ length: workers }, () => applyChild(config, planId))
    const codes = await Promise.all(finals.map((c) => c.exited))
    assert.deepEqual(
      codes,
      finals.map(() => 0),
      finals.map((c) => c.stdout).join('\n'),
    )
    const result = JSON.parse(finals[0]?.stdout.trim().split('\n').at(-1) ?? '{}')
    assert.equal(result.status, 'applied', finals[0]?.stdout)
    assert.equal(result.applied, total)
    assert.equal(result.failed, 0)

    const log = stensul.state.memberChanges
      .slice(from)
      .map((c) => `${c.change} ${c.groupId} ${c.userId}`)
    const newcomers = [...stensul.state.users.values()].filter((u) =>
      String(u.resource.userName).startsWith('newcomer'),
    )
    const want = [
      ...expected,
      ...newcomers.flatMap((u) => [`add role-creator ${u.id}`, `add role-reviewer ${u.id}`]),
    ]
    const twice = repeated(log)
    const missing = want.filter((line) => !log.includes(line))
    process.stderr.write(
      `grant crash test [${database.dialect}]: ${total} ops, ${KILLS} kills at ${killedAt.join('/')} changes, ${workers} process(es); ` +
        `${log.length} membership changes, repeated ${twice.length}, missing ${missing.length}, ${Date.now() - started} ms\n`,
    )
    assert.equal(newcomers.length, NEWCOMERS)
    assert.equal(stensul.state.duplicates(), 0, 'no account created twice')
    assert.deepEqual(twice, [])
    assert.deepEqual(missing, [])
    assert.deepEqual(log.sort(), want.sort())
    for (const r of stensul.roles)
      assert.equal(new Set(r.memberIds).size, r.memberIds.length, `${r.displayName}: once each`)
  })
})

function applyChild(config: string, planId: string): Child {
  const child = spawn(
    process.execPath,
    [BIN, 'apply', planId, '--wait', '--json', '--config', config],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } },
  )
  const state: Child = {
    process: child,
    stdout: '',
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  }
  child.stdout?.on('data', (chunk: Buffer) => {
    state.stdout += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    state.stdout += chunk.toString()
  })
  return state
}

/** The same database from another process: on PostgreSQL, the test's schema as search_path. */
function childUrl(url: string, schema: string | undefined): string {
  if (!schema) return url
  const separator = url.includes('?') ? '&' : '?'
  return `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`
}
